package org.vcstoken.server.rhodecode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.vcstoken.server.AccountSession;
import org.vcstoken.server.CreatedToken;
import org.vcstoken.server.HttpTransport;
import org.vcstoken.server.ServerException;
import org.vcstoken.server.TokenSpec;
import org.vcstoken.token.Role;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;

/**
 * A RhodeCode web UI session, driven the way a browser does: the login form, then My Account →
 * Auth Tokens with its {@code new}, {@code view} and {@code delete} actions, each carrying the
 * page's {@code csrf_token}. The session cookie is kept here and sent only to the profile's
 * origin; no request follows a redirect. Not thread-safe: one session serves one creation.
 */
final class WebSession implements AccountSession {
    static final String LOGIN = "_admin/login";
    static final String LOGOUT = "_admin/logout";
    static final String TOKENS = "_admin/my_account/auth_tokens";
    private static final String FORM = "application/x-www-form-urlencoded";

    private final HttpTransport http;
    private final ServerProfile profile;
    private final String username;
    private final Clock clock;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private TokensPage page;
    private boolean closed;

    private WebSession(HttpTransport http, ServerProfile profile, String username, Clock clock) {
        this.http = http;
        this.profile = profile;
        this.username = username;
        this.clock = clock;
    }

    /** Logs in; every byte built from {@code password} is cleared before this returns. */
    static WebSession open(HttpTransport http, ServerProfile profile, String username, char[] password, Clock clock)
            throws ServerException {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        HttpTransport.requireSafeTransportForPassword(profile);
        WebSession s = new WebSession(http, profile, username, clock);
        s.login(password);
        s.reload();
        return s;
    }

    private String what(String action) {
        return action + " on " + profile.baseUrl() + " as " + username;
    }

    private String byHand() {
        return "; or create the token by hand at " + RhodeCodeKind.tokenPageOf(profile)
                + " and add it with: vcstoken token add " + profile.baseUrl() + " --user " + username;
    }

    // ---- login -------------------------------------------------------------------------

    private void login(char[] password) throws ServerException {
        String what = what("logging in");
        URI loginUri = HttpTransport.resolve(profile, LOGIN);
        HttpTransport.Reply page = send(HttpRequest.newBuilder(loginUri).GET(), what);
        if (page.status() != 200 || !page.isHtml()) {
            throw page.isRedirect()
                    ? new ServerException(what + ": the login page redirects elsewhere (single sign-on?); vcstoken can "
                            + "only use RhodeCode's own login form" + byHand())
                    : http.unexpected(what, page);
        }
        String html = page.text();
        List<Html.Tag> tags = Html.tags(html);
        Html.Tag form = null;
        Html.Tag lastForm = null;
        String passwordField = null;
        String usernameField = null;
        List<Html.Tag> hidden = new ArrayList<>();
        for (Html.Tag t : tags) {
            if (t.name().equals("form")) {
                lastForm = t;
            } else if (t.name().equals("input") && passwordField == null) {
                String type = Objects.requireNonNullElse(t.attr("type"), "text").toLowerCase(Locale.ROOT);
                String name = t.attr("name");
                if (name == null || name.isEmpty()) {
                    continue;
                }
                if (type.equals("password")) {
                    passwordField = name;
                    form = lastForm;
                } else if (type.equals("hidden")) {
                    hidden.add(t);
                } else if ((type.equals("text") || type.equals("email")) && (usernameField == null || name.equals("username"))) {
                    usernameField = name;
                }
            }
        }
        if (passwordField == null || usernameField == null) {
            throw new ServerException(what + ": the login page at " + loginUri
                    + " has no username and password form that vcstoken recognises; is the server kind right "
                    + "(vcstoken server list)?" + byHand());
        }
        URI action = formAction(form, loginUri, what);
        FormBody body = new FormBody();
        for (Html.Tag h : hidden) {
            body.add(h.attr("name"), Objects.requireNonNullElse(h.attr("value"), ""));
        }
        body.add(usernameField, username).add(passwordField, password);
        byte[] bytes = body.bytes();
        body.clear();
        HttpTransport.Reply reply;
        try {
            reply = send(HttpRequest.newBuilder(action).header("Content-Type", FORM)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)), what);
        } finally {
            FormBody.clear(bytes);
        }
        if (reply.isRedirect()) {
            String to = reply.headers().firstValue("Location").orElse("");
            requireSameOrigin(reply, to, what);
            if (to.contains("/" + LOGIN)) {
                throw refused(what, null, password);
            }
            if (cookies.isEmpty()) {
                throw new ServerException(what + ": the server accepted the login but set no session cookie; "
                        + "vcstoken cannot keep the session" + byHand());
            }
            return;
        }
        if (reply.status() == 200 && reply.isHtml()) {
            throw refused(what, loginError(reply.text()), password);
        }
        throw http.unexpected(what, reply);
    }

    /** The form's action, which must stay on the profile's origin: the password goes nowhere else. */
    private URI formAction(Html.Tag form, URI loginUri, String what) throws ServerException {
        String action = form == null ? null : form.attr("action");
        if (action == null || action.isBlank()) {
            return loginUri;
        }
        URI resolved;
        try {
            resolved = loginUri.resolve(action.trim());
        } catch (IllegalArgumentException e) {
            throw new ServerException(what + ": the login form's target is not a valid URL; refusing to send the "
                    + "password" + byHand(), e);
        }
        if (!HttpTransport.origin(resolved).equals(HttpTransport.origin(loginUri))) {
            throw new ServerException(what + ": the login form would send the password to "
                    + HttpTransport.origin(resolved) + ", not to " + profile.baseUrl() + "; refusing" + byHand());
        }
        return resolved;
    }

    private void requireSameOrigin(HttpTransport.Reply reply, String location, String what) throws ServerException {
        URI to;
        try {
            to = reply.uri().resolve(location.trim());
        } catch (IllegalArgumentException e) {
            throw new ServerException(what + ": the server redirected to an invalid address; check the server URL", e);
        }
        if (location.isBlank() || !HttpTransport.origin(to).equals(HttpTransport.origin(reply.uri()))) {
            throw http.unexpected(what, reply);
        }
    }

    private static String loginError(String html) {
        for (Html.Tag t : Html.tags(html)) {
            if ("login-error".equals(t.attr("id")) || t.hasClass("error-message") || t.hasClass("alert-danger")
                    || t.hasClass("error_msg")) {
                String text = Html.textAfter(html, t);
                if (!text.isEmpty()) {
                    return text;
                }
            }
        }
        return null;
    }

    private ServerException refused(String what, String serverText, char[] password) {
        String text = serverText == null || contains(serverText, password) ? "the server showed the login form again"
                : "the server says: " + HttpTransport.printable(serverText, 200);
        return new ServerException(what + " was refused (" + text + "). Check the user name and the account password "
                + "(the web login password, not a token)" + byHand());
    }

    /** Whether a server text repeats the password, in which case it is not shown. */
    private static boolean contains(String text, char[] password) {
        if (password.length == 0) {
            return false;
        }
        outer:
        for (int i = 0; i + password.length <= text.length(); i++) {
            for (int j = 0; j < password.length; j++) {
                if (text.charAt(i + j) != password[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    // ---- the auth tokens page ------------------------------------------------------------

    private void reload() throws ServerException {
        String what = what("reading the auth tokens page");
        HttpTransport.Reply reply = send(HttpRequest.newBuilder(
                URI.create(HttpTransport.resolve(profile, TOKENS) + "?token_role=token_role_vcs")).GET(), what);
        if (reply.isRedirect()) {
            String to = reply.headers().firstValue("Location").orElse("");
            requireSameOrigin(reply, to, what);
            throw new ServerException(what + ": the server sent vcstoken back to the login page, so the login "
                    + "session did not hold; try again" + byHand());
        }
        if (reply.status() != 200) {
            throw http.unexpected(what, reply);
        }
        if (!reply.isHtml()) {
            throw new ServerException(what + ": expected an HTML page, got " + reply.contentType()
                    + "; is the server kind right (vcstoken server list)?" + byHand());
        }
        TokensPage parsed = TokensPage.parse(reply.text());
        if (parsed.csrf == null) {
            throw new ServerException(what + ": the page has no CSRF token, so this RhodeCode version's web UI is "
                    + "not one vcstoken can drive" + byHand());
        }
        http.trace().mask(parsed.csrf);
        page = parsed;
    }

    private HttpTransport.Reply post(String path, FormBody form, String what) throws ServerException {
        return post(path, form, false, what);
    }

    /** A form POST with the session's CSRF token; {@code xhr}: as the page's JavaScript sends it. */
    private HttpTransport.Reply post(String path, FormBody form, boolean xhr, String what) throws ServerException {
        requireOpen();
        FormBody withCsrf = new FormBody().add("csrf_token", page.csrf);
        byte[] fields = form.bytes();
        byte[] head = withCsrf.bytes();
        byte[] body = new byte[head.length + 1 + fields.length];
        System.arraycopy(head, 0, body, 0, head.length);
        body[head.length] = '&';
        System.arraycopy(fields, 0, body, head.length + 1, fields.length);
        HttpRequest.Builder req = HttpRequest.newBuilder(HttpTransport.resolve(profile, path))
                .header("Content-Type", FORM).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (xhr) {
            req.header("X-Requested-With", "XMLHttpRequest");
        }
        HttpTransport.Reply reply = send(req, what);
        if (reply.status() == 403) {
            throw new ServerException(what + ": the server refused the request (HTTP 403: the session or its CSRF "
                    + "token was not accepted); try again" + byHand());
        }
        if (reply.isRedirect()) {
            String to = reply.headers().firstValue("Location").orElse("");
            requireSameOrigin(reply, to, what);
            if (to.contains("/" + LOGIN)) {
                throw new ServerException(what + ": the login session ended; try again" + byHand());
            }
        }
        return reply;
    }

    private HttpTransport.Reply send(HttpRequest.Builder req, String what) throws ServerException {
        if (!cookies.isEmpty()) {
            StringBuilder c = new StringBuilder();
            for (Map.Entry<String, String> e : cookies.entrySet()) {
                c.append(c.length() == 0 ? "" : "; ").append(e.getKey()).append('=').append(e.getValue());
            }
            req.header("Cookie", c.toString());
        }
        HttpTransport.Reply reply = http.send(req, what, HttpTransport.MAX_BODY);
        keepCookies(reply);
        return reply;
    }

    private void keepCookies(HttpTransport.Reply reply) {
        for (String header : reply.setCookies()) {
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            String lower = header.toLowerCase(Locale.ROOT);
            if (value.isEmpty() || lower.contains("max-age=0")) {
                cookies.remove(name);
            } else {
                http.trace().mask(value);
                cookies.put(name, value);
            }
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the RhodeCode session for " + profile.baseUrl() + " is closed");
        }
    }

    // ---- AccountSession ------------------------------------------------------------------

    @Override
    public boolean supportsRepoScope() {
        return page.scopeField;
    }

    @Override
    public CreatedToken create(TokenSpec spec) throws ServerException {
        Objects.requireNonNull(spec, "spec");
        Role role = spec.role() == null ? Role.VCS : spec.role();
        String description = spec.description() == null || spec.description().isBlank() ? "vcstoken" : spec.description();
        long minutes = -1;
        if (spec.lifetime() != null) {
            // Whole minutes, rounded down: the token must not outlive what the profile asks for.
            minutes = spec.lifetime().toMinutes();
            if (minutes < 1) {
                throw new IllegalArgumentException("token lifetime must be at least one minute, got " + spec.lifetime());
            }
        }
        String what = what("creating a token" + (spec.repo() == null ? "" : " for " + spec.repo()));
        String scopeId = null;
        if (spec.repo() != null && page.scopeField) {
            scopeId = page.scopeRepoIds.get(spec.repo());
            if (scopeId == null) {
                throw new ServerException(what + ": the server does not offer " + spec.repo()
                        + " as a token scope, so " + username + " cannot read it or it does not exist (names are "
                        + "case-sensitive); check the repository name and your permissions");
            }
        }
        FormBody form = new FormBody().add("description", description).add("role", role.rhodecodeName())
                .add("lifetime", Long.toString(minutes));
        if (scopeId != null) {
            form.add("scope_repo_id", scopeId);
        }
        List<String> before = page.ids();
        Instant sentAt = clock.instant();
        HttpTransport.Reply reply = post(TOKENS + "/new", form, what);
        if (!reply.isRedirect() && reply.status() != 200) {
            throw http.unexpected(what, reply);
        }
        reload();
        if (page.flashIsError()) {
            throw new ServerException(what + ": the server refused: " + HttpTransport.printable(page.flash, 200)
                    + byHand());
        }
        String id = newTokenId(before, description, what);
        Secret secret;
        try {
            secret = view(id, what);
        } catch (ServerException e) {
            // The token exists on the server but vcstoken cannot read it: delete it rather than leave
            // an unknown token behind.
            try {
                delete(id);
            } catch (ServerException cleanup) {
                e.addSuppressed(cleanup);
                throw new ServerException(e.getMessage() + "; it could not be deleted either: delete token " + id
                        + " by hand at " + RhodeCodeKind.tokenPageOf(profile), e);
            }
            throw e;
        }
        TokensPage.Row row = page.row(id).orElseThrow();
        Instant expires = expiry(row, minutes, sentAt);
        String repo = row.scopeRepo() != null ? (row.scopeRepo().isEmpty() ? null : row.scopeRepo())
                : scopeId != null ? spec.repo() : null;
        return new CreatedToken(secret, expires, id, repo);
    }

    private String newTokenId(List<String> before, String description, String what) throws ServerException {
        Optional<String> named = page.createdId();
        if (named.isPresent() && page.row(named.get()).isPresent()) {
            return named.get();
        }
        List<TokensPage.Row> fresh = new ArrayList<>();
        for (TokensPage.Row r : page.rows) {
            if (!before.contains(r.id())) {
                fresh.add(r);
            }
        }
        if (fresh.size() > 1) {
            // Another session created one at the same moment: ours carries our description.
            fresh.removeIf(r -> r.description() != null && !r.description().equals(description));
        }
        if (fresh.size() != 1) {
            throw new ServerException(what + ": cannot tell which listed token is the new one ("
                    + fresh.size() + " candidates); look at " + RhodeCodeKind.tokenPageOf(profile)
                    + ", delete stray tokens, and try again");
        }
        return fresh.get(0).id();
    }

    /** The server's word on expiry when the page gives it; otherwise the lifetime counted from before the request. */
    private static Instant expiry(TokensPage.Row row, long minutes, Instant sentAt) {
        if (row.expires() != null) {
            double e = row.expires();
            return e < 0 ? null : Instant.ofEpochMilli(Math.round(e * 1000));
        }
        return minutes < 0 ? null : sentAt.plus(Duration.ofMinutes(minutes));
    }

    private Secret view(String id, String what) throws ServerException {
        // RhodeCode answers the view only to its page's JavaScript (a Pyramid xhr route): without
        // the header it is a 404.
        HttpTransport.Reply reply = post(TOKENS + "/view", new FormBody().add("auth_token_id", id), true, what);
        if (reply.status() == 404) {
            throw new ServerException(what + ": the server has no token with id " + id + " for " + username
                    + " (deleted meanwhile?); try again");
        }
        if (reply.status() != 200) {
            throw http.unexpected(what, reply);
        }
        if (reply.isHtml()) {
            throw new ServerException(what + ": reading token " + id + " back gave an HTML page instead of JSON; "
                    + "this RhodeCode version is not one vcstoken can drive" + byHand());
        }
        Object parsed;
        try {
            parsed = Json.parse(reply.body());
        } catch (IOException e) {
            throw new ServerException(what + ": reading token " + id + " back gave invalid JSON ("
                    + HttpTransport.printable(e.getMessage(), 120) + "); try again", e);
        }
        if (parsed instanceof Map<?, ?> m && m.get("auth_token") instanceof String value && !value.isEmpty()) {
            try {
                Secret s = Secret.of(value);
                http.trace().mask(value);
                return s;
            } catch (IllegalArgumentException e) {
                throw new ServerException(what + ": the server sent back a token vcstoken cannot use (" + e.getMessage()
                        + ")", e);
            }
        }
        throw new ServerException(what + ": reading token " + id + " back gave JSON without an auth_token; this "
                + "RhodeCode version is not one vcstoken can drive" + byHand());
    }

    @Override
    public void delete(String serverId) throws ServerException {
        Objects.requireNonNull(serverId, "serverId");
        String what = what("deleting token " + serverId);
        HttpTransport.Reply reply = post(TOKENS + "/delete", new FormBody().add("del_auth_token", serverId), what);
        if (!reply.isRedirect() && reply.status() != 200) {
            throw http.unexpected(what, reply);
        }
        reload();
        if (page.flashIsError()) {
            throw new ServerException(what + ": the server refused: " + HttpTransport.printable(page.flash, 200));
        }
        if (page.row(serverId).isPresent()) {
            throw new ServerException(what + ": the server still lists the token; delete it by hand at "
                    + RhodeCodeKind.tokenPageOf(profile));
        }
    }

    @Override
    public Optional<String> findId(Secret token) throws ServerException {
        Objects.requireNonNull(token, "token");
        requireOpen();
        reload();
        String what = what("looking for a token");
        for (String id : page.ids()) {
            if (token.matches(view(id, what).reveal())) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    /** Logs out; a failure only costs a session that expires on its own, so it is traced, not thrown. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            FormBody form = new FormBody().add("csrf_token", page.csrf);
            send(HttpRequest.newBuilder(HttpTransport.resolve(profile, LOGOUT)).header("Content-Type", FORM)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes())), what("logging out"));
        } catch (ServerException e) {
            http.trace().line("logout failed (the server session will expire on its own): " + e.getMessage());
        } finally {
            cookies.clear();
        }
    }
}
