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
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.env.Environment;
import org.vcstoken.testing.Proc;
import org.vcstoken.testing.Tools;

/** {@code vcstoken env --ci}: the lines, their quoting as a shell and git read them, and no file touched. */
class EnvCommandTest {
    @TempDir
    Path dir;
    final Map<String, String> vars = new HashMap<>();

    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void setUp() {
        vars.put("VCSTOKEN_HOME", dir.resolve("state").toString());
        vars.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = VcstokenMain.run(args, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new Environment(vars), FileSystems.getDefault(), Clock.systemUTC());
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void enablesTheHelperForEachServerAndForVcstokenUrlsServer() {
        assertThat(run("server", "add", "https://code.example.com", "--user", "alice").exit()).isZero();
        vars.put("VCSTOKEN_URL", "https://ci.example.org:8443/group/repo");
        vars.put("VCSTOKEN_GIT_HELPER", "/opt/vcstoken/bin/git-credential-vcstoken");

        Run env = run("env", "--ci");

        assertThat(env.exit()).as(env.err()).isZero();
        assertThat(env.out()).isEqualTo(String.join("\n",
                "export GIT_CONFIG_COUNT=6",
                "export GIT_CONFIG_KEY_0='credential.https://code.example.com.helper'",
                "export GIT_CONFIG_VALUE_0=''",
                "export GIT_CONFIG_KEY_1='credential.https://code.example.com.helper'",
                "export GIT_CONFIG_VALUE_1='/opt/vcstoken/bin/git-credential-vcstoken'",
                "export GIT_CONFIG_KEY_2='credential.https://code.example.com.useHttpPath'",
                "export GIT_CONFIG_VALUE_2='true'",
                "export GIT_CONFIG_KEY_3='credential.https://ci.example.org:8443.helper'",
                "export GIT_CONFIG_VALUE_3=''",
                "export GIT_CONFIG_KEY_4='credential.https://ci.example.org:8443.helper'",
                "export GIT_CONFIG_VALUE_4='/opt/vcstoken/bin/git-credential-vcstoken'",
                "export GIT_CONFIG_KEY_5='credential.https://ci.example.org:8443.useHttpPath'",
                "export GIT_CONFIG_VALUE_5='true'", ""));
    }

    @Test
    void withoutAnInstalledLauncherGitRunsGitCredentialVcstokenFromPath() {
        vars.put("VCSTOKEN_URL", "https://ci.example.org/group/repo");

        Run env = run("env", "--ci");

        assertThat(env.out()).contains("export GIT_CONFIG_VALUE_1='vcstoken'\n");
    }

    @Test
    void keepsEntriesAlreadyCountedInGitConfigCount() {
        vars.put("VCSTOKEN_URL", "https://ci.example.org");
        vars.put("GIT_CONFIG_COUNT", "2");

        Run env = run("env", "--ci");

        assertThat(env.out()).startsWith("export GIT_CONFIG_COUNT=5\nexport GIT_CONFIG_KEY_2=")
                .contains("GIT_CONFIG_KEY_4=").doesNotContain("GIT_CONFIG_KEY_0=", "GIT_CONFIG_KEY_5=");
    }

    @Test
    void touchesNoFileAndNeverPrintsTheToken() {
        vars.put("VCSTOKEN_URL", "https://ci.example.org/group/repo");
        vars.put("VCSTOKEN_TOKEN", "0123456789abcdef0123456789abcdef01234567");

        Run env = run("env", "--ci");

        assertThat(env.exit()).isZero();
        assertThat(env.out()).contains("export GIT_CONFIG_KEY_0='credential.https://ci.example.org.helper'");
        assertThat(env.out() + env.err()).doesNotContain("0123456789abcdef0123456789abcdef01234567");
        assertThat(dir.resolve("state")).doesNotExist();
    }

    @Test
    void withNothingToEnableItSaysWhatToSet() {
        Run env = run("env", "--ci");

        assertThat(env.exit()).isEqualTo(1);
        assertThat(env.err()).contains("vcstoken: error: no server to enable: set VCSTOKEN_URL");
    }

    @Test
    void aBadGitConfigCountIsAnErrorNotAnOverwrite() {
        vars.put("VCSTOKEN_URL", "https://ci.example.org");
        vars.put("GIT_CONFIG_COUNT", "two");

        Run env = run("env", "--ci");

        assertThat(env.exit()).isEqualTo(1);
        assertThat(env.err()).contains("GIT_CONFIG_COUNT is 'two'");
    }

    @Test
    void aHelperPathWithSpacesAndQuotesSurvivesTheShellAndGitsOwnShell() throws Exception {
        Tools.require("git");
        Path odd = Files.createDirectories(dir.resolve("it's a dir"));
        Path helper = odd.resolve("helper");
        Files.writeString(helper, "#!/bin/sh\necho username=ci-bot\necho password=from-odd-helper\n");
        helper.toFile().setExecutable(true);
        vars.put("VCSTOKEN_URL", "https://ci.example.org");
        vars.put("VCSTOKEN_GIT_HELPER", helper.toString());
        Path lines = dir.resolve("env.sh");
        Files.writeString(lines, run("env", "--ci").out());
        Map<String, String> env = Map.of("PATH", vars.get("PATH"), "HOME", dir.toString(), "GIT_CONFIG_NOSYSTEM", "1",
                "GIT_CONFIG_GLOBAL", dir.resolve("none").toString(), "GIT_TERMINAL_PROMPT", "0");

        Proc.Result fill = Proc.run(List.of("/bin/sh", "-c", ". \"$1\" && printf 'url=https://ci.example.org/x\\n\\n' "
                + "| git credential fill", "sh", lines.toString()), env, dir, null, Duration.ofSeconds(30));

        assertThat(fill.exit()).as(fill.toString()).isZero();
        assertThat(fill.out()).contains("password=from-odd-helper");
    }
}
