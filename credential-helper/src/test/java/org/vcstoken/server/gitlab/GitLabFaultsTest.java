package org.vcstoken.server.gitlab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vcstoken.server.ApiOutcome;
import org.vcstoken.server.HttpTransport;
import org.vcstoken.server.KindContext;
import org.vcstoken.server.RotationRefused;
import org.vcstoken.server.ServerException;
import org.vcstoken.server.TokenSpec;
import org.vcstoken.token.Origin;
import org.vcstoken.token.Role;
import org.vcstoken.token.ScopePolicy;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;
import org.vcstoken.trace.Trace;

/**
 * A server that is not the GitLab it claims to be, or misbehaves: every answer becomes one clear
 * error, no redirect is followed with the token, no secret reaches a message or the trace, and a
 * server that never answers costs one bounded wait.
 */
class GitLabFaultsTest {
    static final String TOKEN = "glpat-secretsecretsecret12";

    interface Answer {
        void answer(HttpExchange ex) throws IOException;
    }

    HttpServer server;
    final ExecutorService executor = Executors.newCachedThreadPool();
    final CountDownLatch release = new CountDownLatch(1);
    final List<String> seen = new CopyOnWriteArrayList<>();
    volatile Answer answer = ex -> respond(ex, 404, "application/json", "{\"error\":\"404 Not Found\"}");
    final ByteArrayOutputStream traced = new ByteArrayOutputStream();
    GitLabKind kind;
    ServerProfile profile;

    @BeforeEach
    void setUp() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", ex -> {
            try (ex) {
                seen.add(ex.getRequestMethod() + " " + ex.getRequestURI());
                answer.answer(ex);
            }
        });
        server.start();
        Clock clock = Clock.fixed(Instant.parse("2026-03-10T12:00:00Z"), ZoneOffset.UTC);
        Trace trace = Trace.to(new PrintStream(traced, true, StandardCharsets.UTF_8), clock);
        kind = new GitLabKind(new KindContext(new HttpTransport(Duration.ofSeconds(2), Duration.ofSeconds(2), trace),
                clock, trace));
        profile = new ServerProfile(Origin.of("http", "127.0.0.1", server.getAddress().getPort()), "", "gitlab",
                "alice", ScopePolicy.REPO, Duration.ofDays(30), null, false);
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            ex.getResponseBody().write(b);
        }
    }

    private String inspectFailure() {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> kind.inspect(profile, "alice",
                Secret.of(TOKEN)));
        assertThat(t).isInstanceOf(ServerException.class);
        assertThat(t.getMessage()).doesNotContain(TOKEN);
        assertThat(traced.toString(StandardCharsets.UTF_8)).doesNotContain(TOKEN);
        return t.getMessage();
    }

    @Test
    void aRedirectIsNeverFollowedWithTheToken() {
        answer = ex -> {
            ex.getResponseHeaders().add("Location", "http://127.0.0.1:" + server.getAddress().getPort()
                    + "/elsewhere?private_token=x");
            respond(ex, 302, "text/html", "");
        };

        assertThat(inspectFailure()).contains("redirect").contains("never resends credentials");
        assertThat(seen).hasSize(1);
    }

    @Test
    void anHtmlPageWhereJsonBelongsSaysToCheckTheUrlAndKind() {
        answer = ex -> respond(ex, 200, "text/html", "<!doctype html><html>Sign in</html>");

        assertThat(inspectFailure()).contains("HTML page").contains("vcstoken server list");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"id\": 1, ", "[1,2", "{\"id\": 123456789012345678901234567890}", "nonsense"})
    void unreadableJsonIsAClearErrorNotACrash(String body) {
        answer = ex -> respond(ex, 200, "application/json", body);

        assertThat(inspectFailure()).contains("not readable JSON");
    }

    @Test
    void deeplyNestedJsonIsRefused() {
        answer = ex -> respond(ex, 200, "application/json", "[".repeat(5000) + "]".repeat(5000));

        assertThat(inspectFailure()).contains("not readable JSON");
    }

    @Test
    void aServerErrorSaysTryLater() {
        answer = ex -> respond(ex, 502, "text/plain", "bad gateway");

        assertThat(inspectFailure()).contains("HTTP 502").contains("try again later");
    }

    @Test
    void anAnswerShapedLikeNoGitLabIsRefused() {
        answer = ex -> respond(ex, 200, "application/json", "[]");

        assertThat(inspectFailure()).contains("without the JSON object GitLab sends");
    }

    @Test
    void aDateThatIsNoDateIsRefused() {
        answer = ex -> respond(ex, 200, "application/json",
                "{\"id\":1,\"active\":true,\"scopes\":[\"read_repository\"],\"expires_at\":\"soon\"}");

        assertThat(inspectFailure()).contains("'soon' is not a date");
    }

    @Test
    void aServerEchoingTheTokenInItsRefusalNeverGetsItIntoTheReason() throws Exception {
        answer = ex -> {
            if (ex.getRequestURI().getRawPath().endsWith("/projects/alice%2Fapp")) {
                respond(ex, 200, "application/json", "{\"id\":7}");
            } else {
                respond(ex, 400, "application/json", "{\"message\":\"400 Bad request - token " + TOKEN
                        + " \\u001b[31mis bad\"}");
            }
        };

        ApiOutcome out = kind.apiCreation().orElseThrow().create(profile, "alice", Secret.of(TOKEN),
                new TokenSpec("vcstoken", Duration.ofDays(30), "alice/app", Role.VCS));

        assertThat(out).isInstanceOf(ApiOutcome.Unavailable.class);
        String reason = ((ApiOutcome.Unavailable) out).reason();
        assertThat(reason).startsWith("GitLab answered 400: token **** ").doesNotContain(TOKEN).doesNotContain("\u001b");
    }

    @Test
    void aCreationAnswerWithoutATokenIsAnErrorNotAStoredBlank() {
        answer = ex -> respond(ex, 201, "application/json", ex.getRequestURI().getPath().endsWith("access_tokens")
                ? "{\"id\":9,\"expires_at\":\"2026-04-09\"}" : "{\"id\":7}");

        assertThatThrownBy(() -> kind.apiCreation().orElseThrow().create(profile, "alice", Secret.of(TOKEN),
                new TokenSpec("vcstoken", Duration.ofDays(30), "alice/app", Role.VCS)))
                .isInstanceOf(ServerException.class).hasMessageContaining("has no token");
    }

    @Test
    void aRotationThatGotAServerErrorIsNotTakenForARefusal() {
        answer = ex -> respond(ex, 500, "text/plain", "boom");
        Token t = GitLabFixture.stored("t1", "alice", Role.VCS, "alice/app", Secret.of(TOKEN), "project/7/9", null);

        assertThatThrownBy(() -> kind.rotation().orElseThrow().rotate(profile, t, Secret.of(TOKEN),
                Instant.parse("2026-04-09T12:00:00Z"))).isInstanceOf(ServerException.class)
                .isNotInstanceOf(RotationRefused.class);
    }

    @Test
    void aRotationRefusedWith400IsARotationRefused() {
        answer = ex -> respond(ex, 400, "application/json", "{\"message\":\"400 Bad request - Token already revoked\"}");
        Token t = GitLabFixture.stored("t1", "alice", Role.VCS, "alice/app", Secret.of(TOKEN), "project/7/9", null);

        assertThatThrownBy(() -> kind.rotation().orElseThrow().rotate(profile, t, Secret.of(TOKEN),
                Instant.parse("2026-04-09T12:00:00Z"))).isInstanceOf(RotationRefused.class)
                .hasMessage("GitLab answered 400: Token already revoked");
        assertThat(seen).containsExactly("POST /api/v4/projects/7/access_tokens/9/rotate");
    }

    @Test
    void aServerThatNeverAnswersCostsOneBoundedWait() {
        answer = ex -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };

        assertThat(inspectFailure()).contains("no answer");
    }

    @Test
    void theTokenIsNeverSentOverPlainHttpToAnotherHost() {
        ServerProfile remote = new ServerProfile(Origin.of("http", "gitlab.example.com", -1), "", "gitlab", "alice",
                ScopePolicy.REPO, Duration.ofDays(30), null, false);

        assertThatThrownBy(() -> kind.inspect(remote, "alice", Secret.of(TOKEN))).isInstanceOf(ServerException.class)
                .hasMessageContaining("plain http");
    }

    @Test
    void storedServerIdsOtherThanVcstokensOwnAreNotTakenForIds() {
        assertThat(GitLabTokenId.parse("project/12/345")).hasValue(GitLabTokenId.project(12, 345));
        assertThat(GitLabTokenId.parse("personal/9")).hasValue(GitLabTokenId.personal(9));
        for (String bad : List.of("", "345", "project/12", "project/a/1", "personal/1/2", "personal/../1",
                "project/1/2 ", "personal/99999999999999999999")) {
            assertThat(GitLabTokenId.parse(bad)).as(bad).isEmpty();
        }
    }
}
