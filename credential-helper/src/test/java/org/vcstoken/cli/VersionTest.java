package org.vcstoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.env.Environment;

/** {@code vcstoken --version} names the root pom's version and the commit the build came from. */
class VersionTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void versionPrintsThePomsVersionTheCommitAndTheRuntime() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        int exit = VcstokenMain.run(new String[] {"--version"}, new ByteArrayInputStream(new byte[0]), ps, ps,
                new Environment(Map.of("VCSTOKEN_HOME", dir.toString())), FileSystems.getDefault(), Clock.systemUTC());

        assertThat(exit).isZero();
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).isEqualTo("vcstoken " + rootPomVersion() + ", commit " + expectedCommit());
        assertThat(lines[1]).startsWith("Java " + Runtime.version() + " (");
    }

    /** The parent's own version: the first {@code <version>} after its artifactId. */
    private static String rootPomVersion() throws Exception {
        Matcher m = Pattern.compile("<artifactId>vcstoken-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(m.find()).as("the root pom names its version").isTrue();
        return m.group(1);
    }

    /** What the build must have recorded: git's HEAD in a checkout, else "unknown". */
    private static String expectedCommit() throws Exception {
        if (!Files.exists(ROOT.resolve(".git"))) {
            return "unknown";
        }
        Process p = new ProcessBuilder("git", "rev-parse", "HEAD").directory(ROOT.toFile()).start();
        String head = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as("git rev-parse HEAD in " + ROOT).isZero();
        String recorded = BuildVersion.read().getProperty("commit");
        // Uncommitted changes at build time are marked; the commit is the same.
        assertThat(recorded).as("the commit recorded by the build").matches(Pattern.quote(head) + "(-dirty)?");
        return recorded;
    }
}
