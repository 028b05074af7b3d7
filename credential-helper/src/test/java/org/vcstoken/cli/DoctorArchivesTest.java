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
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.env.Environment;

/** {@code vcstoken doctor} on the installer's class-data archives and the JDK they were made for. */
class DoctorArchivesTest {
    @TempDir
    Path dir;
    Path prefix;
    Path lib;
    Path jdk;

    @BeforeEach
    void install() throws Exception {
        prefix = dir.resolve("prefix");
        lib = Files.createDirectories(prefix.resolve("lib/vcstoken"));
        jdk = Files.createDirectories(dir.resolve("jdk/bin")).getParent();
        Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_RUNTIME_VERSION=\"17.0.15+6-test\"\n");
        Files.writeString(lib.resolve("archive-build"), "java=" + jdk.resolve("bin/java")
                + "\nJAVA_RUNTIME_VERSION=\"17.0.15+6-test\"\n");
        Files.writeString(lib.resolve("helper.jsa"), "");
    }

    private String check(boolean installed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, String> vars = new HashMap<>(Map.of("HOME", dir.toString(), "VCSTOKEN_HOME", dir.resolve("state").toString()));
        if (installed) {
            vars.put("VCSTOKEN_PREFIX", prefix.toString());
        }
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        CliContext ctx = new CliContext(new Environment(vars), FileSystems.getDefault(), Clock.systemUTC(),
                new ByteArrayInputStream(new byte[0]), ps, ps);
        new DoctorCommand(ctx).checkStartupArchives();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void archivesMadeForTheJdkInUsePass() {
        assertThat(check(true)).isEqualTo("ok   start-up archives: made for JDK 17.0.15+6-test, the JDK in use\n");
    }

    @Test
    void aJdkUpdateIsReportedWithTheReinstallCommand() throws Exception {
        Files.writeString(jdk.resolve("release"), "JAVA_RUNTIME_VERSION=\"17.0.16+8-test\"\n");
        assertThat(check(true)).startsWith("FAIL start-up archives: made for JDK 17.0.15+6-test, but "
                + jdk.resolve("bin/java") + " is now JDK 17.0.16+8-test; the launchers run without them, slower\n")
                .contains("fix: reinstall to rebuild them: install/install.sh --prefix " + prefix);
        Files.delete(jdk.resolve("release"));
        assertThat(check(true)).contains("is now unknown or gone");
    }

    @Test
    void missingArchivesOrRecordAreReported() throws Exception {
        Files.delete(lib.resolve("helper.jsa"));
        assertThat(check(true)).startsWith("FAIL start-up archives: none in " + lib);
        Files.delete(lib.resolve("archive-build"));
        assertThat(check(true)).startsWith("FAIL start-up archives: " + lib.resolve("archive-build") + " is missing");
    }

    @Test
    void withoutAnInstalledLauncherThereIsNothingToCheck() {
        assertThat(check(false)).isEmpty();
    }
}
