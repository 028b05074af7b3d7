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

    // GitLab CI: the job token, only for the job's own instance, as gitlab-ci-token.

    static final String JOB_TOKEN = "glcbt-64_jobtokenjobtokenjobtoken";

    private void inGitLabCi() {
        vars.remove("VCSTOKEN_TOKEN");
        vars.remove("VCSTOKEN_URL");
        vars.remove("VCSTOKEN_USERNAME");
        vars.put("GITLAB_CI", "true");
        vars.put("CI", "true");
        vars.put("CI_JOB_TOKEN", JOB_TOKEN);
        vars.put("CI_SERVER_URL", "https://gitlab.example.com");
    }

    @Test
    void inAGitLabCiJobTheJobTokenAnswersForTheJobsOwnServerAsGitlabCiToken() {
        inGitLabCi();

        Run r = helper("get", "protocol=https\nhost=gitlab.example.com\npath=group/project.git\n\n");

        assertThat(r.out()).isEqualTo("username=gitlab-ci-token\npassword=" + JOB_TOKEN + "\n");
        assertThat(r.err()).doesNotContain(JOB_TOKEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "protocol=https\nhost=github.com\npath=group/project\n\n",
        "protocol=https\nhost=gitlab.example.com.evil.org\npath=group/project\n\n",
        "protocol=https\nhost=gitlab.example.com:8443\npath=group/project\n\n",
        "protocol=http\nhost=gitlab.example.com\npath=group/project\n\n",
        "protocol=https\nhost=gitlab.example.com\npath=group/project\nusername=alice\n\n",
    })
    void theJobTokenGoesToNoOtherHostPortSchemeOrUser(String request) {
        inGitLabCi();

        Run r = helper("get", request);

        assertThat(r.out()).doesNotContain(JOB_TOKEN);
        assertThat(r.err()).doesNotContain(JOB_TOKEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://gitlab.example.com", "https://gitlab-ci-token@gitlab.example.com",
        "https://evil.example.org:443@gitlab.example.com", "not a url", "https://gitlab.example.com/../x"})
    void aHostileOrMalformedServerUrlGetsTheJobTokenNowhereAndSaysWhy(String serverUrl) {
        inGitLabCi();
        vars.put("CI_SERVER_URL", serverUrl);

        Run here = helper("get", "protocol=https\nhost=gitlab.example.com\npath=group/project\n\n");
        Run there = helper("get", "protocol=https\nhost=evil.example.org\npath=group/project\n\n");

        assertThat(here.out() + there.out()).doesNotContain(JOB_TOKEN);
        assertThat(here.err()).contains("CI_SERVER_URL").doesNotContain(JOB_TOKEN);
    }

    @Test
    void underARelativeUrlRootOnlyRequestsBelowItGetTheJobToken() {
        inGitLabCi();
        vars.put("CI_SERVER_URL", "https://example.com/gitlab");

        assertThat(helper("get", "protocol=https\nhost=example.com\npath=gitlab/group/project\n\n").out())
                .contains(JOB_TOKEN);
        assertThat(helper("get", "protocol=https\nhost=example.com\npath=other/group/project\n\n").out())
                .doesNotContain(JOB_TOKEN);
    }

    @Test
    void vcstokenTokenWinsOverTheJobToken() {
        vars.put("GITLAB_CI", "true");
        vars.put("CI_JOB_TOKEN", JOB_TOKEN);
        vars.put("CI_SERVER_URL", "https://code.example.com");

        Run r = helper("get", "protocol=https\nhost=code.example.com\npath=team/app\n\n");

        assertThat(r.out()).isEqualTo("username=ci-bot\npassword=" + TOKEN + "\n");
    }

    @Test
    void withoutGitlabCiTheJobTokenIsNotUsed() {
        inGitLabCi();
        vars.remove("GITLAB_CI");

        assertThat(helper("get", "protocol=https\nhost=gitlab.example.com\npath=group/project\n\n").out())
                .doesNotContain(JOB_TOKEN);
    }

    @Test
    void theJobTokenIsNeverStoredAndARefusalNamesIt() throws Exception {
        inGitLabCi();
        vars.put("VCSTOKEN_TRACE", dir.resolve("trace.log").toString());
        String request = "protocol=https\nhost=gitlab.example.com\npath=group/project\nusername=gitlab-ci-token\n"
                + "password=" + JOB_TOKEN + "\n\n";

        helper("store", request);
        Run erase = helper("erase", request);

        assertThat(Files.exists(dir.resolve("state/store.json"))).isFalse();
        assertThat(erase.err()).contains("refused CI_JOB_TOKEN").doesNotContain(JOB_TOKEN);
        assertThat(Files.readString(dir.resolve("trace.log"))).doesNotContain(JOB_TOKEN).contains("CI_JOB_TOKEN");
    }

    @Test
    void inCiAnotherRepositoryOfTheSameServerUnderAUrlRootStopsGitNamingTheJobToken() {
        inGitLabCi();
        vars.put("CI_SERVER_URL", "https://example.com/gitlab");

        Run r = helper("get", "protocol=https\nhost=example.com\npath=elsewhere/project\n\n");

        assertThat(r.out()).isEqualTo("quit=1\n");
        assertThat(r.err()).startsWith("vcstoken: error: CI_JOB_TOKEN is not for this request")
                .contains("CI_SERVER_URL").doesNotContain(JOB_TOKEN);
    }
}
