package org.vcstoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.check.Check;
import org.vcstoken.check.Finding;
import org.vcstoken.env.Environment;
import org.vcstoken.server.GuidedPage;
import org.vcstoken.server.KindContext;
import org.vcstoken.server.KindProvider;
import org.vcstoken.server.KindRules;
import org.vcstoken.server.ProbeResult;
import org.vcstoken.server.ServerKind;
import org.vcstoken.server.ServerKinds;
import org.vcstoken.server.ServerProbe;
import org.vcstoken.server.ServerUnderCheck;
import org.vcstoken.server.TokenSpec;
import org.vcstoken.server.VcsType;
import org.vcstoken.token.Origin;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;

/**
 * A server family adds checks of its own to {@code vcstoken doctor} through the seam
 * ({@link ServerKind#checks}): doctor runs them after its own for that server, prints what they
 * find in its own format, counts their failures in its exit status, and skips them when the
 * server does not answer; a check that throws is one failure, and the checks after it still run.
 */
class DoctorFamilyChecksTest {
    @TempDir
    Path dir;
    HttpServer server;
    String url;
    final List<ServerUnderCheck> asked = new ArrayList<>();

    /** A family whose doctor checks say what they were given: one passes, one fails with its fix. */
    final class CheckedKind implements ServerKind {
        @Override
        public String id() {
            return "generic"; // a name the store knows; the registry gives it this test family
        }

        @Override
        public KindRules rules() {
            return new KindRules(Duration.ofDays(30), null, null, false, false, true, null);
        }

        @Override
        public ProbeResult probe(ServerProfile profile, String repo, VcsType vcs, String username, Secret token) {
            return ProbeResult.ACCEPTED;
        }

        @Override
        public GuidedPage tokenPage(ServerProfile profile, TokenSpec spec) {
            return new GuidedPage(URI.create(profile.baseUrl() + "/tokens"), "make one");
        }

        @Override
        public List<Check> checks(ServerUnderCheck under) {
            asked.add(under);
            return List.of(
                    Check.of("checked tokens", report -> report.accept(Finding.pass("checked: " + under.tokens().size()
                            + " token(s) of " + under.profile().baseUrl() + ", repository "
                            + under.repository().orElse("(none)")))),
                    Check.of("checked rules", report -> report.accept(Finding.fail("checked: the forge says no",
                            "do what the forge asks"))),
                    Check.of("checked broken", report -> {
                        throw new IllegalStateException("a bug in the family");
                    }),
                    Check.of("checked last", report -> report.accept(Finding.pass("checked: still run"))));
        }
    }

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"checked\"");
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private record Run(int exit, String out, String err) {
    }

    private Run vcstoken(String stdin, String... args) throws Exception {
        // No git, hg or svn on PATH and a helper that runs: the family's checks are all that can fail.
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Map<String, String> vars = Map.of("HOME", dir.toString(), "VCSTOKEN_HOME", dir.resolve("state").toString(),
                "PATH", bin.toString(), "VCSTOKEN_GIT_HELPER", "/bin/sh");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CheckedKind kind = new CheckedKind();
        KindProvider provider = new KindProvider() {
            @Override
            public String id() {
                return "generic"; // a name the store knows; the registry gives it this test family
            }

            @Override
            public int detectionOrder() {
                return 1;
            }

            @Override
            public ServerKind create(KindContext context) {
                return kind;
            }

            @Override
            public Optional<String> detect(ServerProbe probe, Origin origin, String prefix) {
                return Optional.empty();
            }
        };
        int exit = VcstokenMain.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new Environment(vars), FileSystems.getDefault(), Clock.systemUTC(),
                context -> new ServerKinds(context, List.of(provider)));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private void setUpServer() throws Exception {
        assertThat(vcstoken("", "server", "add", url, "--kind", "generic", "--user", "alice").exit()).isZero();
        Run add = vcstoken("0123456789abcdef0123456789abcdef01234567\n", "token", "add", url + "/team/app", "--user", "alice");
        assertThat(add.exit()).as(add.out() + add.err()).isZero();
    }

    @Test
    void aFamilysOwnChecksRunAfterDoctorsAndTheirFailuresCount() throws Exception {
        setUpServer();

        Run r = vcstoken("", "doctor", url + "/team/app");

        assertThat(r.out()).as(r.err()).contains(
                "ok   checked: 1 token(s) of " + url + ", repository team/app\n",
                "FAIL checked: the forge says no\n       fix: do what the forge asks\n",
                "FAIL checked broken: the check itself failed (IllegalStateException)\n",
                "ok   checked: still run\n", "doctor: 2 checks failed");
        assertThat(r.out().indexOf("ok   checked: 1 token(s)")).as("after doctor's own checks of the server and its tokens")
                .isGreaterThan(r.out().indexOf("(repo team/app, user alice): expires"));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(asked).singleElement().satisfies(u -> {
            assertThat(u.profile().baseUrl()).isEqualTo(url);
            assertThat(u.repository()).contains("team/app");
        });
    }

    @Test
    void aFamilysChecksAreSkippedWhenTheServerDoesNotAnswer() throws Exception {
        setUpServer();
        server.stop(0);

        Run r = vcstoken("", "doctor", url);

        assertThat(r.out()).contains("FAIL " + url + ": not reachable", "doctor: 1 check failed")
                .doesNotContain("checked:");
        assertThat(r.out()).as("a token is not checked on a server that does not answer").doesNotContain("(repo team/app, user alice)");
    }
}
