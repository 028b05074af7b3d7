package org.vcstoken.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.sandbox.forgejo.Flavor;
import org.vcstoken.sandbox.forgejo.ForgeOptions;
import org.vcstoken.sandbox.forgejo.ForgeSandbox;

/**
 * The demo's calls to a forge's own REST API, against the sandbox's Forgejo imitation: what the
 * steps read back, and a refusal that says what the forge answered without repeating a secret
 * (Forgejo echoes a token it does not know).
 */
class DemoRestTest {
    @TempDir
    Path dir;
    ForgeSandbox forgejo;

    @BeforeEach
    void start() throws IOException {
        forgejo = ForgeSandbox.start(ForgeOptions.defaults(dir, Flavor.FORGEJO));
    }

    @AfterEach
    void stop() {
        if (forgejo != null) {
            forgejo.close();
        }
    }

    @Test
    void theAdminSeedsAUserAndReadsBackHerTokensAsJson() throws Exception {
        DemoRest rest = DemoRest.forgejo(forgejo.url().toString(), forgejo.adminToken());

        Map<String, Object> user = rest.post("/api/v1/admin/users", DemoRest.body("username", "alice", "email",
                "alice@example.test", "password", "alice-password-1", "must_change_password", false), 201);
        forgejo.createToken("alice", "made by hand", List.of("write:repository"));
        List<Map<String, Object>> tokens = rest.list("/api/v1/users/alice/tokens");

        assertThat(user.get("login")).isEqualTo("alice");
        assertThat(DemoRest.number(user.get("id"))).isPositive();
        assertThat(tokens).singleElement().satisfies(t -> assertThat(t.get("name")).isEqualTo("made by hand"));
    }

    @Test
    void anAnswerOtherThanTheOneExpectedFailsWithWhatTheForgeSaidAndNoSecret() {
        String unknown = "0123456789abcdef0123456789abcdef01234567";
        DemoRest refused = DemoRest.forgejo(forgejo.url().toString(), unknown);
        DemoRest admin = DemoRest.forgejo(forgejo.url().toString(), forgejo.adminToken());

        assertThatThrownBy(() -> refused.list("/api/v1/users/alice/tokens")).isInstanceOf(IOException.class)
                .hasMessageStartingWith("the sandbox answered GET /api/v1/users/alice/tokens with HTTP 401: ")
                .hasMessageContaining("access token does not exist").hasMessageContaining("****")
                .hasMessageNotContaining(unknown);
        assertThatThrownBy(() -> admin.post("/api/v1/admin/users", DemoRest.body("username", "bob"), 201))
                .isInstanceOf(IOException.class).hasMessageContaining("with HTTP 4")
                .hasMessageNotContaining(forgejo.adminToken());
    }

    @Test
    void aNumberIsReadFromTheForgesJsonOrTheStepFailsSayingWhatCame() throws Exception {
        assertThat(DemoRest.number(new java.math.BigDecimal("1767225600.25"))).isEqualTo(1767225600L);
        assertThat(DemoRest.number("42")).isEqualTo(42L);
        assertThatThrownBy(() -> DemoRest.number("forty-two")).isInstanceOf(DemoStep.Failed.class)
                .hasMessage("expected a number from the server, got forty-two");
    }
}
