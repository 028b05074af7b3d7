package org.vcstoken.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.testing.Proc;
import org.vcstoken.testing.TestInstall;
import org.vcstoken.testing.Tools;

/**
 * A server that answers the authenticated request with a redirect to plain http, another port or
 * another host: real git, asking our helper, follows it (git follows redirects of the first
 * request), and the new location must never see the token, neither raw nor Basic-encoded. The
 * front server must have received it, so the redirect really came after authentication.
 */
class RedirectAndDowngradeTest {
    static final String TOKEN = "5ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2";

    @TempDir
    static Path shared;
    static Path keyStore;

    @TempDir
    Path dir;
    TestInstall install;
    CaptureServer front;
    CaptureServer target;

    @BeforeAll
    static void needs() throws Exception {
        Tools.require("git");
        keyStore = CaptureServer.selfSignedKeyStore(shared);
    }

    @BeforeEach
    void setUp() throws Exception {
        install = TestInstall.in(dir.resolve("client"));
    }

    @AfterEach
    void stop() {
        if (front != null) {
            front.close();
        }
        if (target != null) {
            target.close();
        }
    }

    @ParameterizedTest(name = "{0} front redirects to {1} ({2})")
    @CsvSource({
        "http,  127.0.0.2, initial",
        "http,  127.0.0.1, initial",
        "https, 127.0.0.1, initial",
        "https, 127.0.0.2, true",
        "http,  127.0.0.2, true",
    })
    void theRedirectTargetNeverReceivesTheToken(String frontScheme, String targetHost, String follow) throws Exception {
        target = CaptureServer.http(targetHost).answer((ex, body) -> {
            ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"elsewhere\"");
            CaptureServer.respond(ex, 401, "text/plain", "who are you");
        });
        front = (frontScheme.equals("https") ? CaptureServer.https(keyStore) : CaptureServer.http()).answer((ex, body) -> {
            if (ex.getRequestHeaders().getFirst("Authorization") == null) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"front\"");
                CaptureServer.respond(ex, 401, "text/plain", "log in");
            } else {
                CaptureServer.redirect(ex, 302, target.url() + ex.getRequestURI());
            }
        });
        String repo = front.url() + "/grp/app";
        install.addToken(repo, "alice", TOKEN);

        Proc.Result ls = Proc.run(List.of("git", "-c", "credential.helper=", "-c", "credential.helper=" + install.helper(),
                "-c", "credential.useHttpPath=true", "-c", "http.sslVerify=false", "-c", "http.followRedirects=" + follow,
                "ls-remote", repo), install.env(), dir, null, Duration.ofSeconds(120));

        String basic = Base64.getEncoder().encodeToString(("alice:" + TOKEN).getBytes(StandardCharsets.UTF_8));
        assertThat(String.join("\n", front.requests())).as("the front server got the token: the redirect followed "
                + "authentication").contains("decoded-basic: alice:" + TOKEN);
        assertThat(target.requests()).as("git followed the redirect (%s)", ls).isNotEmpty();
        assertThat(String.join("\n", target.requests())).as("what %s received", target.url())
                .doesNotContain(TOKEN).doesNotContain(basic);
        assertThat(ls.exit()).as(ls.toString()).isNotZero();
        assertThat(ls.out() + ls.err()).doesNotContain(TOKEN);
    }
}
