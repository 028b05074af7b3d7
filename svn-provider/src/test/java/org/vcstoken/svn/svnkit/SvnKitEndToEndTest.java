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
import org.vcstoken.service.SvnCredentials;
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
    VcstokenAuthenticationProvider provider;
    org.tmatesoft.svn.core.auth.ISVNAuthenticationManager auth;
    File svnConfig;

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
        svnConfig = dir.resolve("svnkit-config").toFile();
        provider = new VcstokenAuthenticationProvider(credentials);
        auth = VcstokenAuthentication.manager(svnConfig, provider);
        client = SVNClientManager.newInstance(SVNWCUtil.createDefaultOptions(svnConfig, true), auth);
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

    /** Every stored token refused: SVNKit fails. A token stored then is used by the same client, no restart. */
    @Test
    void afterRefusalsUpToTheLimitATokenStoredLaterWorksWithoutARestart() throws Exception {
        for (int i = 0; i < VcstokenAuthenticationProvider.MAX_ATTEMPTS; i++) {
            IssuedToken t = sandbox.addToken("alice", "token_role_vcs", -1, "old" + i, null);
            addToken(t, null);
            sandbox.deleteToken(t.id());
        }
        Throwable refused = null;
        try {
            checkout(dir.resolve("refused"));
        } catch (SVNAuthenticationException e) {
            refused = e;
        }
        IssuedToken fresh = sandbox.addToken("alice", "token_role_vcs", -1, "fresh", null);
        String freshId = addToken(fresh, null);

        long revision = checkout(dir.resolve("wc"));

        assertThat(refused).as("all " + VcstokenAuthenticationProvider.MAX_ATTEMPTS + " tokens were refused").isNotNull();
        assertThat(store.read().tokens()).filteredOn(t -> !t.id().equals(freshId)).allMatch(t -> t.rejected() != null);
        assertThat(revision).isZero();
        assertThat(stored(freshId).confirmed()).isNotNull();
    }

    /**
     * Two threads, one repository each, on one server (one realm) through one manager. A proxy in
     * front of the server holds the first repository's authenticated request until the second
     * repository's token has been issued and sent, so the first success is reported while the
     * second token is out: both must be recorded confirmed.
     */
    @Test
    void twoRepositoriesOfOneServerAuthenticatingAtOnceBothGetTheirTokensConfirmed() throws Exception {
        sandbox.createRepo("team/lib", "svn", "alice");
        IssuedToken app = sandbox.addToken("alice", "token_role_vcs", -1, "app", "team/app");
        IssuedToken lib = sandbox.addToken("alice", "token_role_vcs", -1, "lib", "team/lib");
        try (HoldingProxy proxy = new HoldingProxy(sandbox.url().getPort(), "/team/app", "/team/lib")) {
            String base = "http://127.0.0.1:" + proxy.port();
            ServerProfile profile = ServerProfile.withDefaults(ParsedUrl.parse(base).origin(), "", "alice");
            String appId = "app";
            String libId = "lib";
            store.update(d -> d.withServer(profile)
                    .withToken(new Token(appId, base, "alice", Role.VCS, "team/app", null, "", Instant.now(),
                            TokenOrigin.MANUAL, null, null, Secret.of(app.token()), null))
                    .withToken(new Token(libId, base, "alice", Role.VCS, "team/lib", null, "", Instant.now(),
                            TokenOrigin.MANUAL, null, null, Secret.of(lib.token()), null)));
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                java.util.concurrent.Future<Long> first = pool.submit(() -> latest(base + "/team/app"));
                assertThat(proxy.holding.await(60, TimeUnit.SECONDS)).as("the first request reached the proxy").isTrue();
                java.util.concurrent.Future<Long> second = pool.submit(() -> latest(base + "/team/lib"));

                assertThat(first.get(90, TimeUnit.SECONDS)).isZero();
                assertThat(second.get(90, TimeUnit.SECONDS)).isZero();
            } finally {
                pool.shutdownNow();
            }
            assertThat(proxy.releasedBySecond).as("the first request was held until the second one's token was sent")
                    .isTrue();
            assertThat(stored(appId).confirmed()).as("the first repository's token").isNotNull();
            assertThat(stored(libId).confirmed()).as("the second repository's token").isNotNull();
            assertThat(dir.resolve("svnkit-config/auth/svn.simple")).as("no token went to SVNKit's own cache")
                    .satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
        }
    }

    private long latest(String repository) throws Exception {
        org.tmatesoft.svn.core.io.SVNRepository repo = org.tmatesoft.svn.core.io.SVNRepositoryFactory.create(
                SVNURL.parseURIEncoded(repository));
        try {
            repo.setAuthenticationManager(auth);
            return repo.getLatestRevision();
        } finally {
            repo.closeSession();
        }
    }

    /**
     * A TCP proxy to the sandbox that holds the first authenticated request for {@code holdPath}
     * until an authenticated request for {@code releasePath} has passed (or a minute has gone).
     */
    static final class HoldingProxy implements AutoCloseable {
        final java.net.ServerSocket server;
        final java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        volatile boolean releasedBySecond;
        private final java.util.concurrent.atomic.AtomicBoolean held = new java.util.concurrent.atomic.AtomicBoolean();
        private final java.util.List<java.net.Socket> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();

        HoldingProxy(int upstreamPort, String holdPath, String releasePath) throws IOException {
            server = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        java.net.Socket client = server.accept();
                        java.net.Socket upstream = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(),
                                upstreamPort);
                        sockets.add(client);
                        sockets.add(upstream);
                        pump(client, upstream, holdPath, releasePath);
                        pump(upstream, client, null, null);
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            }, "holding-proxy");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void pump(java.net.Socket from, java.net.Socket to, String holdPath, String releasePath) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[65536];
                try (var in = from.getInputStream(); var out = to.getOutputStream()) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        if (holdPath != null) {
                            String text = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                            boolean authenticated = text.toLowerCase(java.util.Locale.ROOT).contains("authorization: basic");
                            if (authenticated && text.contains(releasePath + " ") || authenticated
                                    && text.contains(releasePath + "/")) {
                                releasedBySecond = held.get();
                                release.countDown();
                            } else if (authenticated && text.contains(holdPath) && held.compareAndSet(false, true)) {
                                holding.countDown();
                                if (!release.await(60, TimeUnit.SECONDS)) {
                                    releasedBySecond = false;
                                }
                            }
                        }
                        out.write(buf, 0, n);
                        out.flush();
                    }
                } catch (IOException e) {
                    // The other side closed: the connection is over.
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "holding-proxy-pump");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (java.net.Socket s : sockets) {
                s.close();
            }
        }
    }
}
