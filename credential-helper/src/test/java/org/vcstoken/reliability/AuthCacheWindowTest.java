package org.vcstoken.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.sandbox.IssuedToken;
import org.vcstoken.sandbox.Sandbox;
import org.vcstoken.sandbox.SandboxOptions;
import org.vcstoken.testing.Proc;
import org.vcstoken.testing.TestInstall;
import org.vcstoken.testing.Tools;

/**
 * RhodeCode caches a successful authentication for 30 s, so a token deleted on the server keeps
 * working that long. Time is moved with the sandbox clock, never waited for: inside the window git
 * still works and nothing is marked; once it closes, git's erase marks the token rejected and it is
 * never handed out again; an API key sees the deletion at once, window or not.
 */
class AuthCacheWindowTest {
    @TempDir
    Path dir;
    Sandbox sandbox;
    TestInstall install;
    String url;
    IssuedToken token;

    @BeforeEach
    void setUp() throws Exception {
        Tools.require("git");
        sandbox = Sandbox.start(SandboxOptions.defaults(dir.resolve("sandbox")).withAuthCacheTtl(Duration.ofSeconds(30)));
        url = sandbox.url().toString().replaceAll("/$", "");
        sandbox.createUser("alice", "pw-of-alice");
        sandbox.createRepo("grp/app", "git", "alice");
        token = sandbox.addToken("alice", "token_role_vcs", 24 * 60, "laptop", "grp/app");
        install = TestInstall.in(dir.resolve("client"));
        install.with("CI", "true");
        assertThat(install.vcstoken("", "server", "add", url, "--user", "alice").exit()).isZero();
        install.addToken(url + "/grp/app", "alice", token.token());
        assertThat(install.vcstoken("", "configure", "--git").exit()).isZero();
        Proc.Result clone = install.git(dir, null, "clone", url + "/grp/app", "app");
        assertThat(clone.exit()).as(clone.toString()).isZero();
    }

    @AfterEach
    void tearDown() {
        sandbox.close();
    }

    private String list() throws Exception {
        return install.vcstoken("", "token", "list").out();
    }

    @Test
    void aDeletedTokenWorksInsideTheCacheWindowAndIsRejectedForGoodOnceItCloses() throws Exception {
        sandbox.deleteToken(token.id());

        Proc.Result inside = install.git(dir.resolve("app"), null, "fetch");
        assertThat(inside.exit()).as("the server's cache still says yes: %s", inside).isZero();
        assertThat(list()).doesNotContain("rejected");

        sandbox.setTime(sandbox.now().plus(Duration.ofSeconds(31)));
        long start = System.nanoTime();
        Proc.Result after = install.git(dir.resolve("app"), null, "fetch");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
        assertThat(after.exit()).isNotZero();
        assertThat(after.err()).contains("Authentication failed").doesNotContain(token.token());
        assertThat(list()).contains("rejected");
        Proc.Result again = Proc.run(java.util.List.of(install.helper(), "get"), install.env(), dir,
                "protocol=http\nhost=" + sandbox.url().getHost() + ":" + sandbox.url().getPort() + "\npath=grp/app\n\n",
                Duration.ofSeconds(60));
        assertThat(again.out()).as("never handed out again").doesNotContain(token.token()).contains("quit=1");
        assertThat(again.err()).contains("vcstoken: error:").contains("grp/app");
    }

    @Test
    void anApiKeySeesTheDeletionInsideTheWindowAndTokenCheckMarksItAtOnce() throws Exception {
        IssuedToken api = sandbox.addToken("alice", "token_role_api", -1, "api", null);
        Files.writeString(install.home().resolve(".rhoderc"), "[instance:main]\napi_host = " + url + "\napi_key = "
                + api.token() + "\n");
        assertThat(install.vcstoken("", "server", "import-rhoderc").exit()).isZero();
        sandbox.deleteToken(token.id());

        Proc.Result check = install.vcstoken("", "token", "check");

        assertThat(check.out()).as(check.toString()).contains("deleted on the server; marked rejected");
        assertThat(check.out() + check.err()).doesNotContain(token.token(), api.token());
        Proc.Result fetch = install.git(dir.resolve("app"), null, "fetch");
        assertThat(fetch.exit()).as("no rejected token is offered, even though the server would still take it")
                .isNotZero();
        assertThat(fetch.err()).contains("vcstoken: error:");
    }
}
