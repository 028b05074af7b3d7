package org.vcstoken.server.rhodecode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.vcstoken.server.AccountSession;
import org.vcstoken.server.CreatedToken;
import org.vcstoken.server.HttpTransport;
import org.vcstoken.server.Json;
import org.vcstoken.server.ServerException;
import org.vcstoken.server.TokenSpec;
import org.vcstoken.token.Durations;
import org.vcstoken.token.Role;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;

/**
 * A RhodeCode web UI session, driven the way a browser does: the login form, then My Account →
 * Auth Tokens with its {@code new}, {@code view} and {@code delete} actions. Each form is submitted
 * as the page has it, with its own fields and CSRF token; pages are read with an HTML parser (see
 * {@link Pages}). The session cookie is kept here and sent only to the profile's origin; no
 * request follows a redirect. Not thread-safe: one session serves one creation.
 */
final class WebSession implements AccountSession {
    static final String LOGIN = "_admin/login";
    static final String LOGOUT = "_admin/logout";
    static final String TOKENS = "_admin/my_account/auth_tokens";
    static final String REPOS = "_repos";
    private static final String FORM = "application/x-www-form-urlencoded";

    private final HttpTransport http;
    private final ServerProfile profile;
    private final String username;
    private final Clock clock;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    /** Repository name → the id {@code /_repos} gave for it, or null when it was not offered. */
    private final Map<String, String> repoIds = new HashMap<>();
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
        Objects.requireNonNull(clock, "clock");
        HttpTransport.requireSafeTransportForPassword(profile);
        WebSession s = new WebSession(http, profile, username, clock);
        s.login(password);
        s.reload();
        return s;
    }

    private String what(String action) {
        return RhodeCodeMessages.what(action, profile.baseUrl(), username);
    }

    private String byHand() {
        return RhodeCodeMessages.byHand(String.valueOf(RhodeCodeKind.tokenPageOf(profile)), profile.baseUrl(), username);
    }

    private URI uri(String path) {
        return HttpTransport.resolve(profile, path);
    }

    // ---- login -------------------------------------------------------------------------

    private void login(char[] password) throws ServerException {
        String what = what(RhodeCodeMessages.loggingIn());
        URI loginUri = uri(LOGIN);
        HttpTransport.Reply reply = send(HttpRequest.newBuilder(loginUri).GET(), what);
        if (reply.status() != 200 || !reply.isHtml()) {
            throw reply.isRedirect()
                    ? new ServerException(RhodeCodeMessages.loginRedirects(what, byHand()))
                    : http.unexpected(what, reply);
        }
        LoginPage page = LoginPage.parse(reply.text(), loginUri, loginUri);
        if (page.form == null) {
            throw new ServerException(RhodeCodeMessages.noLoginForm(what, loginUri.toString(), byHand()));
        }
        if (!page.form.method.equals("post")) {
            throw new ServerException(RhodeCodeMessages.loginFormGet(what, page.form.method, byHand()));
        }
        // The form's target is the login route itself (same origin and path): the password goes nowhere else.
        String passwordField = page.form.passwordField();
        FormBody body = page.form.body(Map.of("username", username), passwordField, password);
        byte[] bytes = body.bytes();
        body.clear();
        try {
            reply = send(HttpRequest.newBuilder(page.form.action).header("Content-Type", FORM)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)), what);
        } finally {
            FormBody.clear(bytes);
        }
        if (reply.isRedirect()) {
            URI to = sameOrigin(reply, what);
            if (Pages.samePath(to, loginUri)) {
                throw refused(what, RhodeCodeMessages.sentBackToLoginForm(), password);
            }
            if (cookies.isEmpty()) {
                throw new ServerException(RhodeCodeMessages.noSessionCookie(what, byHand()));
            }
            return;
        }
        if (reply.status() == 200 && reply.isHtml()) {
            throw refused(what, LoginPage.parse(reply.text(), reply.uri(), loginUri), password);
        }
        throw http.unexpected(what, reply);
    }

    /**
     * RhodeCode's answer to a refused login, in its words. Its {@code ValidAuth} marks both fields
     * for an unknown user and for a wrong password alike, and only the user name for an account
     * that is disabled; a blocked login (an authentication plugin's refusal) comes as a flash.
     */
    private ServerException refused(String what, LoginPage after, char[] password) {
        String user = after.fieldErrors.get("username");
        String pass = after.fieldErrors.get(after.form == null ? "password" : after.form.passwordField());
        if (pass == null) {
            pass = after.fieldErrors.get("password");
        }
        if (user != null && pass != null) {
            return refused(what, RhodeCodeMessages.userOrPasswordWrong(shown(user, password), shown(pass, password)),
                    password);
        }
        if (user != null) {
            return new ServerException(RhodeCodeMessages.accountRefused(what, username, shown(user, password)));
        }
        if (pass != null) {
            return refused(what, RhodeCodeMessages.passwordRefused(shown(pass, password)), password);
        }
        for (Pages.Flash f : after.flashes) {
            if (f.isProblem()) {
                return new ServerException(RhodeCodeMessages.loginBlocked(what, shown(f.message(), password), byHand()));
            }
        }
        return refused(what, RhodeCodeMessages.loginFormAgain(), password);
    }

    private ServerException refused(String what, String why, char[] password) {
        return new ServerException(RhodeCodeMessages.loginRefused(what, why, byHand()));
    }

    /** A server text for a message: bounded, printable, and never repeating the password. */
    private static String shown(String text, char[] password) {
        return contains(text, password) ? RhodeCodeMessages.repeatsPassword() : HttpTransport.printable(text, 200);
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

    /** The redirect's target, which must stay on the server's origin. */
    private URI sameOrigin(HttpTransport.Reply reply, String what) throws ServerException {
        String location = reply.headers().firstValue("Location").orElse("");
        URI to;
        try {
            to = reply.uri().resolve(location.trim());
        } catch (IllegalArgumentException e) {
            throw new ServerException(RhodeCodeMessages.invalidRedirect(what), e);
        }
        if (location.isBlank() || to.getHost() == null
                || !HttpTransport.origin(to).equals(HttpTransport.origin(reply.uri()))) {
            throw http.unexpected(what, reply);
        }
        return to;
    }

    // ---- the auth tokens page ------------------------------------------------------------

    private void reload() throws ServerException {
        String what = what(RhodeCodeMessages.readingTokensPage());
        HttpTransport.Reply reply = send(HttpRequest.newBuilder(
                URI.create(uri(TOKENS) + "?token_role=token_role_vcs")).GET(), what);
        if (reply.isRedirect()) {
            URI to = sameOrigin(reply, what);
            if (Pages.samePath(to, uri(LOGIN))) {
                throw sentBackToLogin(what, to);
            }
            throw http.unexpected(what, reply);
        }
        if (reply.status() != 200) {
            throw http.unexpected(what, reply);
        }
        if (!reply.isHtml()) {
            throw new ServerException(RhodeCodeMessages.notHtml(what, reply.contentType(), byHand()));
        }
        TokensPage parsed = TokensPage.parse(reply.text(), reply.uri(), profile.baseUrl());
        if (parsed.newForm == null) {
            throw new ServerException(RhodeCodeMessages.noTokenForm(what, uri(TOKENS).toString(), byHand()));
        }
        if (parsed.newForms > 1) {
            throw new ServerException(RhodeCodeMessages.severalTokenForms(what, parsed.newForms, byHand()));
        }
        String csrf = parsed.newForm.value("csrf_token");
        if (csrf == null || csrf.isEmpty()) {
            throw new ServerException(RhodeCodeMessages.noCsrfToken(what, byHand()));
        }
        http.trace().mask(csrf);
        page = parsed;
    }

    /**
     * RhodeCode sends a logged-in browser back to the login page when the account may not use
     * the web UI from here ({@code LoginRequired}: "IP … not allowed"); the login page then shows
     * why, as a flash.
     */
    private ServerException sentBackToLogin(String what, URI login) {
        String reason = null;
        try {
            HttpTransport.Reply reply = send(HttpRequest.newBuilder(login).GET(), what);
            if (reply.status() == 200 && reply.isHtml()) {
                for (Pages.Flash f : LoginPage.parse(reply.text(), reply.uri(), uri(LOGIN)).flashes) {
                    if (f.isProblem()) {
                        reason = f.message();
                        break;
                    }
                }
            }
        } catch (ServerException e) {
            http.trace().line("reading the login page's reason failed: " + e.getMessage());
        }
        if (reason != null) {
            return new ServerException(RhodeCodeMessages.loginBlockedAfterLogin(what, HttpTransport.printable(reason, 200),
                    username, byHand()));
        }
        return new ServerException(RhodeCodeMessages.sessionDidNotHold(what, byHand()));
    }

    /** Submits a form of the page as the page has it, with {@code values} set. */
    private HttpTransport.Reply submit(WebForm form, Map<String, String> values, String what) throws ServerException {
        requireOpen();
        if (!HttpTransport.origin(form.action).equals(HttpTransport.origin(uri(TOKENS)))) {
            throw new ServerException(RhodeCodeMessages.formPostsElsewhere(what, HttpTransport.origin(form.action), byHand()));
        }
        FormBody body = form.body(values, null, null);
        HttpTransport.Reply reply = send(HttpRequest.newBuilder(form.action).header("Content-Type", FORM)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes())), what);
        return checked(reply, what);
    }

    private HttpTransport.Reply checked(HttpTransport.Reply reply, String what) throws ServerException {
        if (reply.status() == 403) {
            throw new ServerException(RhodeCodeMessages.csrfRefused(what, byHand()));
        }
        if (reply.isRedirect()) {
            URI to = sameOrigin(reply, what);
            if (Pages.samePath(to, uri(LOGIN))) {
                throw new ServerException(RhodeCodeMessages.sessionEnded(what, byHand()));
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
            if (value.isEmpty() || lower.contains("max-age=0") || lower.contains("expires=thu, 01 jan 1970")
                    || lower.contains("expires=thu, 01-jan-1970")) {
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
        return page.scopeField == TokensPage.ScopeField.HIDDEN || page.scopeField == TokensPage.ScopeField.SELECT;
    }

    @Override
    public String whyNoRepoScope() {
        return RhodeCodeMessages.noRepositoryScopes();
    }

    @Override
    public boolean offersRepoScope(String repo) throws ServerException {
        Objects.requireNonNull(repo, "repo");
        requireOpen();
        return supportsRepoScope() && repoId(repo) != null;
    }

    /**
     * The id the server gives {@code repo} as a scope, or null when it does not offer it: from the
     * scope select's options, or, for EE's hidden field, from {@code GET /_repos?query=REPO} as the
     * page's script asks it ({@code apps/home/views.py repo_list_data}: the readable repositories
     * whose name contains the query, shortest first, so the exact name is never cut off).
     */
    private String repoId(String repo) throws ServerException {
        if (page.scopeField == TokensPage.ScopeField.SELECT) {
            return page.scopeOptions.get(repo);
        }
        if (repoIds.containsKey(repo)) {
            return repoIds.get(repo);
        }
        String what = what(RhodeCodeMessages.lookingUpRepository(repo));
        URI list = URI.create(uri(REPOS) + "?query=" + URLEncoder.encode(repo, StandardCharsets.UTF_8));
        HttpTransport.Reply reply = checked(send(HttpRequest.newBuilder(list).header("X-Requested-With", "XMLHttpRequest")
                .header("Accept", "application/json").GET(), what), what);
        if (reply.status() != 200) {
            throw http.unexpected(what, reply);
        }
        if (reply.isHtml()) {
            throw new ServerException(RhodeCodeMessages.reposHtml(what, uri(REPOS).toString(), byHand()));
        }
        Object parsed;
        try {
            parsed = Json.parse(reply.body());
        } catch (IOException e) {
            throw new ServerException(RhodeCodeMessages.reposInvalidJson(what, uri(REPOS).toString(),
                    HttpTransport.printable(e.getMessage(), 120)), e);
        }
        String id = null;
        if (parsed instanceof Map<?, ?> data && data.get("results") instanceof List<?> results) {
            for (Object group : results) {
                if (group instanceof Map<?, ?> g && g.get("children") instanceof List<?> children) {
                    for (Object child : children) {
                        if (child instanceof Map<?, ?> c && repo.equals(c.get("text")) && repo.equals(c.get("id"))
                                && c.get("repo_id") instanceof Number n && n.doubleValue() == n.longValue()
                                && n.longValue() > 0) {
                            id = Long.toString(n.longValue());
                        }
                    }
                }
            }
        } else {
            throw new ServerException(RhodeCodeMessages.reposNoResults(what, uri(REPOS).toString(), byHand()));
        }
        http.trace().line("repository " + repo + (id == null ? " is not offered as a token scope" : " has id " + id));
        repoIds.put(repo, id);
        return id;
    }

    @Override
    public CreatedToken create(TokenSpec spec) throws ServerException {
        Objects.requireNonNull(spec, "spec");
        requireOpen();
        Role role = spec.role() == null ? Role.VCS : spec.role();
        String description = spec.description() == null || spec.description().isBlank() ? "vcstoken" : spec.description();
        long minutes = -1;
        if (spec.lifetime() != null) {
            // Whole minutes, rounded down: the token must not outlive what the profile asks for.
            minutes = spec.lifetime().toMinutes();
            if (minutes < 1) {
                throw new IllegalArgumentException(RhodeCodeMessages.lifetimeUnderAMinute(String.valueOf(spec.lifetime())));
            }
        }
        String what = what(RhodeCodeMessages.creatingToken(spec.repo()));
        String scopeId = null;
        if (spec.repo() != null && supportsRepoScope()) {
            scopeId = repoId(spec.repo());
            if (scopeId == null) {
                throw new ServerException(RhodeCodeMessages.scopeNotOffered(what, spec.repo(), username));
            }
        }
        WebForm form = page.newForm;
        for (String field : List.of("description", "lifetime", "role")) {
            if (!form.has(field)) {
                throw new ServerException(RhodeCodeMessages.formLacksField(what, field, String.join(", ", form.names()),
                        byHand()));
            }
        }
        if (form.control("role").equals("select") && !form.options("role").contains(role.rhodecodeName())) {
            throw new ServerException(RhodeCodeMessages.roleNotOffered(what, role.rhodecodeName(), byHand()));
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put("description", description);
        values.put("lifetime", Long.toString(minutes));
        values.put("role", role.rhodecodeName());
        if (scopeId != null) {
            values.put("scope_repo_id", scopeId);
        }
        List<String> before = page.ids();
        Instant sentAt = clock.instant();
        HttpTransport.Reply reply = submit(form, values, what);
        if (!reply.isRedirect() && reply.status() != 200) {
            throw http.unexpected(what, reply);
        }
        reload();
        Pages.Flash error = page.error();
        if (error != null) {
            throw new ServerException(RhodeCodeMessages.serverRefused(what, HttpTransport.printable(error.message(), 200))
                    + byHand());
        }
        String id = newTokenId(before, description, what);
        TokensPage.Row row = page.row(id).orElseThrow();
        String repo;
        Secret secret;
        try {
            repo = scopeOf(row, scopeId == null ? null : spec.repo(), what);
            secret = view(id, what);
        } catch (ServerException e) {
            // The token exists on the server but is not what was asked or cannot be read: delete it
            // rather than leave it behind.
            try {
                delete(id);
            } catch (ServerException cleanup) {
                e.addSuppressed(cleanup);
                throw new ServerException(RhodeCodeMessages.notDeletedEither(e.getMessage(), id,
                        String.valueOf(RhodeCodeKind.tokenPageOf(profile))), e);
            }
            throw e;
        }
        String note = null;
        Instant expires;
        if (row.expiry() instanceof TokensPage.At at) {
            expires = at.instant();
        } else if (row.expiry() instanceof TokensPage.Never) {
            expires = null;
        } else {
            // The page does not say: the lifetime asked for, counted on vcstoken's clock from before the
            // request, which can only make the token look shorter-lived than it is.
            expires = minutes < 0 ? null : sentAt.plus(Duration.ofMinutes(minutes));
            if (expires != null) {
                note = RhodeCodeMessages.expiryAssumed(profile.baseUrl(), id, Durations.format(Duration.ofMinutes(minutes)),
                        expires, profile.baseUrl() + (repo == null ? "" : "/" + repo));
            }
        }
        return new CreatedToken(secret, expires, id, repo, note);
    }

    /**
     * The repository the new token is limited to as its row shows it; asked for one, anything else
     * (the server ignored the scope) is an error rather than a silently wider token.
     */
    private String scopeOf(TokensPage.Row row, String asked, String what) throws ServerException {
        String shown = row.scopeRepo();
        if (asked == null) {
            if (shown != null && !shown.isEmpty()) {
                throw new ServerException(RhodeCodeMessages.limitedUnasked(what, shown));
            }
            return null;
        }
        if (shown == null) {
            return asked; // the page does not show scopes: the server took the field it offered
        }
        if (!shown.equals(asked)) {
            throw new ServerException(RhodeCodeMessages.otherScope(what, shown, asked));
        }
        return asked;
    }

    private String newTokenId(List<String> before, String description, String what) throws ServerException {
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
            throw new ServerException(RhodeCodeMessages.newTokenAmbiguous(what, fresh.size(),
                    String.valueOf(RhodeCodeKind.tokenPageOf(profile))));
        }
        return fresh.get(0).id();
    }

    /** The token's value, as the page's script asks for it: an XMLHttpRequest with the CSRF token. */
    private Secret view(String id, String what) throws ServerException {
        requireOpen();
        FormBody body = new FormBody().add("auth_token_id", id).add("csrf_token", page.newForm.value("csrf_token"));
        HttpTransport.Reply reply = checked(send(HttpRequest.newBuilder(uri(TOKENS + "/view"))
                .header("Content-Type", FORM).header("X-Requested-With", "XMLHttpRequest")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes())), what), what);
        if (reply.status() == 404) {
            throw new ServerException(RhodeCodeMessages.noSuchToken(what, id, username));
        }
        if (reply.status() != 200) {
            throw http.unexpected(what, reply);
        }
        if (reply.isHtml()) {
            throw new ServerException(RhodeCodeMessages.readBackHtml(what, id, byHand()));
        }
        Object parsed;
        try {
            parsed = Json.parse(reply.body());
        } catch (IOException e) {
            throw new ServerException(RhodeCodeMessages.readBackInvalidJson(what, id,
                    HttpTransport.printable(e.getMessage(), 120)), e);
        }
        if (parsed instanceof Map<?, ?> m && m.get("auth_token") instanceof String value && !value.isEmpty()) {
            try {
                Secret s = Secret.of(value);
                http.trace().mask(value);
                return s;
            } catch (IllegalArgumentException e) {
                throw new ServerException(RhodeCodeMessages.readBackUnusable(what, e.getMessage()), e);
            }
        }
        throw new ServerException(RhodeCodeMessages.readBackNoToken(what, id, byHand()));
    }

    /**
     * Submits the token's own delete form. A token the page no longer lists, or that the server
     * no longer knows (404), is gone already: that is what deleting it was for.
     */
    @Override
    public void delete(String serverId) throws ServerException {
        Objects.requireNonNull(serverId, "serverId");
        requireOpen();
        String what = what(RhodeCodeMessages.deletingToken(serverId));
        Optional<TokensPage.Row> row = page.row(serverId);
        if (row.isEmpty()) {
            reload();
            row = page.row(serverId);
            if (row.isEmpty()) {
                http.trace().line("token " + serverId + " is not listed; nothing to delete");
                return;
            }
        }
        HttpTransport.Reply reply = submit(row.get().deleteForm(), Map.of(), what);
        if (reply.status() == 404) {
            http.trace().line("the server no longer knows token " + serverId);
            reload();
            return;
        }
        if (!reply.isRedirect() && reply.status() != 200) {
            throw http.unexpected(what, reply);
        }
        reload();
        Pages.Flash error = page.error();
        if (error != null) {
            throw new ServerException(RhodeCodeMessages.serverRefused(what, HttpTransport.printable(error.message(), 200)));
        }
        if (page.row(serverId).isPresent()) {
            throw new ServerException(RhodeCodeMessages.stillListed(what, String.valueOf(RhodeCodeKind.tokenPageOf(profile))));
        }
    }

    @Override
    public Optional<String> findId(Secret token) throws ServerException {
        Objects.requireNonNull(token, "token");
        requireOpen();
        reload();
        String what = what(RhodeCodeMessages.lookingForToken());
        for (String id : page.ids()) {
            if (token.matches(view(id, what).reveal())) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    /**
     * Logs out with the header's logout form (a CSRF-checked POST); a failure only costs a session
     * that expires on its own, so it is traced, not thrown.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            if (page != null && page.logoutForm != null) {
                submit(page.logoutForm, Map.of(), what("logging out"));
            } else if (page != null) {
                FormBody form = new FormBody().add("csrf_token", page.newForm.value("csrf_token"));
                send(HttpRequest.newBuilder(uri(LOGOUT)).header("Content-Type", FORM)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes())), what("logging out"));
            }
        } catch (ServerException e) {
            http.trace().line("logout failed (the server session will expire on its own): " + e.getMessage());
        } finally {
            closed = true;
            cookies.clear();
        }
    }
}
