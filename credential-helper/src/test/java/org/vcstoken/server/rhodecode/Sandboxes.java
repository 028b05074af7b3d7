package org.vcstoken.server.rhodecode;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.vcstoken.sandbox.web.Edition;
import org.vcstoken.sandbox.Sandbox;
import org.vcstoken.sandbox.SandboxOptions;
import org.vcstoken.server.HttpTransport;
import org.vcstoken.token.Origin;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.trace.Trace;

/** Shared set-up: a sandbox without auth cache, and profiles and kinds pointing at it. */
final class Sandboxes {
    /**
     * Custom header code an admin might put on every page: a script and a comment that mention
     * token fields, another site's login form with its own CSRF field, and markup with {@code >}
     * in attributes and non-ASCII text.
     */
    static final String NOISY_PRE_CODE = "<!-- tracking: <input type=\"hidden\" name=\"csrf_token\" value=\"comment\"> -->\n"
            + "<script>var CSRF_TOKEN = \"custom-code\"; var t = '<form action=\"/_admin/login\" method=\"post\">"
            + "<input name=\"username\"><input type=\"password\" name=\"password\"></form>';</script>\n"
            + "<form action=\"https://intranet.example.net/sso\" method=\"post\" class=\"intranet\">"
            + "<input type=\"hidden\" name=\"csrf_token\" value=\"intranet\"><input type=\"text\" name=\"username\">"
            + "<input type=\"password\" name=\"password\"></form>\n"
            + "<meta name=\"banner\" content=\"Wartung > Sonntag – 02:00\">";
    static final String NOISY_POST_CODE = "<div class=\"footer\" title=\"a > b\">Ünïcödé – © Acme "
            + "<form action=\"/_admin/my_account/auth_tokens/delete\" method=\"get\"><input name=\"del_auth_token\""
            + " value=\"1\"></form></div>";

    private Sandboxes() {
    }

    /** A sandbox of {@code edition} whose pages carry {@link #NOISY_PRE_CODE} and {@link #NOISY_POST_CODE}. */
    static Sandbox start(Path dir, Edition edition) throws java.io.IOException {
        Sandbox sb = Sandbox.start(SandboxOptions.defaults(dir).withAuthCacheTtl(Duration.ZERO).withEdition(edition));
        sb.setCustomCode(NOISY_PRE_CODE, NOISY_POST_CODE);
        return sb;
    }

    static ServerProfile profile(Sandbox sb, String username) {
        return ServerProfile.withDefaults(Origin.of("http", sb.url().getHost(), sb.url().getPort()), "", username);
    }

    static RhodeCodeKind kind() {
        return kind(Clock.systemUTC());
    }

    static RhodeCodeKind kind(Clock clock) {
        return new RhodeCodeKind(new HttpTransport(Duration.ofSeconds(5), Duration.ofSeconds(20), Trace.off()), clock);
    }
}
