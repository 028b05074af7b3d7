package org.vcstoken.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.cli.VcstokenMain;
import org.vcstoken.env.Environment;

/**
 * Faulty servers behind the commands people run: {@code vcstoken login --assisted} (password via
 * askpass) and {@code vcstoken token check} (an API key from .rhoderc and a repository token).
 * Each fault ends in bounded time with one clear line naming the server, exit 1, no secret anywhere,
 * no request following a redirect, and the store exactly as it was: a broken server never gets a
 * token marked rejected and never gets one stored.
 */
class ServerFaultsCliTest {
    static final String PASSWORD = "account-password-never-anywhere";
    static final String TOKEN = "0badc0de0badc0de0badc0de0badc0de0badc0de";
    static final String API_KEY = "a11a11a11a11a11a11a11a11a11a11a11a11a11a";
    static final Duration BOUND = Duration.ofSeconds(45);

    @TempDir
    static Path shared;
    static Path keyStore;

    @TempDir
    Path dir;
    CaptureServer server;
    CaptureServer elsewhere;
    Environment env;

    record Run(int exit, String out, String err, Duration took) {
    }

    @BeforeAll
    static void certificate() throws Exception {
        keyStore = CaptureServer.selfSignedKeyStore(shared);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (elsewhere != null) {
            elsewhere.close();
        }
    }

    private Run vcstoken(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int status = VcstokenMain.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env, FileSystems.getDefault(), Clock.systemUTC());
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                Duration.ofNanos(System.nanoTime() - start));
    }

    /** A profile, a repository token and an API key for {@code base}, all stored without network. */
    private byte[] seed(String base) throws Exception {
        Map<String, String> vars = new HashMap<>();
        vars.put("VCSTOKEN_HOME", dir.resolve("state").toString());
        vars.put("HOME", dir.toString());
        vars.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        vars.put("GIT_CONFIG_NOSYSTEM", "1");
        vars.put("GIT_CONFIG_GLOBAL", dir.resolve(".gitconfig").toString());
        vars.put("VCSTOKEN_TRACE", dir.resolve("trace.log").toString());
        Path askpass = dir.resolve("askpass.sh");
        Files.writeString(askpass, "#!/bin/sh\ncase \"$1\" in\n  *assword*) echo '" + PASSWORD + "' ;;\n"
                + "  *lifetime*) echo 1h ;;\n  *) echo y ;;\nesac\n");
        Files.setPosixFilePermissions(askpass, PosixFilePermissions.fromString("rwx------"));
        vars.put("GIT_ASKPASS", askpass.toString());
        env = new Environment(vars);
        Files.writeString(dir.resolve(".rhoderc"), "[instance:main]\napi_host = " + base + "\napi_key = " + API_KEY + "\n");
        for (Run r : List.of(vcstoken("", "server", "add", base, "--kind", "rhodecode", "--user", "alice"),
                vcstoken(TOKEN + "\n", "token", "add", base + "/grp/app", "--user", "alice"),
                vcstoken("", "server", "import-rhoderc"))) {
            assertThat(r.exit()).as(r.toString()).isZero();
        }
        return Files.readAllBytes(dir.resolve("state/store.json"));
    }

    /** Runs login and token check (in parallel: a hanging server costs one time-out, not two). */
    private void assertBothFailClearly(String base, byte[] storeBefore, String... mentions) throws Exception {
        CompletableFuture<Run> login = CompletableFuture.supplyAsync(
                () -> vcstoken("", "login", base + "/grp/app", "--assisted"));
        CompletableFuture<Run> check = CompletableFuture.supplyAsync(() -> vcstoken("", "token", "check"));
        Run l = login.get();
        Run c = check.get();

        assertThat(l.exit()).as("login: %s", l).isEqualTo(1);
        assertThat(l.err().strip().lines().toList()).as("login: %s", l).hasSize(1)
                .allMatch(line -> line.startsWith("vcstoken: error: "));
        assertThat(c.exit()).as("token check: %s", c).isEqualTo(1);
        assertThat(c.err().strip().lines().toList()).as("token check: %s", c).hasSize(1)
                .allMatch(line -> line.startsWith("vcstoken: warning: token "));
        for (Run r : List.of(l, c)) {
            assertThat(r.err()).as("%s", r).contains(mentions).doesNotContain("Exception", "\tat ");
            assertThat(r.took()).as("%s", r).isLessThan(BOUND);
            assertThat(r.out() + r.err()).doesNotContain(PASSWORD, TOKEN, API_KEY);
        }
        assertThat(Files.readString(dir.resolve("state/store.json"))).as("the store")
                .isEqualTo(new String(storeBefore, StandardCharsets.UTF_8));
        if (Files.exists(dir.resolve("trace.log"))) {
            assertThat(Files.readString(dir.resolve("trace.log"))).doesNotContain(PASSWORD, TOKEN, API_KEY);
        }
    }

    @Test
    void aRefusedConnectionIsOneLineNamingTheServer() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        String base = "http://127.0.0.1:" + closed;
        byte[] before = seed(base);

        assertBothFailClearly(base, before, "127.0.0.1:" + closed);
    }

    @Test
    void httpsToAPlainHttpPortIsATlsFailureNotAHang() throws Exception {
        server = CaptureServer.http().answer((ex, body) -> CaptureServer.respond(ex, 200, "text/html", "<html></html>"));
        String base = "https://127.0.0.1:" + server.port();
        byte[] before = seed(base);

        assertBothFailClearly(base, before, "127.0.0.1:" + server.port());
        assertThat(String.join("", server.requests())).doesNotContain(PASSWORD, TOKEN, API_KEY);
    }

    @Test
    void aSelfSignedCertificateIsRefusedBeforeAnySecretIsSent() throws Exception {
        server = CaptureServer.https(keyStore);
        String base = "https://127.0.0.1:" + server.port();
        byte[] before = seed(base);

        assertBothFailClearly(base, before, "127.0.0.1:" + server.port(), "TLS", "certification path");
        assertThat(server.requests()).as("the TLS handshake failed, so no request arrived").isEmpty();
    }

    @Test
    void serverErrorsAreReportedAndNoTokenIsMarkedRejected() throws Exception {
        server = CaptureServer.http().answer((ex, body) ->
                CaptureServer.respond(ex, 500, "text/html", "<h1>Internal Server Error</h1>"));
        byte[] before = seed(server.url());

        assertBothFailClearly(server.url(), before, "500");
    }

    @Test
    void htmlWhereJsonOrAFormBelongsIsReported() throws Exception {
        server = CaptureServer.http().answer((ex, body) ->
                CaptureServer.respond(ex, 200, "text/html", "<html><body>Maintenance</body></html>"));
        byte[] before = seed(server.url());

        assertBothFailClearly(server.url(), before, "127.0.0.1:" + server.port());
    }

    @Test
    void truncatedJsonIsReported() throws Exception {
        server = CaptureServer.http().answer((ex, body) ->
                CaptureServer.respond(ex, 200, "application/json", "{\"id\":1,\"result\":{\"auth_tokens\":[\"" + TOKEN));
        byte[] before = seed(server.url());

        assertBothFailClearly(server.url(), before, "127.0.0.1:" + server.port());
    }

    @Test
    void aServerThatNeverAnswersTimesOutWithinTheBound() throws Exception {
        server = CaptureServer.http();
        server.answer((ex, body) -> server.hang());
        byte[] before = seed(server.url());

        assertBothFailClearly(server.url(), before, "127.0.0.1:" + server.port());
    }

    @Test
    void redirectsToAnotherHostAreNotFollowedSoNothingArrivesThere() throws Exception {
        elsewhere = CaptureServer.http("127.0.0.2");
        server = CaptureServer.http().answer((ex, body) ->
                CaptureServer.redirect(ex, ex.getRequestMethod().equals("POST") ? 307 : 302,
                        elsewhere.url() + ex.getRequestURI()));
        byte[] before = seed(server.url());

        assertBothFailClearly(server.url(), before, "127.0.0.1:" + server.port());
        assertThat(elsewhere.requests()).as("the other host heard nothing").isEmpty();
    }
}
