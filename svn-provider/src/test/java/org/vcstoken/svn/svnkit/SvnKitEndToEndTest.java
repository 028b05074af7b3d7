package org.vcstoken.svn.svnkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmatesoft.svn.core.SVNAuthenticationException;
import org.tmatesoft.svn.core.SVNCommitInfo;
import org.tmatesoft.svn.core.SVNDepth;
import org.tmatesoft.svn.core.SVNURL;
import org.tmatesoft.svn.core.internal.io.dav.DAVRepositoryFactory;
import org.tmatesoft.svn.core.wc.SVNClientManager;
import org.tmatesoft.svn.core.wc.SVNRevision;
import org.tmatesoft.svn.core.wc.SVNWCUtil;
import org.vcstoken.env.Environment;
import org.vcstoken.env.StatePaths;
import org.vcstoken.request.ParsedUrl;
import org.vcstoken.sandbox.IssuedToken;
import org.vcstoken.sandbox.Sandbox;
import org.vcstoken.sandbox.SandboxOptions;
import org.vcstoken.store.StoreData;
import org.vcstoken.store.TokenStore;
import org.vcstoken.svn.SvnCredentials;
import org.vcstoken.token.Role;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;
import org.vcstoken.token.TokenOrigin;

/** SVNKit checkout, update and commit through vcstoken, against Apache mod_dav_svn behind the sandbox. */
class SvnKitEndToEndTest {
    @TempDir
    Path dir;
    Sandbox sandbox;
    String url;
    TokenStore store;
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    SVNClientManager client;

    @BeforeEach
    void setUp() throws Exception {
        requireSvnBackendTools();
        sandbox = Sandbox.start(SandboxOptions.defaults(dir.resolve("sandbox")).withAuthCacheTtl(Duration.ZERO));
        if (!sandbox.svnAvailable()) {
            String reason = sandbox.svnUnavailableReason();
            sandbox.close();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true and the sandbox's svn backend is off: " + reason);
            }
            Assumptions.abort("svn backend off: " + reason);
        }
        url = sandbox.url().toString();
        sandbox.createUser("alice", "alice-account-password");
        sandbox.createRepo("team/app", "svn", "alice");
        DAVRepositoryFactory.setup();
        Environment env = new Environment(Map.of("VCSTOKEN_HOME", dir.resolve("state").toString(),
                "HOME", dir.resolve("home").toString(), "PATH", "/usr/bin:/bin"));
        store = new TokenStore(StatePaths.from(env, FileSystems.getDefault()), Duration.ofSeconds(10), l -> { });
        ServerProfile profile = ServerProfile.withDefaults(ParsedUrl.parse(url).origin(), "", "alice");
        store.update(d -> d.withServer(profile));
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        var credentials = SvnCredentials.from(env, FileSystems.getDefault(), Clock.systemUTC(), err, false);
        // An svn configuration directory of the test's own: SVNKit never reads the user's ~/.subversion.
        File svnConfig = dir.resolve("svnkit-config").toFile();
        client = SVNClientManager.newInstance(SVNWCUtil.createDefaultOptions(svnConfig, true),
                VcstokenAuthentication.manager(svnConfig, new VcstokenAuthenticationProvider(credentials)));
    }

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.dispose();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /** Like the other modules' Tools.require: skip on a developer machine, fail in CI. */
    static void requireSvnBackendTools() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("svnadmin", "--version", "--quiet").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        boolean ok;
        try {
            ok = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } finally {
            p.destroyForcibly();
        }
        if (!ok) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true and svnadmin is not installed (apt-get install subversion)");
            }
            Assumptions.abort("svnadmin is not installed (apt-get install subversion)");
        }
    }

    String addToken(IssuedToken issued, String scope) throws Exception {
        String id = "t" + issued.id();
        Token t = new Token(id, url, "alice", Role.VCS, scope, null, "", Instant.now(), TokenOrigin.MANUAL, null, null,
                Secret.of(issued.token()), null);
        store.update(d -> d.withToken(t));
        return id;
    }

    Token stored(String id) throws Exception {
        StoreData data = store.read();
        return data.token(id).orElseThrow();
    }

    long checkout(Path wc) throws Exception {
        return client.getUpdateClient().doCheckout(SVNURL.parseURIEncoded(url + "/team/app"), wc.toFile(),
                SVNRevision.HEAD, SVNRevision.HEAD, SVNDepth.INFINITY, false);
    }

    @Test
    void checksOutCommitsAndUpdatesWithARepositoryTokenAndRecordsItConfirmed() throws Exception {
        IssuedToken app = sandbox.addToken("alice", "token_role_vcs", -1, "app", "team/app");
        String id = addToken(app, "team/app");
        Path wc = dir.resolve("wc");

        long checkedOut = checkout(wc);
        Files.writeString(wc.resolve("README"), "hello\n");
        client.getWCClient().doAdd(wc.resolve("README").toFile(), false, false, false, SVNDepth.EMPTY, false, false);
        SVNCommitInfo info = client.getCommitClient().doCommit(new File[] {wc.toFile()}, false, "first", null, null,
                false, false, SVNDepth.INFINITY);
        long updated = client.getUpdateClient().doUpdate(wc.toFile(), SVNRevision.HEAD, SVNDepth.INFINITY, false, false);

        assertThat(checkedOut).isZero();
        assertThat(info.getNewRevision()).isEqualTo(1);
        assertThat(info.getAuthor()).isEqualTo("alice");
        assertThat(updated).isEqualTo(1);
        assertThat(stored(id).confirmed()).as("success records confirmed").isNotNull();
        assertThat(dir.resolve("svnkit-config/auth/svn.simple")).as("storage disallowed").satisfiesAnyOf(
                p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
    }

    @Test
    void aTokenRevokedOnTheServerIsRejectedAndTheNextCandidateUsed() throws Exception {
        IssuedToken app = sandbox.addToken("alice", "token_role_vcs", -1, "app", "team/app");
        IssuedToken wide = sandbox.addToken("alice", "token_role_vcs", -1, "wide", null);
        String appId = addToken(app, "team/app");
        String wideId = addToken(wide, null);
        sandbox.deleteToken(app.id());

        checkout(dir.resolve("wc"));

        assertThat(stored(appId).rejected()).isNotNull();
        assertThat(stored(wideId).rejected()).isNull();
        assertThat(stored(wideId).confirmed()).isNotNull();
    }

    @Test
    void withNoCandidateLeftTheOperationFailsWithAClearAuthenticationErrorInBoundedTime() throws Exception {
        IssuedToken app = sandbox.addToken("alice", "token_role_vcs", -1, "app", "team/app");
        IssuedToken wide = sandbox.addToken("alice", "token_role_vcs", -1, "wide", null);
        String appId = addToken(app, "team/app");
        String wideId = addToken(wide, null);
        sandbox.deleteToken(app.id());
        sandbox.deleteToken(wide.id());

        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThatThrownBy(() -> checkout(dir.resolve("wc")))
                .isInstanceOf(SVNAuthenticationException.class)
                .hasMessageContaining("vcstoken has no usable token for " + url));

        assertThat(stored(appId).rejected()).isNotNull();
        assertThat(stored(wideId).rejected()).isNotNull();
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).as("the fallback may not prompt and says what to store")
                .contains("no usable token for " + url + " repository team/app and prompting is off");
    }
}
