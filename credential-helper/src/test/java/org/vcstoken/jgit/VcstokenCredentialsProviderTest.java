package org.vcstoken.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.transport.ChainingCredentialsProvider;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.cli.VcstokenMain;
import org.vcstoken.env.Environment;
import org.vcstoken.messages.SvnMessages;
import org.vcstoken.sandbox.IssuedToken;
import org.vcstoken.sandbox.Sandbox;
import org.vcstoken.testing.Sandboxes;

/** JGit clone, push and rejection through the provider against the sandbox, in-process. */
class VcstokenCredentialsProviderTest {
    @TempDir
    Path dir;
    Sandbox sandbox;
    String url;
    final Map<String, String> vars = new HashMap<>();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws Exception {
        sandbox = Sandboxes.start(dir);
        url = sandbox.url().toString();
        sandbox.createUser("alice", "alice-account-password");
        sandbox.createRepo("team/app", "git", "alice");
        vars.put("VCSTOKEN_HOME", dir.resolve("state").toString());
        vars.put("HOME", Files.createDirectories(dir.resolve("home")).toString());
        vars.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    }

    @AfterEach
    void tearDown() {
        sandbox.close();
    }

    private String vcstoken(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int exit = VcstokenMain.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8),
                new Environment(vars), FileSystems.getDefault(), Clock.systemUTC());
        assertThat(exit).as(out + "\n" + e).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    private String addToken(String target, String secret) {
        return vcstoken(secret + "\n", "token", "add", target, "--user", "alice").split(" ")[2];
    }

    private VcstokenCredentialsProvider provider() {
        return VcstokenCredentialsProvider.from(new Environment(vars), FileSystems.getDefault(), Clock.systemUTC(),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
    }

    private void seedCommit() throws Exception {
        IssuedToken setup = sandbox.addToken("alice", "token_role_vcs", -1, "setup", null);
        Path seed = dir.resolve("seed");
        try (Git git = Git.init().setDirectory(seed.toFile()).setInitialBranch("master").call()) {
            Files.writeString(seed.resolve("README"), "hello\n");
            git.add().addFilepattern("README").call();
            git.commit().setMessage("first").setAuthor("Alice", "alice@example.test")
                    .setCommitter("Alice", "alice@example.test").call();
            git.push().setRemote(url + "/team/app").add("master")
                    .setCredentialsProvider(new UsernamePasswordCredentialsProvider("alice", setup.token())).call();
        }
        sandbox.deleteToken(setup.id());
    }

    private String tokenList() {
        return vcstoken("", "token", "list", "--json");
    }

    @Test
    void clonesAndPushesWithTheRepositoryTokenAndConfirmsItAfterApproval() throws Exception {
        seedCommit();
        IssuedToken repo = sandbox.addToken("alice", "token_role_vcs", 60, "app", "team/app");
        addToken(url + "/team/app", repo.token());
        VcstokenCredentialsProvider tokens = provider();

        try (Git git = Git.cloneRepository().setURI(url + "/team/app").setDirectory(dir.resolve("app").toFile())
                .setCredentialsProvider(tokens).call()) {
            assertThat(tokens.approveAll()).isEqualTo(1);
            Files.writeString(dir.resolve("app/NEW"), "pushed through JGit\n");
            git.add().addFilepattern("NEW").call();
            git.commit().setMessage("second").setAuthor("Alice", "alice@example.test")
                    .setCommitter("Alice", "alice@example.test").call();
            git.push().setCredentialsProvider(tokens).call();
            assertThat(tokens.approve(new URIish(url + "/team/app"))).isTrue();
        }

        assertThat(dir.resolve("app/README")).hasContent("hello");
        Git.cloneRepository().setURI(url + "/team/app").setDirectory(dir.resolve("check").toFile())
                .setCredentialsProvider(provider()).call().close();
        assertThat(dir.resolve("check/NEW")).hasContent("pushed through JGit");
        assertThat(tokenList()).contains("\"state\" : \"ok\"").doesNotContain("\"confirmed\" : null");
    }

    @Test
    void aTokenDeletedOnTheServerIsMarkedRejectedOnResetAndTheNextCandidateIsUsed() throws Exception {
        seedCommit();
        IssuedToken first = sandbox.addToken("alice", "token_role_vcs", -1, "first", null);
        IssuedToken second = sandbox.addToken("alice", "token_role_vcs", 60, "second", null);
        String firstId = addToken(url, first.token());
        // The second expires, the first never: the first is preferred whatever order the store keeps.
        String secondId = vcstoken(second.token() + "\n", "token", "add", url, "--user", "alice", "--lifetime", "1h")
                .split(" ")[2];
        sandbox.deleteToken(first.id());
        VcstokenCredentialsProvider tokens = provider();

        Git.cloneRepository().setURI(url + "/team/app").setDirectory(dir.resolve("app").toFile())
                .setCredentialsProvider(tokens).call().close();
        tokens.approveAll();

        assertThat(dir.resolve("app/README")).exists();
        String list = tokenList();
        assertThat(list).containsPattern("\"id\" : \"" + firstId + "\"[^}]*\"state\" : \"rejected\"");
        assertThat(list).containsPattern("\"id\" : \"" + secondId + "\"[^}]*\"state\" : \"ok\"[^}]*\"confirmed\" : \"");
    }

    @Test
    void aRefusedEnvironmentTokenIsNeverSentTwiceAndTheCloneFailsAsNotAuthorized() throws Exception {
        vars.put("VCSTOKEN_TOKEN", "0123456789abcdef0123456789abcdef01234567");
        vars.put("VCSTOKEN_URL", url);
        vars.put("VCSTOKEN_USERNAME", "alice");
        CountingProvider counting = new CountingProvider(provider());

        assertThatThrownBy(() -> Git.cloneRepository().setURI(url + "/team/app")
                .setDirectory(dir.resolve("app").toFile()).setCredentialsProvider(counting).call())
                .isInstanceOf(TransportException.class).hasMessageContaining("not authorized")
                .hasMessageContaining("vcstoken has no usable token for " + url + "/team/app");

        assertThat(counting.filled).as("the token was handed out once, then refused").isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("refused VCSTOKEN_TOKEN")
                .doesNotContain("0123456789abcdef0123456789abcdef01234567");
        assertThat(Files.exists(dir.resolve("state/store.json"))).as("an environment token is never stored").isFalse();
    }

    @Test
    void withNoTokenForAServerItKnowsTheCloneFailsWithATransportExceptionThatSaysWhatToStore() throws Exception {
        seedCommit();
        vcstoken("", "server", "add", url, "--user", "alice");

        assertThatThrownBy(() -> Git.cloneRepository().setURI(url + "/team/app")
                .setDirectory(dir.resolve("app").toFile()).setCredentialsProvider(provider()).call())
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("not authorized")
                .as("the words SVNKit's exception uses")
                .hasMessageContaining(SvnMessages.noTokenForSvnKit(url + "/team/app"))
                .hasCauseInstanceOf(VcstokenNoUsableToken.class);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .as("the refusal names what the program set, not a flag of vcstoken's commands")
                .contains("no usable token for " + url + " repository team/app and prompting is off "
                        + "(interactive=false, set by the program using vcstoken's JGit credentials provider)")
                .doesNotContain("--non-interactive");
    }

    @Test
    void aServerVcstokenDoesNotKnowGetsAPlainNoSoTheNextProviderInAChainIsAsked() throws Exception {
        seedCommit();
        IssuedToken own = sandbox.addToken("alice", "token_role_vcs", 60, "own", "team/app");
        var chain = new ChainingCredentialsProvider(provider(),
                new UsernamePasswordCredentialsProvider("alice", own.token()));

        Git.cloneRepository().setURI(url + "/team/app").setDirectory(dir.resolve("app").toFile())
                .setCredentialsProvider(chain).call().close();

        assertThat(dir.resolve("app/README")).hasContent("hello");
    }

    @Test
    void theEnvironmentTokenClonesItsOwnServerAndIsNotStored() throws Exception {
        seedCommit();
        IssuedToken ci = sandbox.addToken("alice", "token_role_vcs", 60, "ci", "team/app");
        vars.put("VCSTOKEN_TOKEN", ci.token());
        vars.put("VCSTOKEN_URL", url + "/team/app");
        vars.put("VCSTOKEN_USERNAME", "alice");
        VcstokenCredentialsProvider tokens = provider();

        Git.cloneRepository().setURI(url + "/team/app").setDirectory(dir.resolve("app").toFile())
                .setCredentialsProvider(tokens).call().close();
        tokens.approveAll();

        assertThat(dir.resolve("app/README")).exists();
        assertThat(Files.exists(dir.resolve("state/store.json")) ? Files.readString(dir.resolve("state/store.json")) : "")
                .doesNotContain(ci.token());
    }

    @Test
    void anotherHostGetsNothingFromTheEnvironmentToken() throws Exception {
        vars.put("VCSTOKEN_TOKEN", "0123456789abcdef0123456789abcdef01234567");
        vars.put("VCSTOKEN_URL", url);
        vars.put("VCSTOKEN_USERNAME", "alice");
        CredentialItem.Username user = new CredentialItem.Username();
        CredentialItem.Password password = new CredentialItem.Password();

        boolean filled = provider().get(new URIish("https://evil.example/team/app"), user, password);

        assertThat(filled).isFalse();
        assertThat(password.getValue()).isNull();
    }

    @Test
    void onlyUsernameAndPasswordItemsAreSupportedAndNonHttpUrisGetNothing() throws Exception {
        VcstokenCredentialsProvider tokens = provider();
        CredentialItem.YesNoType question = new CredentialItem.YesNoType("Accept the host key?");

        assertThat(tokens.supports(new CredentialItem.Username(), new CredentialItem.Password())).isTrue();
        assertThat(tokens.supports(question)).isFalse();
        assertThat(tokens.isInteractive()).isFalse();
        assertThatThrownBy(() -> tokens.get(new URIish(url + "/team/app"), question))
                .isInstanceOf(UnsupportedCredentialItem.class);
        assertThat(tokens.get(new URIish("ssh://git@example.org/team/app"), new CredentialItem.Password())).isFalse();
        assertThat(tokens.approve(new URIish(url + "/team/app"))).as("nothing was handed out").isFalse();
    }

    /** Counts how often the provider really filled credentials. */
    private static final class CountingProvider extends org.eclipse.jgit.transport.CredentialsProvider {
        private final VcstokenCredentialsProvider delegate;
        int filled;

        CountingProvider(VcstokenCredentialsProvider delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean isInteractive() {
            return delegate.isInteractive();
        }

        @Override
        public boolean supports(CredentialItem... items) {
            return delegate.supports(items);
        }

        @Override
        public boolean get(URIish uri, CredentialItem... items) {
            boolean ok = delegate.get(uri, items);
            if (ok) {
                filled++;
            }
            return ok;
        }

        @Override
        public void reset(URIish uri) {
            delegate.reset(uri);
        }
    }
}
