package org.vcstoken.server.rhodecode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vcstoken.server.AccountSession;
import org.vcstoken.server.CreatedToken;
import org.vcstoken.server.HttpTransport;
import org.vcstoken.server.ServerException;
import org.vcstoken.server.TokenSpec;
import org.vcstoken.token.Role;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.trace.Trace;

/**
 * The whole assisted creation against pages built from RhodeCode CE 4.27's templates (see
 * {@link Fixtures}), served as RhodeCode's views answer: what vcstoken sends is recorded and must
 * be exactly the page's own forms, and what it keeps must be what the pages say.
 */
class FixturePagesSessionTest {
    static final String CSRF = "5f4e3d2c1b0a5f4e3d2c1b0a5f4e3d2c1b0a5f4e";
    static final String PASSWORD = "pw-ﬁne!";
    static final String TOKEN = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567";
    /** vcstoken's own clock, far from the server's: only what the page says may count. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2031-05-06T07:08:09Z"), ZoneOffset.UTC);

    /** One request the server saw. */
    record Seen(String method, String path, String query, String body, String cookie, String xhr) {
    }

    FakeServer server;
    final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    final Map<String, String> created = new ConcurrentHashMap<>();
    volatile boolean ee;
    volatile String loginAnswer = "ok";
    volatile String newRowScope = null;
    volatile String newRowExpiry = Fixtures.time("2024-11-28 09:30:00.250000+00:00", "Thu, 28 Nov 2024 09:30:00");
    volatile String reposJson = "{\"more\": false, \"results\": []}";
    volatile String alerts = "[]";

    @BeforeEach
    void start() throws IOException {
        server = new FakeServer();
        server.on("/_admin/login", ex -> {
            Seen s = record(ex);
            if (s.method().equals("GET")) {
                String flash = loginAnswer.startsWith("ip") ? Fixtures.alerts("warning", "IP 10.0.0.8 not allowed") : "[]";
                page(ex, 200, Fixtures.loginPage(CSRF, flash, "%2F", "", null, null), "rhodecode=anonymous-session");
            } else if (loginAnswer.equals("wrong")) {
                page(ex, 200, Fixtures.loginPage(CSRF, "[]", "%2F", "alice", "invalid user name", "invalid password"),
                        "rhodecode=fresh-session");
            } else if (loginAnswer.equals("disabled")) {
                page(ex, 200, Fixtures.loginPage(CSRF, "[]", "%2F", "alice", "Your account is disabled", null),
                        "rhodecode=fresh-session");
            } else if (loginAnswer.equals("blocked")) {
                page(ex, 200, Fixtures.loginPage(CSRF, Fixtures.alerts("error", "Login blocked by the LDAP plugin"),
                        "%2F", "alice", null, null), "rhodecode=fresh-session");
            } else {
                redirect(ex, "/", "rhodecode=logged-in-session");
            }
        });
        server.on("/_admin/my_account/auth_tokens", ex -> {
            Seen s = record(ex);
            if (!"rhodecode=logged-in-session".equals(s.cookie()) || loginAnswer.startsWith("ip")) {
                redirect(ex, "/_admin/login?came_from=%2F_admin%2Fmy_account%2Fauth_tokens", null);
                return;
            }
            StringBuilder rows = new StringBuilder(Fixtures.row("3", "9f2c", "Generated feed token", "feed access",
                    "Global", Fixtures.NEVER, CSRF));
            created.forEach((id, description) -> rows.append(Fixtures.row(id, "0a1b", description,
                    "vcs (git/hg/svn protocol)", newRowScope == null ? "Global" : newRowScope, newRowExpiry, CSRF)));
            String shown = alerts;
            alerts = "[]";
            page(ex, 200, Fixtures.tokensPage(ee, CSRF, shown, rows.toString()), null);
        });
        server.on("/_admin/my_account/auth_tokens/new", ex -> {
            Seen s = record(ex);
            String description = field(s.body(), "description");
            created.put(Integer.toString(40 + created.size()), description);
            alerts = Fixtures.alerts("success", "Auth token successfully created");
            redirect(ex, "/_admin/my_account/auth_tokens", null);
        });
        server.on("/_admin/my_account/auth_tokens/view", ex -> {
            Seen s = record(ex);
            if (s.xhr() == null) {
                FakeServer.respond(ex, 404, "text/html", "<html>404</html>");
                return;
            }
            FakeServer.respond(ex, 200, "application/json", "{\"auth_token\": \"" + TOKEN + "\"}");
        });
        server.on("/_admin/my_account/auth_tokens/delete", ex -> {
            Seen s = record(ex);
            created.remove(field(s.body(), "del_auth_token"));
            redirect(ex, "/_admin/my_account/auth_tokens", null);
        });
        server.on("/_repos", ex -> {
            Seen s = record(ex);
            if (s.xhr() == null) {
                FakeServer.respond(ex, 404, "text/html", "<html>404</html>");
                return;
            }
            FakeServer.respond(ex, 200, "application/json", reposJson);
        });
        server.on("/_admin/logout", ex -> {
            record(ex);
            redirect(ex, "/", "rhodecode=; Max-Age=0; Path=/");
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Seen record(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Seen s = new Seen(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestURI().getRawQuery(), body,
                ex.getRequestHeaders().getFirst("Cookie"), ex.getRequestHeaders().getFirst("X-Requested-With"));
        seen.add(s);
        return s;
    }

    private void page(HttpExchange ex, int status, String html, String cookie) throws IOException {
        if (cookie != null) {
            ex.getResponseHeaders().add("Set-Cookie", cookie + "; httponly; Path=/");
        }
        FakeServer.respond(ex, status, "text/html; charset=utf-8", html);
    }

    /** RhodeCode's redirects are absolute (WebOb). */
    private void redirect(HttpExchange ex, String path, String cookie) throws IOException {
        if (cookie != null) {
            ex.getResponseHeaders().add("Set-Cookie", cookie.contains("Path=") ? cookie : cookie + "; httponly; Path=/");
        }
        ex.getResponseHeaders().set("Location", "http://127.0.0.1:" + server.port() + path);
        FakeServer.respond(ex, 302, "text/html", "");
    }

    private static String field(String body, String name) {
        for (String pair : body.split("&")) {
            if (pair.startsWith(name + "=")) {
                return java.net.URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private List<Seen> seen(String method, String path) {
        List<Seen> out = new ArrayList<>();
        for (Seen s : seen) {
            if (s.method().equals(method) && s.path().equals(path)) {
                out.add(s);
            }
        }
        return out;
    }

    private AccountSession login() throws ServerException {
        RhodeCodeKind kind = new RhodeCodeKind(new HttpTransport(Duration.ofSeconds(5), Duration.ofSeconds(10),
                Trace.off()), CLOCK);
        return kind.login(profile(), "alice", PASSWORD.toCharArray());
    }

    private ServerProfile profile() {
        return server.profile("alice");
    }

    @Test
    void submitsExactlyTheLoginTheTokenTheViewAndTheLogoutFormsWithTheirOwnCsrf() throws Exception {
        CreatedToken t;
        try (AccountSession s = login()) {
            assertThat(s.supportsRepoScope()).isFalse();
            t = s.create(new TokenSpec("vcstoken 2031-05-06", Duration.ofHours(1), null, Role.VCS));
        }
        assertThat(seen("POST", "/_admin/login")).singleElement().satisfies(s -> {
            assertThat(s.query()).isEqualTo("came_from=%2F");
            assertThat(s.cookie()).isEqualTo("rhodecode=anonymous-session");
            assertThat(s.body()).isEqualTo("username=alice&password=pw-%EF%AC%81ne%21&sign_in=Sign+In");
        });
        assertThat(seen("POST", "/_admin/my_account/auth_tokens/new")).singleElement().satisfies(s -> {
            assertThat(s.cookie()).isEqualTo("rhodecode=logged-in-session");
            assertThat(s.body()).isEqualTo("csrf_token=" + CSRF + "&description=vcstoken+2031-05-06&lifetime=60"
                    + "&role=token_role_vcs&save=Add");
        });
        assertThat(seen("POST", "/_admin/my_account/auth_tokens/view")).singleElement().satisfies(s -> {
            assertThat(s.xhr()).isEqualTo("XMLHttpRequest");
            assertThat(s.body()).isEqualTo("auth_token_id=40&csrf_token=" + CSRF);
        });
        assertThat(seen("POST", "/_admin/logout")).singleElement().satisfies(s ->
                assertThat(s.body()).isEqualTo("csrf_token=" + CSRF + "&log_out=Sign+Out"));
        assertThat(t.serverId()).isEqualTo("40");
        assertThat(t.secret().reveal()).isEqualTo(TOKEN);
        assertThat(t.repo()).isNull();
        assertThat(t.expires()).as("the row's <time datetime>, not vcstoken's clock")
                .isEqualTo(Instant.parse("2024-11-28T09:30:00.25Z"));
        assertThat(t.note()).isNull();
    }

    @Test
    void withoutATimeOnThePageTheExpiryIsTheLifetimeOnTheInjectedClockAndSaysSo() throws Exception {
        newRowExpiry = "                      nie";
        CreatedToken t;
        try (AccountSession s = login()) {
            t = s.create(new TokenSpec("d", Duration.ofDays(30), null, Role.VCS));
        }
        assertThat(t.expires()).isEqualTo(Instant.parse("2031-06-05T07:08:09Z"));
        assertThat(t.note()).contains("does not say when token 40 expires").contains("30d")
                .contains("2031-06-05T07:08:09Z").contains("vcstoken renew");
    }

    @Test
    void eeScopesATokenWithTheIdTheRepositoryListGivesForTheExactName() throws Exception {
        ee = true;
        newRowScope = "Repository: grp/app";
        reposJson = "{\"more\": false, \"results\": [{\"text\": \"Repositories\", \"children\": ["
                + "{\"id\": \"GRP/app\", \"text\": \"GRP/app\", \"repo_id\": 7, \"type\": \"repo\"},"
                + "{\"id\": \"grp/app\", \"text\": \"grp/app\", \"repo_id\": 42, \"type\": \"repo\"},"
                + "{\"id\": \"grp/app-old\", \"text\": \"grp/app-old\", \"repo_id\": 43, \"type\": \"repo\"}]}]}";
        CreatedToken t;
        try (AccountSession s = login()) {
            assertThat(s.supportsRepoScope()).isTrue();
            assertThat(s.offersRepoScope("grp/app")).isTrue();
            t = s.create(new TokenSpec("scoped", Duration.ofHours(1), "grp/app", Role.VCS));
        }
        assertThat(seen("GET", "/_repos")).singleElement().satisfies(s -> {
            assertThat(s.query()).isEqualTo("query=grp%2Fapp");
            assertThat(s.xhr()).isEqualTo("XMLHttpRequest");
        });
        assertThat(seen("POST", "/_admin/my_account/auth_tokens/new")).singleElement().satisfies(s ->
                assertThat(s.body()).isEqualTo("csrf_token=" + CSRF + "&description=scoped&lifetime=60"
                        + "&role=token_role_vcs&scope_repo_id=42&save=Add"));
        assertThat(t.repo()).isEqualTo("grp/app");
    }

    @Test
    void eeSaysSoWhenTheRepositoryListDoesNotOfferTheRepository() throws Exception {
        ee = true;
        try (AccountSession s = login()) {
            assertThat(s.offersRepoScope("grp/secret")).isFalse();
            assertThatThrownBy(() -> s.create(new TokenSpec("x", Duration.ofHours(1), "grp/secret", Role.VCS)))
                    .isInstanceOf(ServerException.class).hasMessageContaining("does not offer grp/secret as a token scope");
        }
        assertThat(seen("POST", "/_admin/my_account/auth_tokens/new")).isEmpty();
    }

    @Test
    void aTokenTheServerDidNotLimitToTheRepositoryIsDeletedAgain() throws Exception {
        ee = true;
        newRowScope = "Global";
        reposJson = "{\"more\": false, \"results\": [{\"text\": \"Repositories\", \"children\": ["
                + "{\"id\": \"grp/app\", \"text\": \"grp/app\", \"repo_id\": 42}]}]}";
        try (AccountSession s = login()) {
            assertThatThrownBy(() -> s.create(new TokenSpec("x", Duration.ofHours(1), "grp/app", Role.VCS)))
                    .isInstanceOf(ServerException.class).hasMessageContaining("server-wide instead of limiting it to grp/app");
        }
        assertThat(seen("POST", "/_admin/my_account/auth_tokens/delete")).singleElement().satisfies(s ->
                assertThat(s.body()).isEqualTo("csrf_token=" + CSRF + "&del_auth_token=40"));
        assertThat(created).isEmpty();
    }

    @Test
    void aWrongPasswordIsReportedInRhodeCodesWordsWhichDoNotSayWhichFieldIsWrong() {
        loginAnswer = "wrong";
        assertThatThrownBy(this::login).isInstanceOf(ServerException.class)
                .hasMessageContaining("the user name or the password is wrong")
                .hasMessageContaining("\"invalid user name\" and \"invalid password\"")
                .hasMessageContaining("it does not tell which").hasMessageNotContaining(PASSWORD);
    }

    @Test
    void aDisabledAccountIsReportedAsSuch() {
        loginAnswer = "disabled";
        assertThatThrownBy(this::login).isInstanceOf(ServerException.class)
                .hasMessageContaining("refused the account alice (\"Your account is disabled\")")
                .hasMessageContaining("inactive");
    }

    @Test
    void aBlockedLoginGivesTheServersReason() {
        loginAnswer = "blocked";
        assertThatThrownBy(this::login).isInstanceOf(ServerException.class)
                .hasMessageContaining("RhodeCode says \"Login blocked by the LDAP plugin\"");
    }

    @Test
    void anAddressTheAccountMayNotLogInFromIsReportedWithTheServersReason() {
        loginAnswer = "ip";
        assertThatThrownBy(this::login).isInstanceOf(ServerException.class)
                .hasMessageContaining("sent it back to the login page")
                .hasMessageContaining("RhodeCode says \"IP 10.0.0.8 not allowed\"");
    }
}
