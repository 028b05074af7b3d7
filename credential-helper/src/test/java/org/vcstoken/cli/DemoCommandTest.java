package org.vcstoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.env.Environment;

/** The demo's failure paths: it says what is missing, fails the step, and still cleans up. */
class DemoCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    private Run demo(Map<String, String> vars) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = VcstokenMain.run(new String[] {"demo"}, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new Environment(vars), FileSystems.getDefault(), Clock.systemUTC());
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void outsideAnInstallationItSaysHowToInstall() {
        Run r = demo(Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")));

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("vcstoken: error: the demo runs the installed programs: install with install/install.sh");
    }

    @Test
    void aSandboxThatDoesNotStartFailsStepOneAndTheTemporaryDirectoryIsRemoved() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("prefix/bin"));
        Path sandbox = bin.resolve("vcstoken-sandbox");
        Files.writeString(sandbox, "#!/bin/sh\necho 'sandbox: cannot bind' >&2\nexit 3\n");
        Files.setPosixFilePermissions(sandbox, PosixFilePermissions.fromString("rwx------"));
        Path git = Files.createDirectories(dir.resolve("gitbin")).resolve("git");
        Files.writeString(git, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(git, PosixFilePermissions.fromString("rwx------"));
        Map<String, String> vars = new HashMap<>();
        vars.put("PATH", git.getParent().toString());
        vars.put("VCSTOKEN_PREFIX", dir.resolve("prefix").toString());

        Run r = demo(vars);

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("==> 1. start a RhodeCode-compatible sandbox", "FAILED").doesNotContain("    ok");
        assertThat(r.err()).contains("vcstoken: error: demo step 1 failed: the sandbox did not start",
                "sandbox: cannot bind");
        Matcher tmp = Pattern.compile("sandbox in (\\S+) ").matcher(r.out());
        assertThat(tmp.find()).isTrue();
        assertThat(Path.of(tmp.group(1))).doesNotExist();
    }

    @Test
    void withoutGitItSaysSo() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("prefix/bin"));
        Files.writeString(bin.resolve("vcstoken-sandbox"), "#!/bin/sh\nexit 3\n");
        Files.setPosixFilePermissions(bin.resolve("vcstoken-sandbox"), PosixFilePermissions.fromString("rwx------"));

        Run r = demo(Map.of("PATH", dir.resolve("empty").toString(), "VCSTOKEN_PREFIX", dir.resolve("prefix").toString()));

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("git is not on PATH");
    }
}
