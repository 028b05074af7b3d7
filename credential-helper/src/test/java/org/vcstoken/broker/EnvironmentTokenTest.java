package org.vcstoken.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vcstoken.env.Environment;
import org.vcstoken.git.GitCredentialMain;
import org.vcstoken.testing.MutableClock;

/** VCSTOKEN_TOKEN goes only to requests under VCSTOKEN_URL, and is never stored or printed. */
class EnvironmentTokenTest {
    static final String TOKEN = "e7e7e70000000000000000000000000000e7e7e7";

    @TempDir
    Path dir;
    Map<String, String> vars = new HashMap<>();
    MutableClock clock = MutableClock.at("2026-11-27T12:00:00Z");

    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void setUp() {
        vars.put("VCSTOKEN_HOME", dir.resolve("state").toString());
        vars.put("HOME", dir.toString());
        vars.put("VCSTOKEN_TOKEN", TOKEN);
        vars.put("VCSTOKEN_URL", "https://code.example.com/team");
        vars.put("VCSTOKEN_USERNAME", "ci-bot");
    }

    Run helper(String action, String input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = GitCredentialMain.run(new String[] {action},
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new Environment(vars), FileSystems.getDefault(), clock);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aRequestUnderTheUrlGetsTheEnvironmentTokenAsTheGivenUser() {
        Run r = helper("get", "protocol=https\nhost=code.example.com\npath=team/app.git\n\n");

        assertThat(r.out()).isEqualTo("username=ci-bot\npassword=" + TOKEN + "\n");
        assertThat(r.err()).doesNotContain(TOKEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "protocol=https\nhost=evil.example.org\npath=team/app\n\n",
        "protocol=https\nhost=code.example.com.evil.org\npath=team/app\n\n",
        "protocol=https\nhost=code.example.com:8443\npath=team/app\n\n",
        "protocol=http\nhost=code.example.com\npath=team/app\n\n",
        "protocol=https\nhost=code.example.com\npath=teamwork/app\n\n",
        "protocol=https\nhost=code.example.com\npath=other/app\n\n",
        "protocol=https\nhost=code.example.com\n\n",
        "protocol=https\nhost=code.example.com\npath=team/app\nusername=mallory\n\n",
        "protocol=https\nhost=code.example.com\npath=team/../secret\n\n",
    })
    void anyOtherRequestGetsNothingFromIt(String request) {
        Run r = helper("get", request);

        assertThat(r.out()).doesNotContain(TOKEN);
        assertThat(r.err()).doesNotContain(TOKEN);
    }

    @Test
    void inCiARequestToTheSameServerOutsideTheUrlStopsGitWithOneLineInsteadOfLettingItPrompt() {
        vars.put("CI", "true");

        Run other = helper("get", "protocol=https\nhost=code.example.com\npath=other/app\n\n");
        Run elsewhere = helper("get", "protocol=https\nhost=evil.example.org\npath=team/app\n\n");

        assertThat(other.out()).isEqualTo("quit=1\n");
        assertThat(other.err()).startsWith("vcstoken: error: VCSTOKEN_TOKEN is not for this request (request path "
                + "other/app is not under VCSTOKEN_URL's team)").contains("set VCSTOKEN_URL to a prefix")
                .doesNotContain(TOKEN);
        assertThat(elsewhere.out()).as("another server is none of the job's business").isEmpty();
        vars.remove("CI");
        assertThat(helper("get", "protocol=https\nhost=code.example.com\npath=other/app\n\n").out())
                .as("outside CI git may still ask the person").isEmpty();
    }

    @Test
    void gitsStoreAndEraseNeverWriteItToTheStore() throws Exception {
        vars.put("VCSTOKEN_TRACE", dir.resolve("trace.log").toString());
        helper("store", "protocol=https\nhost=code.example.com\npath=team/app\nusername=ci-bot\npassword=" + TOKEN + "\n\n");
        Run erase = helper("erase", "protocol=https\nhost=code.example.com\npath=team/app\nusername=ci-bot\npassword="
                + TOKEN + "\n\n");

        assertThat(Files.exists(dir.resolve("state/store.json"))).isFalse();
        assertThat(erase.err()).contains("refused VCSTOKEN_TOKEN").doesNotContain(TOKEN);
        assertThat(Files.readString(dir.resolve("trace.log"))).doesNotContain(TOKEN).contains("environment token");
    }

    @Test
    void aTokenWithoutUrlIsIgnoredWithAWarning() {
        vars.remove("VCSTOKEN_URL");

        Run r = helper("get", "protocol=https\nhost=code.example.com\npath=team/app\n\n");

        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("VCSTOKEN_URL").doesNotContain(TOKEN);
    }

    @Test
    void plainHttpToARemoteHostIsRefusedButLoopbackWorks() {
        vars.put("VCSTOKEN_URL", "http://code.example.com/team");
        assertThat(helper("get", "protocol=http\nhost=code.example.com\npath=team/app\n\n").out()).isEmpty();

        vars.put("VCSTOKEN_URL", "http://127.0.0.1:8080/team");
        assertThat(helper("get", "protocol=http\nhost=127.0.0.1:8080\npath=team/app\n\n").out()).contains(TOKEN);
    }
}
