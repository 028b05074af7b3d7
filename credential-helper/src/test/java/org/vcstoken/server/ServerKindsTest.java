package org.vcstoken.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.sandbox.Sandbox;
import org.vcstoken.sandbox.SandboxOptions;
import org.vcstoken.token.Origin;
import org.vcstoken.token.ScopePolicy;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.trace.Trace;

class ServerKindsTest {
    private static final KindContext CONTEXT = new KindContext(HttpTransport.defaults(), Clock.systemUTC(), Trace.off());

    private static ServerProfile profile(String kind) {
        return new ServerProfile(Origin.of("https", "code.example.com", -1), "", kind, "alice", ScopePolicy.REPO,
                null, null, false);
    }

    @Test
    void theShippedFamiliesAreFoundWithoutNamingThem() throws Exception {
        ServerKinds kinds = ServerKinds.load(CONTEXT);
        assertThat(kinds.names()).contains("rhodecode", "generic");
        ServerKind k = kinds.kindFor(profile("rhodecode"));
        assertThat(k.id()).isEqualTo("rhodecode");
        assertThat(k.passwordCreation()).isPresent();
        assertThat(k.rules().defaultRealm()).isEqualTo("RhodeCode");
    }

    @Test
    void genericProfilesCanOnlyProbeAndPointToTheServer() throws Exception {
        ServerKind k = ServerKinds.load(CONTEXT).kindFor(profile("generic"));
        assertThat(k.id()).isEqualTo("generic");
        assertThat(k.passwordCreation()).isEmpty();
        assertThat(k.apiCreation()).isEmpty();
        assertThat(k.rotation()).isEmpty();
        assertThat(k.listing()).isEmpty();
        assertThat(k.tokenPage(profile("generic"), null).uri().toString()).isEqualTo("https://code.example.com/");
    }

    @Test
    void anUnknownKindListsTheValidOnes() {
        assertThatThrownBy(() -> ServerKinds.load(CONTEXT).kindFor(profile("bitbucket")))
                .isInstanceOf(ServerException.class)
                .hasMessageContaining("unknown server kind 'bitbucket'")
                .hasMessageContaining("valid kinds: ")
                .hasMessageContaining("rhodecode")
                .hasMessageContaining("--kind KIND");
    }

    @Test
    void aRegistryHoldsExactlyTheFamiliesItIsGivenAndBuildsEachOnce() throws Exception {
        int[] made = {0};
        KindProvider test = new TestProvider("test", 5, ignored -> Optional.empty(), made);
        ServerKinds kinds = new ServerKinds(CONTEXT, List.of(test));
        assertThat(kinds.names()).containsExactly("test");
        ServerKind first = kinds.kindFor(profile("test"));
        assertThat(kinds.kindFor(profile("TEST"))).isSameAs(first);
        assertThat(made[0]).isEqualTo(1);
        assertThatThrownBy(() -> kinds.kindFor(profile("rhodecode"))).hasMessageContaining("valid kinds: test");
    }

    @Test
    void twoFamiliesWithOneNameAreRefused() {
        KindProvider a = new TestProvider("same", 1, p -> Optional.empty(), new int[1]);
        KindProvider b = new TestProvider("same", 2, p -> Optional.empty(), new int[1]);
        assertThatThrownBy(() -> new ServerKinds(CONTEXT, List.of(a, b)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'same'");
    }

    @Test
    void detectionAsksFamiliesInOrderAndEachQuestionOnce() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        List<String> asked = new ArrayList<>();
        server.createContext("/", exchange -> {
            asked.add(exchange.getRequestURI().getPath());
            byte[] body = "{\"version\":\"1.0\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/api/version") ? 200 : 404,
                    body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            List<String> order = new ArrayList<>();
            KindProvider late = new TestProvider("late", 20, probe -> {
                order.add("late");
                return probe.get("api/version").filter(r -> r.status() == 200).map(r -> "answered " + r.text());
            }, new int[1]);
            KindProvider early = new TestProvider("early", 10, probe -> {
                order.add("early");
                return probe.get("api/version").filter(r -> r.text().contains("early")).map(r -> "never");
            }, new int[1]);
            ServerKinds kinds = new ServerKinds(CONTEXT, List.of(late, early));
            ServerKinds.Detected found = kinds.detect(Origin.of("http", "127.0.0.1", server.getAddress().getPort()), "");
            assertThat(found).isEqualTo(new ServerKinds.Detected.Found("late", "answered {\"version\":\"1.0\"}"));
            assertThat(order).containsExactly("early", "late");
            assertThat(asked).containsExactly("/api/version");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void detectionOfAServerThatIsNotThereSaysUnreachable() throws Exception {
        int port;
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        } // the port is now closed: connections are refused
        KindProvider any = new TestProvider("any", 1, probe -> probe.get("x").map(r -> "found"), new int[1]);
        ServerKinds.Detected found = new ServerKinds(CONTEXT, List.of(any)).detect(Origin.of("http", "127.0.0.1", port), "");
        assertThat(found).isInstanceOf(ServerKinds.Detected.Unreachable.class);
        assertThat(((ServerKinds.Detected.Unreachable) found).why()).contains("connection refused");
    }

    @Test
    void theGenericKindChecksTokensWithThePlainVcsRequests(@TempDir Path dir) throws Exception {
        try (Sandbox sb = Sandbox.start(SandboxOptions.defaults(dir).withAuthCacheTtl(Duration.ZERO))) {
            sb.createUser("alice", "pw");
            sb.createRepo("app", "git", "alice");
            Secret t = Secret.of(sb.addToken("alice", "token_role_vcs", 60, "t", null).token());
            ServerProfile p = new ServerProfile(Origin.of("http", "127.0.0.1", sb.url().getPort()), "", "generic",
                    "alice", ScopePolicy.REPO, null, null, false);
            ServerKind k = ServerKinds.load(CONTEXT).kindFor(p);
            assertThat(k.probe(p, "app", VcsType.GIT, "alice", t)).isEqualTo(ProbeResult.ACCEPTED);
            assertThat(k.probe(p, "app", VcsType.GIT, "alice", Secret.of("0".repeat(40))))
                    .isEqualTo(ProbeResult.REJECTED);
            assertThatThrownBy(() -> k.probe(p, "", VcsType.GIT, "alice", t))
                    .isInstanceOf(ServerException.class)
                    .hasMessageContaining("without a repository");
            assertThat(k.tokenPage(p, null).uri().toString()).isEqualTo(sb.url() + "/");
        }
    }

    @Test
    void timeoutsMustBePositive() {
        assertThatThrownBy(() -> new HttpTransport(Duration.ZERO, Duration.ofSeconds(1), Trace.off()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connectTimeout");
    }

    @Test
    void repositoryPathsArePercentEncodedSegmentBySegment() {
        assertThat(HttpTransport.encodePath("grp/my repo/ü#?")).isEqualTo("grp/my%20repo/%C3%BC%23%3F");
    }

    /** A family of the test's own: it recognises what its function says and counts its kinds. */
    private record TestProvider(String id, int detectionOrder,
            java.util.function.Function<ServerProbe, Optional<String>> detector, int[] made) implements KindProvider {
        @Override
        public ServerKind create(KindContext context) {
            made[0]++;
            return new GenericKind(context.http());
        }

        @Override
        public Optional<String> detect(ServerProbe probe, Origin origin, String prefix) {
            return detector.apply(probe);
        }
    }
}
