package org.vcstoken.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.sandbox.IssuedToken;
import org.vcstoken.sandbox.Sandbox;
import org.vcstoken.testing.Sandboxes;
import org.vcstoken.testing.Proc;
import org.vcstoken.testing.TestInstall;
import org.vcstoken.testing.Tools;

/**
 * Real git clone, push and fetch through the helper against the RhodeCode-compatible sandbox,
 * which accepts a token only as RhodeCode does (owner's name, role, scope, expiry).
 */
class GitEndToEndTest {
    @TempDir
    Path dir;
    Sandbox sandbox;
    TestInstall install;
    String url;

    @BeforeAll
    static void needsGit() {
        Tools.require("git");
    }

    @BeforeEach
    void setUp() throws Exception {
        sandbox = Sandboxes.start(dir);
        url = sandbox.url().toString();
        sandbox.createUser("alice", "alice-account-password");
        sandbox.createRepo("team/app", "git", "alice");
        sandbox.createRepo("team/lib", "git", "alice");
        install = TestInstall.in(dir.resolve("client"));
        install.with("GIT_AUTHOR_NAME", "Alice").with("GIT_AUTHOR_EMAIL", "alice@example.test")
                .with("GIT_COMMITTER_NAME", "Alice").with("GIT_COMMITTER_EMAIL", "alice@example.test");
        install.vcstoken("", "server", "add", url, "--user", "alice");
        Proc.Result configured = install.vcstoken("", "configure", "--git");
        assertThat(configured.exit()).as(configured.toString()).isZero();
    }

    @AfterEach
    void tearDown() {
        sandbox.close();
    }

    private Proc.Result git(Path cwd, String... args) throws Exception {
        return install.git(cwd, null, args);
    }

    @Test
    void theRepositoryTokenClonesAndPushesItsRepositoryAndTheServerWideTokenTheOther() throws Exception {
        IssuedToken appOnly = sandbox.addToken("alice", "token_role_vcs", 60, "app", "team/app");
        IssuedToken wide = sandbox.addToken("alice", "token_role_vcs", -1, "wide", null);
        install.addToken(url + "/team/app", "alice", appOnly.token(), "--lifetime", "1h");
        install.addToken(url, "alice", wide.token());
        install.with("VCSTOKEN_TRACE", dir.resolve("trace.log").toString());

        Proc.Result cloneApp = git(dir, "clone", url + "/team/app", "app");
        Files.writeString(dir.resolve("app/README"), "hello\n");
        git(dir.resolve("app"), "add", "README");
        git(dir.resolve("app"), "commit", "-m", "first");
        Proc.Result push = git(dir.resolve("app"), "push", "origin", "HEAD");
        Proc.Result cloneLib = git(dir, "clone", url + "/team/lib", "lib");

        assertThat(cloneApp.exit()).as(cloneApp.toString()).isZero();
        assertThat(push.exit()).as(push.toString()).isZero();
        assertThat(cloneLib.exit()).as(cloneLib.toString()).isZero();
        String trace = Files.readString(dir.resolve("trace.log"));
        assertThat(trace).contains("repo 'team/app'", "(repo team/app)", "repo 'team/lib'", "(server-wide)")
                .doesNotContain(appOnly.token()).doesNotContain(wide.token());
        assertThat(git(dir, "ls-remote", url + "/team/app").out()).contains("refs/heads/");
    }

    @Test
    void aTokenRevokedOnTheServerIsErasedByGitAndTheNextRunUsesTheNextCandidate() throws Exception {
        IssuedToken appOnly = sandbox.addToken("alice", "token_role_vcs", 60, "app", "team/app");
        IssuedToken wide = sandbox.addToken("alice", "token_role_vcs", -1, "wide", null);
        String appId = install.addToken(url + "/team/app", "alice", appOnly.token(), "--lifetime", "1h");
        install.addToken(url, "alice", wide.token());
        assertThat(git(dir, "clone", url + "/team/app", "app").exit()).isZero();

        sandbox.deleteToken(appOnly.id());
        Proc.Result failed = git(dir.resolve("app"), "fetch");
        Proc.Result next = git(dir.resolve("app"), "fetch");

        assertThat(failed.exit()).as("git does not retry within one command").isNotZero();
        assertThat(failed.err()).contains("Authentication failed");
        assertThat(next.exit()).as(next.toString()).isZero();
        String list = install.vcstoken("", "token", "list").out();
        assertThat(list.lines().filter(l -> l.startsWith(appId)).findFirst().orElseThrow()).endsWith("rejected");
    }

    @Test
    void aTokenOfAnotherUserOrWithoutScopeForTheRepoIsNeverSent() throws Exception {
        sandbox.createUser("bob", "bob-password");
        IssuedToken bobs = sandbox.addToken("bob", "token_role_vcs", -1, "bob", null);
        IssuedToken libOnly = sandbox.addToken("alice", "token_role_vcs", -1, "lib", "team/lib");
        String libId = install.addToken(url + "/team/lib", "alice", libOnly.token());
        String bobsId = install.addToken(url, "bob", bobs.token());
        install.with("VCSTOKEN_TRACE", dir.resolve("trace.log").toString());

        Proc.Result clone = git(dir, "clone", "http://alice@" + url.substring("http://".length()) + "/team/app", "app");

        assertThat(clone.exit()).as("alice has no token for team/app and git may not prompt").isNotZero();
        assertThat(clone.err()).as("vcstoken, not a crash or a prompt, ended it")
                .contains("vcstoken: error: no usable token for " + url + " repository team/app")
                .doesNotContain(bobs.token()).doesNotContain(libOnly.token());
        assertThat(Files.readString(dir.resolve("trace.log")))
                .contains("skipped token " + bobsId + ": belongs to user bob, request is for alice")
                .contains("skipped token " + libId + ": scoped to team/lib, request is for team/app")
                .doesNotContain("chose token");
        assertThat(dir.resolve("app")).doesNotExist();
    }
}
