package org.vcstoken.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.sandbox.IssuedToken;
import org.vcstoken.sandbox.Sandbox;
import org.vcstoken.testing.Sandboxes;
import org.vcstoken.testing.Proc;
import org.vcstoken.testing.TestInstall;

/**
 * {@code vcstoken clone} as a CI job runs it: a separate process whose PATH has java and nothing
 * else, so a clone that needed the git binary would fail; the exit code tells a pipeline why.
 */
class CloneCommandEndToEndTest {
    @TempDir
    Path dir;
    Sandbox sandbox;
    TestInstall install;
    String url;

    @BeforeEach
    void setUp() throws Exception {
        sandbox = Sandboxes.start(dir);
        url = sandbox.url().toString();
        sandbox.createUser("alice", "alice-account-password");
        sandbox.createRepo("team/app", "git", "alice");
        seed();
        install = TestInstall.in(dir.resolve("client"));
        Path javaOnly = Files.createDirectories(dir.resolve("java-only-bin"));
        Files.createSymbolicLink(javaOnly.resolve("java"),
                Path.of(ProcessHandle.current().info().command().orElseThrow()));
        install.with("PATH", javaOnly.toString()).with("CI", "true");
    }

    @AfterEach
    void tearDown() throws Exception {
        sandbox.close();
        // Removed here so that JUnit's clean-up does not warn about a link leaving the temp dir.
        Files.deleteIfExists(dir.resolve("java-only-bin/java"));
    }

    /** Two commits on master and one on a branch, pushed with JGit (no git binary here either). */
    private void seed() throws Exception {
        IssuedToken setup = sandbox.addToken("alice", "token_role_vcs", -1, "setup", null);
        Path seed = dir.resolve("seed");
        var creds = new UsernamePasswordCredentialsProvider("alice", setup.token());
        try (Git git = Git.init().setDirectory(seed.toFile()).setInitialBranch("master").call()) {
            for (String name : new String[] {"one", "two"}) {
                Files.writeString(seed.resolve(name), name + "\n");
                git.add().addFilepattern(name).call();
                git.commit().setMessage(name).setAuthor("Alice", "a@example.test").setCommitter("Alice", "a@example.test")
                        .call();
            }
            git.branchCreate().setName("feature").call();
            git.checkout().setName("feature").call();
            Files.writeString(seed.resolve("feature"), "on the branch\n");
            git.add().addFilepattern("feature").call();
            git.commit().setMessage("feature").setAuthor("Alice", "a@example.test").setCommitter("Alice", "a@example.test")
                    .call();
            git.push().setRemote(url + "/team/app").add("master").add("feature").setCredentialsProvider(creds).call();
        }
        sandbox.deleteToken(setup.id());
    }

    @Test
    void clonesWithAStoredTokenWithoutAGitBinaryAndConfirmsTheToken() throws Exception {
        IssuedToken token = sandbox.addToken("alice", "token_role_vcs", 60, "ci", "team/app");
        install.addToken(url + "/team/app", "alice", token.token());
        assertThat(Proc.run(java.util.List.of("/bin/sh", "-c", "command -v git || echo no-git"), install.env(), dir, null,
                Duration.ofSeconds(10)).out()).as("the PATH really has no git").contains("no-git");

        Proc.Result clone = install.vcstoken("", "clone", url + "/team/app", dir.resolve("app").toString());

        assertThat(clone.exit()).as(clone.toString()).isZero();
        assertThat(clone.out()).contains("cloned " + url + "/team/app");
        assertThat(clone.err()).as("plain progress lines, no carriage returns off a terminal").doesNotContain("\r")
                .contains("Receiving objects: ", ", done.")
                .doesNotContain(token.token())
                .as("no logging-library noise").doesNotContain("SLF4J");
        assertThat(dir.resolve("app/two")).hasContent("two");
        assertThat(install.vcstoken("", "token", "list", "--json").out()).contains("\"confirmed\" : \"20")
                .doesNotContain("\"confirmed\" : null");

        Proc.Result quiet = install.vcstoken("", "clone", "-q", url + "/team/app", dir.resolve("quiet").toString());
        assertThat(quiet.exit()).as(quiet.toString()).isZero();
        assertThat(quiet.err()).as("--quiet: no progress at all").isEmpty();
        assertThat(dir.resolve("quiet/two")).hasContent("two");
        // On a machine where JGit never ran (a CI job's), JGit would spend ~3 s measuring the file
        // system's timestamps, then save the result there.
        assertThat(install.home().resolve(".config/jgit/config")).as("JGit measured nothing").doesNotExist();
    }

    @Test
    void branchAndDepthAreHonouredAndTheDefaultDirectoryIsTheRepositoryName() throws Exception {
        IssuedToken token = sandbox.addToken("alice", "token_role_vcs", 60, "ci", null);
        install.addToken(url, "alice", token.token());

        Proc.Result clone = install.vcstoken("", "clone", url + "/team/app.git", "--branch", "feature", "--depth", "1");

        assertThat(clone.exit()).as(clone.toString()).isZero();
        Path app = install.root().resolve("app");
        assertThat(app.resolve("feature")).hasContent("on the branch");
        try (Git git = Git.open(app.toFile())) {
            assertThat(git.log().call()).as("depth 1: only the tip").hasSize(1);
            assertThat(git.getRepository().getBranch()).isEqualTo("feature");
        }
    }

    @Test
    void noUsableTokenInCiExitsThreeAtOnceWithOneErrorLineAndNoStackTrace() throws Exception {
        install.vcstoken("", "server", "add", url, "--user", "alice");

        Proc.Result clone = install.vcstoken("", "clone", url + "/team/app", dir.resolve("app").toString());

        assertThat(clone.exit()).as(clone.toString()).isEqualTo(3);
        assertThat(clone.err()).contains("vcstoken: error: no usable token for " + url + " repository team/app",
                "vcstoken: error: clone of " + url + "/team/app: authentication failed").doesNotContain("\tat ");
        assertThat(clone.err()).as("the reason is what was set: CI=true, not a flag that was never given")
                .contains("prompting is off (CI=true)").doesNotContain("--non-interactive");
    }

    @Test
    void aRefusedTokenExitsThreeAndIsMarkedRejected() throws Exception {
        IssuedToken token = sandbox.addToken("alice", "token_role_vcs", 60, "ci", "team/app");
        String id = install.addToken(url + "/team/app", "alice", token.token());
        sandbox.deleteToken(token.id());

        Proc.Result clone = install.vcstoken("", "clone", url + "/team/app", dir.resolve("app").toString());

        assertThat(clone.exit()).as(clone.toString()).isEqualTo(3);
        assertThat(install.vcstoken("", "token", "list", "--json").out())
                .containsPattern("\"id\" : \"" + id + "\"[^}]*\"state\" : \"rejected\"");
    }

    @Test
    void anUnknownRepositoryExitsFour() throws Exception {
        Proc.Result clone = install.vcstoken("", "clone", url + "/team/missing", dir.resolve("m").toString());

        assertThat(clone.exit()).as(clone.toString()).isEqualTo(4);
        assertThat(clone.err()).contains("vcstoken: error: clone of " + url + "/team/missing: not found")
                .doesNotContain("\tat ");
    }

    @Test
    void anUnreachableServerExitsFive() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }

        Proc.Result clone = install.vcstoken("", "clone", "http://127.0.0.1:" + port + "/team/app",
                dir.resolve("x").toString());

        assertThat(clone.exit()).as(clone.toString()).isEqualTo(5);
        assertThat(clone.err()).contains("the server cannot be reached").doesNotContain("\tat ");
    }

    @Test
    void aNonEmptyDestinationOrAPasswordInTheUrlExitsOneWithoutTouchingAnything() throws Exception {
        Files.createDirectories(dir.resolve("busy"));
        Files.writeString(dir.resolve("busy/file"), "mine\n");

        Proc.Result busy = install.vcstoken("", "clone", url + "/team/app", dir.resolve("busy").toString());
        Proc.Result secret = install.vcstoken("", "clone", "http://alice:s3cret@127.0.0.1:1/team/app",
                dir.resolve("y").toString());

        assertThat(busy.exit()).isEqualTo(1);
        assertThat(busy.err()).contains("already exists and is not empty");
        assertThat(dir.resolve("busy/file")).hasContent("mine");
        assertThat(secret.exit()).isEqualTo(1);
        assertThat(secret.err()).contains("never put secrets in URLs").doesNotContain("s3cret");
    }

    @Test
    void helpDocumentsTheExitCodes() throws Exception {
        Proc.Result help = install.vcstoken("", "clone", "--help");

        assertThat(help.out()).contains("3  authentication: no usable token", "4  repository or branch not found",
                "5  network");
    }
}
