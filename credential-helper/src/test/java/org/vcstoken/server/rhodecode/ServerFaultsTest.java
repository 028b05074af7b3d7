package org.vcstoken.server.rhodecode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vcstoken.server.HttpTransport;
import org.vcstoken.server.ServerException;
import org.vcstoken.server.VcsType;
import org.vcstoken.token.Origin;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.trace.Trace;

/** Servers that hang, fail or answer nonsense: each is a clear ServerException, in bounded time. */
class ServerFaultsTest {
    private static final Secret TOKEN = Secret.of("c0ffee".repeat(6) + "beef");
    private static final String PASSWORD = "s3cret-pass";
    private static final Duration BOUND = Duration.ofSeconds(8);

    private final RhodeCodeKind kind = new RhodeCodeKind(
            new HttpTransport(Duration.ofSeconds(1), Duration.ofSeconds(1), Trace.off()), Clock.systemUTC());
    private FakeServer server;
    private FakeServer elsewhere;
    private ServerProfile profile;

    @BeforeEach
    void startServers() throws Exception {
        server = new FakeServer();
        elsewhere = new FakeServer();
        profile = server.profile("alice");
    }

    @AfterEach
    void stopServers() {
        server.close();
        elsewhere.close();
    }

    /** Runs the call, expects a ServerException within the bound, and returns its message. */
    private static String failure(ThrowingCallable call) {
        long start = System.nanoTime();
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(thrown).isInstanceOf(ServerException.class);
        assertThat(took).isLessThan(BOUND);
        assertThat(thrown.getMessage()).doesNotContain(TOKEN.reveal()).doesNotContain(PASSWORD);
        return thrown.getMessage();
    }

    @Test
    void aServerThatNeverAnswersTimesOutWithinTheRequestTimeout() {
        server.on("/grp/app/info/refs", ex -> server.hang());
        String msg = failure(() -> kind.probe(profile, "grp/app", VcsType.GIT, "alice", TOKEN));
        assertThat(msg).contains("no answer from http://127.0.0.1:" + server.port()).contains("within 1 s")
                .contains("check that the server is up");
    }

    @Test
    void aServerThatSendsHeadersButNeverTheBodyTimesOutToo() {
        server.on("/_admin/api", ex -> {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            out.write("{\"id\":1,".getBytes(StandardCharsets.UTF_8));
            out.flush();
            server.hang();
        });
        String msg = failure(() -> kind.knownTokens(profile, "alice", TOKEN));
        assertThat(msg).contains("within 1 s");
    }

    @Test
    void aServerErrorNamesTheStatusAndSuggestsTryingLater() {
        server.on("/grp/app/info/refs", ex -> FakeServer.respond(ex, 500, "text/plain", "boom"));
        server.on("/_admin/api", ex -> FakeServer.respond(ex, 500, "text/plain", "boom"));
        assertThat(failure(() -> kind.probe(profile, "grp/app", VcsType.GIT, "alice", TOKEN)))
                .contains("HTTP 500").contains("try again later");
        assertThat(failure(() -> kind.knownTokens(profile, "alice", TOKEN)))
                .contains("HTTP 500").contains("listing the tokens of alice");
    }

    @Test
    void anHtmlPageWhereJsonBelongsIsCalledOut() {
        server.on("/_admin/api", ex -> FakeServer.respond(ex, 200, "text/html; charset=utf-8",
                "<!DOCTYPE html><html><body>Please sign in via SSO</body></html>"));
        assertThat(failure(() -> kind.knownTokens(profile, "alice", TOKEN)))
                .contains("HTML page instead of JSON").contains("path prefix");
    }

    @Test
    void anHtmlPageWhereGitsAnswerBelongsIsCalledOut() {
        server.on("/grp/app/info/refs", ex -> FakeServer.respond(ex, 200, "text/html", "<html>portal</html>"));
        assertThat(failure(() -> kind.probe(profile, "grp/app", VcsType.GIT, "alice", TOKEN)))
                .contains("HTML page instead of a git answer");
    }

    @Test
    void truncatedJsonIsReportedAsInvalid() {
        server.on("/_admin/api", ex -> FakeServer.respond(ex, 200, "application/json",
                "{\"id\": 1, \"result\": {\"auth_tokens\": [\"abc"));
        assertThat(failure(() -> kind.knownTokens(profile, "alice", TOKEN)))
                .contains("not valid JSON").contains("cut off");
    }

    @Test
    void aBodyCutShortOfItsContentLengthIsReported() {
        server.on("/_admin/api", ex -> {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, 1000);
            OutputStream out = ex.getResponseBody();
            out.write("{\"id\":1,".getBytes(StandardCharsets.UTF_8));
            out.flush();
            // Closing the exchange 992 bytes short of the promised length drops the connection.
            ex.close();
        });
        assertThat(failure(() -> kind.knownTokens(profile, "alice", TOKEN)))
                .contains("closed the connection before the answer was complete");
    }

    @Test
    void aRedirectToAnotherHostIsAnErrorAndNothingIsSentThere() {
        String target = "http://127.0.0.1:" + elsewhere.port() + "/grp/app/info/refs?service=git-upload-pack";
        server.on("/grp/app/info/refs", ex -> {
            ex.getResponseHeaders().set("Location", target);
            FakeServer.respond(ex, 302, "text/plain", "");
        });
        server.on("/_admin/api", ex -> {
            ex.getResponseHeaders().set("Location", "http://127.0.0.1:" + elsewhere.port() + "/_admin/api");
            FakeServer.respond(ex, 307, "text/plain", "");
        });
        assertThat(failure(() -> kind.probe(profile, "grp/app", VcsType.GIT, "alice", TOKEN)))
                .contains("redirect (HTTP 302)").contains("127.0.0.1:" + elsewhere.port())
                .contains("never resends credentials");
        assertThat(failure(() -> kind.knownTokens(profile, "alice", TOKEN))).contains("redirect (HTTP 307)");
        assertThat(elsewhere.requests.get()).isZero();
    }

    @Test
    void aRefusedConnectionSaysSoAndPointsAtTheUrl() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ServerProfile gone = ServerProfile.withDefaults(Origin.of("http", "127.0.0.1", port), "", "alice");
        assertThat(failure(() -> kind.probe(gone, "grp/app", VcsType.GIT, "alice", TOKEN)))
                .contains("connection refused").contains("vcstoken server list");
    }

    @Test
    void aHostNameThatDoesNotResolveIsCalledThatNotARefusedConnection() {
        // .invalid never resolves (RFC 6761); the JDK wraps the failure in a ConnectException.
        ServerProfile nowhere = ServerProfile.withDefaults(Origin.of("https", "no-such-host.invalid", 443), "", "alice");
        assertThat(failure(() -> kind.probe(nowhere, "grp/app", VcsType.GIT, "alice", TOKEN)))
                .contains("the host name no-such-host.invalid cannot be resolved").doesNotContain("refused");
    }

    @Test
    void anUnexpectedStatusOnAProbeIsAnError() {
        server.on("/grp/app/info/refs", ex -> FakeServer.respond(ex, 418, "text/plain", "teapot"));
        assertThat(failure(() -> kind.probe(profile, "grp/app", VcsType.GIT, "alice", TOKEN))).contains("HTTP 418");
    }

    @Test
    void anApiErrorThatEchoesTheTokenIsRedacted() {
        server.on("/_admin/api", ex -> FakeServer.respond(ex, 200, "application/json",
                "{\"id\":1,\"result\":null,\"error\":\"Invalid API KEY " + TOKEN.reveal() + "\"}"));
        assertThat(failure(() -> kind.knownTokens(profile, "alice", TOKEN))).contains("Invalid API KEY ****");
    }

    @Test
    void aLoginFormThatPostsToAnotherHostNeverGetsThePassword() {
        server.on("/_admin/login", ex -> FakeServer.respond(ex, 200, "text/html",
                "<html><form action=\"http://127.0.0.1:" + elsewhere.port() + "/steal\" method=\"post\">"
                        + "<input type=\"text\" name=\"username\"><input type=\"password\" name=\"password\">"
                        + "</form></html>"));
        assertThat(failure(() -> kind.login(profile, "alice", PASSWORD.toCharArray())))
                .as("only a form that posts to the login route itself is the login form")
                .contains("has no form that posts a user name and password to it").contains("create the token by hand");
        assertThat(elsewhere.requests.get()).isZero();
    }

    @Test
    void aLoginPageWithoutAPasswordFormIsNotGuessedAt() {
        server.on("/_admin/login", ex -> FakeServer.respond(ex, 200, "text/html", "<html>maintenance</html>"));
        assertThat(failure(() -> kind.login(profile, "alice", PASSWORD.toCharArray())))
                .contains("has no form that posts a user name and password to it").contains("create the token by hand");
    }

    @Test
    void aHangingLoginTimesOut() {
        server.on("/_admin/login", ex -> server.hang());
        assertThat(failure(() -> kind.login(profile, "alice", PASSWORD.toCharArray()))).contains("within 1 s");
    }

    @Test
    void theLoginPasswordIsNotEchoedEvenWhenTheServerRepeatsIt() {
        server.on("/_admin/login", ex -> {
            String error = ex.getRequestMethod().equals("POST")
                    ? "<span class=\"error-message\">bad password " + PASSWORD + "</span>" : "";
            FakeServer.respond(ex, 200, "text/html", "<html><form action=\"/_admin/login\" method=\"post\">"
                    + "<input type=\"text\" name=\"username\"><input type=\"password\" name=\"password\">" + error
                    + "</form></html>");
        });
        assertThat(failure(() -> kind.login(profile, "alice", PASSWORD.toCharArray())))
                .contains("was refused").contains("RhodeCode refused the password").contains("repeats the password");
    }

    @Test
    void aLoginFormThatWouldPutThePasswordInTheUrlIsRefused() {
        server.on("/_admin/login", ex -> FakeServer.respond(ex, 200, "text/html", "<html><form action=\"/_admin/login\">"
                + "<input type=\"text\" name=\"username\"><input type=\"password\" name=\"password\"></form></html>"));
        assertThat(failure(() -> kind.login(profile, "alice", PASSWORD.toCharArray())))
                .contains("would send the password in the URL").contains("refusing");
        assertThat(server.requests.get()).as("only the page was fetched").isEqualTo(1);
    }

    /**
     * A RhodeCode 4.x account page that creates the token and then will not show it: the token
     * vcstoken cannot read is deleted again, not left on the server.
     */
    @Test
    void aCreatedTokenThatCannotBeReadBackIsDeletedAgain() throws Exception {
        java.util.List<String> ids = new java.util.concurrent.CopyOnWriteArrayList<>(java.util.List.of("5"));
        java.util.List<String> deleted = new java.util.concurrent.CopyOnWriteArrayList<>();
        server.on("/_admin/login", ex -> {
            if (ex.getRequestMethod().equals("POST")) {
                ex.getResponseHeaders().add("Set-Cookie", "rhodecode_session=abc; Path=/; HttpOnly");
                ex.getResponseHeaders().add("Location", "/_admin/my_account/auth_tokens");
                FakeServer.respond(ex, 302, "text/html", "");
            } else {
                FakeServer.respond(ex, 200, "text/html", "<form action=\"/_admin/login\" method=\"post\">"
                        + "<input type=\"text\" name=\"username\"><input type=\"password\" name=\"password\"></form>");
            }
        });
        server.on("/_admin/my_account/auth_tokens", ex -> {
            StringBuilder rows = new StringBuilder();
            for (String id : ids) {
                rows.append(Fixtures.row(id, "abcd", "ci", "vcs", "Global", Fixtures.NEVER, "csrf-1"));
            }
            FakeServer.respond(ex, 200, "text/html", Fixtures.tokensPage(false, "csrf-1", "[]", rows.toString()));
        });
        server.on("/_admin/my_account/auth_tokens/new", ex -> {
            ids.add("6");
            ex.getResponseHeaders().add("Location", "/_admin/my_account/auth_tokens");
            FakeServer.respond(ex, 302, "text/html", "");
        });
        server.on("/_admin/my_account/auth_tokens/view", ex -> FakeServer.respond(ex, 500, "text/html", "oops"));
        server.on("/_admin/my_account/auth_tokens/delete", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String id = body.replaceAll(".*del_auth_token=(\\d+).*", "$1");
            deleted.add(id);
            ids.remove(id);
            ex.getResponseHeaders().add("Location", "/_admin/my_account/auth_tokens");
            FakeServer.respond(ex, 302, "text/html", "");
        });
        try (var session = kind.login(profile, "alice", PASSWORD.toCharArray())) {
            assertThat(failure(() -> session.create(new org.vcstoken.server.TokenSpec("ci", Duration.ofHours(1), null,
                    org.vcstoken.token.Role.VCS)))).contains("500");
        }
        assertThat(deleted).containsExactly("6");
    }
}
