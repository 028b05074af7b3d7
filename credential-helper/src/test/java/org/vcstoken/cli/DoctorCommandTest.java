package org.vcstoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.env.Environment;
import org.vcstoken.sandbox.IssuedToken;
import org.vcstoken.sandbox.Sandbox;
import org.vcstoken.testing.Sandboxes;
import org.vcstoken.testing.TestInstall;
import org.vcstoken.testing.Tools;

/** {@code vcstoken doctor} on a healthy setup, then on each broken one it claims to detect. */
class DoctorCommandTest {
    static final Path HG_EXTENSION = Path.of("..", "hg-extension-bridge", "src", "main", "python", "vcstoken.py")
            .toAbsolutePath().normalize();

    @TempDir
    Path dir;
    Sandbox sandbox;
    TestInstall install;
    String url;
    IssuedToken repoToken;
    IssuedToken wideToken;
    Clock clock = Clock.systemUTC();

    record Run(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    @BeforeAll
    static void needsGit() {
        Tools.require("git");
    }

    @BeforeEach
    void setUpHealthy() throws Exception {
        sandbox = Sandboxes.start(dir);
        url = sandbox.url().toString();
        sandbox.createUser("alice", "alice-account-password");
        sandbox.createRepo("team/app", "git", "alice");
        install = TestInstall.in(dir.resolve("client"));
        install.with("VCSTOKEN_HG_EXTENSION", HG_EXTENSION.toString());
        repoToken = sandbox.addToken("alice", "token_role_vcs", 60, "app", "team/app");
        wideToken = sandbox.addToken("alice", "token_role_vcs", -1, "wide", null);
        ok("server", "add", url, "--user", "alice");
        okWithInput(repoToken.token() + "\n", "token", "add", url + "/team/app", "--user", "alice", "--lifetime", "1h");
        okWithInput(wideToken.token() + "\n", "token", "add", url, "--user", "alice");
        ok("configure", "--git");
        if (Tools.available("hg")) {
            ok("configure", "--hg");
        }
    }

    @AfterEach
    void tearDown() {
        sandbox.close();
    }

    private Run run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = VcstokenMain.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new Environment(install.env()), FileSystems.getDefault(), clock);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private void ok(String... args) {
        okWithInput("", args);
    }

    private void okWithInput(String stdin, String... args) {
        Run r = run(stdin, args);
        assertThat(r.exit()).as(String.join(" ", args) + "\n" + r.all()).isZero();
    }

    private Run doctor(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "doctor";
        System.arraycopy(args, 0, all, 1, args.length);
        Run r = run("", all);
        System.out.println(r.all());
        assertThat(r.all()).as("never a secret").doesNotContain(repoToken.token()).doesNotContain(wideToken.token());
        return r;
    }

    private void git(String... args) throws Exception {
        assertThat(install.git(dir, null, args).exit()).isZero();
    }

    @Test
    void svnCacheEntriesAreCheckedAgainstTheStore() throws Exception {
        Tools.require("svn");
        ok("configure", "--svn");

        Run healthy = doctor();
        java.util.List<Path> entries;
        try (var files = java.nio.file.Files.list(install.home().resolve(".subversion/auth/svn.simple"))) {
            entries = files.toList();
        }
        java.nio.file.Files.delete(entries.get(0));
        Run missing = doctor();

        assertThat(healthy.out()).contains("ok   svn: " + url + " realm '<" + url + "> RhodeCode': the cache entry holds token");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.out()).contains("FAIL svn: " + url, "the cache entry is missing or holds an old token",
                "fix: vcstoken configure --svn");
    }

    @Test
    void aHealthySetupPassesEveryCheck() {
        Run r = doctor(url + "/team/app");

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).doesNotContain("FAIL").contains("ok   java: ", "ok   helper: ", "is private",
                "readable by you only (0600)", "ok   git: " + url + " helpers", "end with vcstoken's",
                "ok   git: " + url + " useHttpPath on", "ok   " + url + ": reachable (HTTP 401)",
                "ok   " + url + ": clock agrees", "asks for Basic credentials, realm \"RhodeCode\"",
                "(repo team/app, user alice): accepted on team/app", "(server-wide, user alice): accepted on team/app",
                "expires never", "doctor: all checks passed");
        if (Tools.available("hg")) {
            assertThat(r.out()).contains("ok   hg: extension vcstoken enabled");
        }
    }

    @Test
    void withoutARepositoryServerWideTokensAreNotProbedButTheRestIsChecked() {
        Run r = doctor();

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("(server-wide, user alice): not probed (name a repository",
                "(repo team/app, user alice): accepted on team/app", "realm \"RhodeCode\"");
    }

    @Test
    void aJavaOlderThan17Fails() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CliContext ctx = new CliContext(new Environment(install.env()), FileSystems.getDefault(), clock,
                new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        new DoctorCommand(ctx).checkJava(Runtime.Version.parse("11.0.2"));

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("FAIL java: 11 (vcstoken needs 17 or newer)",
                "fix: install JDK 17+");
    }

    @Test
    void aHelperThatIsNotThereFails() {
        install.with("VCSTOKEN_GIT_HELPER", dir.resolve("nowhere/git-credential-vcstoken").toString())
                .with("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));

        Run r = doctor(url + "/team/app");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL helper: " + dir.resolve("nowhere/git-credential-vcstoken")
                + " is missing", "FAIL helper: git-credential-vcstoken is not on PATH", "fix: add vcstoken's bin directory to PATH");
    }

    @Test
    void gitNotConfiguredFailsWithConfigureAsTheFix() {
        ok("unconfigure");

        Run r = doctor(url + "/team/app");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL git: " + url + " helpers (none) do not end with vcstoken's",
                "fix: vcstoken configure --git", "FAIL git: " + url + " useHttpPath off");
    }

    @Test
    void anotherHelperAnsweringBeforeOursFails() throws Exception {
        git("config", "--global", "--add", "credential.helper", "store");

        Run r = doctor(url + "/team/app");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("do not end with vcstoken's", "store]", "a helper configured after vcstoken's");
    }

    @Test
    void useHttpPathTurnedOffFails() throws Exception {
        git("config", "--global", "credential." + url + ".useHttpPath", "false");

        Run r = doctor(url + "/team/app");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL git: " + url + " useHttpPath off: per-repository tokens cannot work",
                "useHttpPath true");
    }

    @Test
    void hgWithoutTheExtensionFails() throws Exception {
        Tools.require("hg");
        ok("unconfigure", "--hg");

        Run r = doctor(url + "/team/app");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL hg: extension vcstoken not enabled", "fix: vcstoken configure --hg");
    }

    @Test
    void aStoreReadableByOthersFails() throws Exception {
        Files.setPosixFilePermissions(install.storeFile(), PosixFilePermissions.fromString("rw-r--r--"));

        Run r = doctor();

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("can be read by other users", "fix: chmod 600 " + install.storeFile());
    }

    @Test
    void anUnreachableServerFails() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String gone = "http://127.0.0.1:" + port;
        ok("server", "add", gone, "--user", "alice");
        ok("configure", "--git");

        Run r = doctor(gone);

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL " + gone + ": not reachable", "connection refused",
                "fix: check the URL (vcstoken server list)");
    }

    @Test
    void aServerThatDoesNotAskForBasicCredentialsFails() throws Exception {
        HttpServer bearer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        bearer.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"sso\"");
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        bearer.start();
        try {
            String other = "http://127.0.0.1:" + bearer.getAddress().getPort();
            ok("server", "add", other, "--user", "alice");
            ok("configure", "--git");
            okWithInput("0123456789abcdef0123456789abcdef01234567\n", "token", "add", other + "/grp/repo", "--user", "alice");

            Run r = doctor(other + "/grp/repo");

            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.out()).contains("FAIL " + other + ": answers 401 without a Basic challenge [Bearer realm=\"sso\"]",
                    "fix: git sends tokens only to a server that asks with WWW-Authenticate: Basic")
                    .doesNotContain("0123456789abcdef0123456789abcdef01234567");
        } finally {
            bearer.stop(0);
        }
    }

    @Test
    void aTokenDeletedOnTheServerFails() {
        sandbox.deleteToken(repoToken.id());

        Run r = doctor(url + "/team/app");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("(repo team/app, user alice): refused by the server on team/app",
                "fix: vcstoken token remove ");
    }

    @Test
    void aTokenExpiringSoonFails() {
        ok("server", "add", url, "--renew-before", "2h");

        Run r = doctor(url + "/team/app");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("(repo team/app, user alice): expires soon", "fix: vcstoken renew " + url + "/team/app");
    }

    @Test
    void aClockTenMinutesOffTheServersFails() {
        clock = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10));

        Run r = doctor(url + "/team/app");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).containsPattern("FAIL " + url + ": clock differs from the server's by (599|600|601) s")
                .contains("fix: set this machine's clock");
    }

    @Test
    void aUrlWithoutAServerProfileFails() {
        Run r = doctor("https://unknown.example/grp/repo");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL server profile for https://unknown.example/grp/repo: none",
                "fix: vcstoken server add https://unknown.example --user NAME");
    }
}
