package org.vcstoken.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.testing.Proc;

/**
 * install.sh writes the prefix and the java path into shell launchers. Whatever a directory is
 * called, the launchers must run from it and never read part of its name as shell syntax; a prefix
 * the JVM's class path cannot hold is refused before anything is written.
 */
class InstallPathsIT {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void launchersRunFromAPrefixFullOfShellSyntaxAndRunNoneOfIt() throws Exception {
        Path prefix = dir.resolve("it's $(touch SUBSTITUTED) `touch BACKQUOTED` \"q\" back\\slash");
        Map<String, String> env = env();
        // The installing user's vcstoken settings must not reach the training runs (a keyring back
        // end would get their tokens); a trace file shows whether they did.
        Map<String, String> installing = new java.util.HashMap<>(env);
        installing.put("VCSTOKEN_TRACE", dir.resolve("trace.log").toString());
        Proc.Result install = Proc.run(List.of(ROOT.resolve("install/install.sh").toString(), "--no-build", "--prefix",
                prefix.toString()), installing, dir, null, Duration.ofMinutes(3));
        assertThat(install.exit()).as(install.toString()).isZero();
        assertThat(dir.resolve("trace.log")).as("no training run used the installer's VCSTOKEN_ settings").doesNotExist();

        String launcher = Files.readString(prefix.resolve("bin/vcstoken"));
        assertThat(launcher).contains("LIB='" + dir + "/it'\\''s $(touch SUBSTITUTED)");

        Proc.Result add = Proc.run(List.of(prefix.resolve("bin/vcstoken").toString(), "token", "add",
                "https://paths.example.test", "--user", "u"), env, dir, "2".repeat(40) + "\n", Duration.ofMinutes(1));
        assertThat(add.exit()).as(add.toString()).isZero();
        Proc.Result get = Proc.run(List.of(prefix.resolve("bin/git-credential-vcstoken").toString(), "get"), env, dir,
                "protocol=https\nhost=paths.example.test\n\n", Duration.ofMinutes(1));
        assertThat(get.exit()).as(get.toString()).isZero();
        assertThat(get.out()).contains("username=u\n", "password=" + "2".repeat(40) + "\n");
        Proc.Result doctor = Proc.run(List.of(prefix.resolve("bin/vcstoken").toString(), "doctor"), env, dir, null,
                Duration.ofMinutes(1));
        assertThat(doctor.out()).contains("start-up archives: made for JDK");

        Proc.Result uninstall = Proc.run(List.of(prefix.resolve("bin/vcstoken-uninstall").toString()), env, dir, null,
                Duration.ofMinutes(1));
        assertThat(uninstall.exit()).as(uninstall.toString()).isZero();
        assertThat(prefix.resolve("bin/vcstoken")).doesNotExist();
        assertThat(prefix.resolve("lib/vcstoken")).doesNotExist();

        try (var found = Files.walk(dir)) {
            assertThat(found.map(p -> p.getFileName().toString()))
                    .as("no part of the prefix ran as a command")
                    .doesNotContain("SUBSTITUTED", "BACKQUOTED");
        }
    }

    @Test
    void aPrefixTheClassPathCannotHoldIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path prefix = dir.resolve("a:b");
        Proc.Result install = Proc.run(List.of(ROOT.resolve("install/install.sh").toString(), "--no-build", "--prefix",
                prefix.toString()), env(), dir, null, Duration.ofMinutes(1));
        assertThat(install.exit()).isEqualTo(2);
        assertThat(install.err()).contains("install.sh: error: the prefix must not contain ':'", prefix.toString());
        assertThat(prefix).doesNotExist();
    }

    private Map<String, String> env() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", Files.createDirectories(dir.resolve("home")).toString());
        env.put("VCSTOKEN_HOME", dir.resolve("state").toString());
        env.put("LANG", "C.UTF-8");
        if (System.getenv("JAVA_HOME") != null) {
            env.put("JAVA_HOME", System.getenv("JAVA_HOME"));
        }
        return env;
    }
}
