package org.vcstoken.server.forgejo;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.vcstoken.server.AccountSession;
import org.vcstoken.server.CreatedToken;
import org.vcstoken.server.HttpTransport;
import org.vcstoken.server.OneTimeCodes;
import org.vcstoken.server.PasswordLoginImpossible;
import org.vcstoken.server.ServerException;
import org.vcstoken.server.TokenSpec;
import org.vcstoken.server.Json;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;

/**
 * The token API opened with the account password: every request carries it as Basic auth, with
 * the one-time code under two-factor authentication ({@code X-Forgejo-OTP} / {@code X-Gitea-OTP},
 * read by validateTOTP after every password login). The forges route token creation and deletion
 * through reqBasicOrRevProxyAuth, so no token can stand in for the password. The session keeps a
 * copy of the password until {@link #close()}, which clears it.
 */
final class ApiSession implements AccountSession {
    /** What git needs: pull and push. The forges count write as including read; both are named. */
    static final List<String> SCOPES = List.of("read:repository", "write:repository");
    /** A name taken twice more (another machine of the same name in the same second) is not guessed at further. */
    private static final int NAME_TRIES = 3;
    /** One-time codes asked per request: the first, and one more when it was refused or expired. */
    private static final int CODES_PER_REQUEST = 2;
    /** The forge reads {@code {token}} as an id only when it parses as a number, else as a name. */
    private static final Pattern TOKEN_ID = Pattern.compile("[0-9]{1,18}");
    private static final int LIST_PAGE = 50;
    private static final int LIST_PAGES = 20;

    private final Flavor flavor;
    private final HttpTransport http;
    private final Clock clock;
    private final Supplier<String> machine;
    private final ServerProfile profile;
    private final String username;
    private final OneTimeCodes codes;
    private char[] password;
    /** The account's login as the forge spells it, once signed in. */
    private String account;
    private String code;
    private boolean signedIn;

    private ApiSession(Flavor flavor, HttpTransport http, Clock clock, Supplier<String> machine, ServerProfile profile,
            String username, char[] password, OneTimeCodes codes) {
        this.flavor = flavor;
        this.http = http;
        this.clock = clock;
        this.machine = machine;
        this.profile = profile;
        this.username = username;
        this.password = password;
        this.codes = codes;
    }

    /**
     * Signs in ({@code GET /api/v1/user}), asking for a one-time code when the forge wants one.
     * The caller's {@code password} is copied and left as it is.
     */
    static ApiSession open(Flavor flavor, HttpTransport http, Clock clock, Supplier<String> machine,
            ServerProfile profile, String username, char[] password, OneTimeCodes codes) throws ServerException {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(password, "password");
        HttpTransport.requireSafeTransportForPassword(profile);
        if (username == null || username.isBlank() || username.chars().anyMatch(c -> c == ':' || c < 0x20 || c == 0x7f)) {
            throw new ServerException(ForgeMessages.unusableUser(profile.baseUrl(), String.valueOf(username)));
        }
        if (password.length == 0) {
            // Basic with an empty password is a token in the user name to both forges (basic.go).
            throw new ServerException(ForgeMessages.emptyPassword(profile.baseUrl(), username));
        }
        ApiSession session = new ApiSession(flavor, http, clock, machine, profile, username, password.clone(),
                codes == null ? OneTimeCodes.NONE : codes);
        try {
            session.signIn();
            return session;
        } catch (ServerException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    private String base() {
        return profile.baseUrl();
    }

    private void signIn() throws ServerException {
        String what = ForgeMessages.loggingIn(base(), username);
        HttpTransport.Reply r = call("GET", "user", null, what);
        switch (r.status()) {
            case 200 -> {
                Map<String, Object> user = Answers.object(r)
                        .orElseThrow(() -> new ServerException(ForgeMessages.notJson(what, base())));
                String login = Answers.string(user, "login");
                if (login == null || login.isBlank()) {
                    throw new ServerException(ForgeMessages.noLogin(what, base()));
                }
                account = login;
                signedIn = true;
                http.trace().line(flavor.id + ": signed in as " + login + (code == null ? "" : " with a one-time code"));
            }
            case 403 -> throw forbidden(r, what);
            case 404 -> throw new ServerException(ForgeMessages.noApi(what, base(), 404));
            default -> throw http.unexpected(what, r);
        }
    }

    /** Repository tokens exist on Forgejo (v15 on; an older one answers without them: see {@link #create}). */
    @Override
    public boolean supportsRepoScope() {
        return flavor.repositoryTokens;
    }

    @Override
    public String whyNoRepoScope() {
        return ForgeMessages.noRepositoryTokens(flavor.displayName);
    }

    /**
     * {@code POST /api/v1/users/{login}/tokens} with {@link #SCOPES}, a name that says vcstoken,
     * this computer and the repository, and on Forgejo the repository as
     * {@code repositories: [{owner, name}]}. A Forgejo without repository tokens ignores that
     * field (unknown JSON fields are) and answers without it: the token is then account-wide and
     * {@link CreatedToken#repo()} is null. The forge sets no expiry: vcstoken's is the caller's.
     */
    @Override
    public CreatedToken create(TokenSpec spec) throws ServerException {
        requireOpen();
        String repo = spec.repo();
        boolean limit = repo != null && flavor.repositoryTokens;
        List<Object> targets = null;
        if (limit) {
            String[] parts = repo.split("/", -1);
            if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
                throw new ServerException(ForgeMessages.notARepository(flavor.displayName, base(), repo));
            }
            Map<String, Object> target = new LinkedHashMap<>();
            target.put("owner", parts[0]);
            target.put("name", parts[1]);
            targets = List.of(target);
        }
        String what = ForgeMessages.creating(base());
        String name = name(repo);
        for (int attempt = 1; attempt <= NAME_TRIES; attempt++) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", attempt == 1 ? name : name + " #" + attempt);
            body.put("scopes", SCOPES);
            if (targets != null) {
                body.put("repositories", targets);
            }
            HttpTransport.Reply r = call("POST", tokens(), Json.write(body), what);
            switch (r.status()) {
                case 201 -> {
                    return created(r, repo, limit, what);
                }
                case 400 -> {
                    String said = Answers.message(r);
                    if (said.contains("has been used already")) {
                        http.trace().line(flavor.id + ": the token name is taken; trying another");
                        continue;
                    }
                    if (limit && said.startsWith("repository ") && said.endsWith("does not exist")) {
                        throw new ServerException(ForgeMessages.repositoryRefused(base(), username, repo, said));
                    }
                    throw new ServerException(ForgeMessages.creationRefused(base(), said));
                }
                case 403 -> throw forbidden(r, what);
                case 404 -> throw new ServerException(ForgeMessages.noApi(what, base(), 404));
                default -> throw http.unexpected(what, r);
            }
        }
        throw new ServerException(ForgeMessages.namesTaken(base(), HttpTransport.resolve(profile,
                ForgeKind.TOKEN_PAGE).toString()));
    }

    /** "vcstoken on laptop for alice/app, 2026-12-01T10:00:00Z": unique per machine and second. */
    private String name(String repo) {
        String host = HttpTransport.printable(machine.get(), 64);
        return ForgeMessages.tokenName(host, repo, clock.instant().truncatedTo(ChronoUnit.SECONDS));
    }

    private CreatedToken created(HttpTransport.Reply r, String repo, boolean limit, String what)
            throws ServerException {
        Map<String, Object> token = Answers.object(r)
                .orElseThrow(() -> new ServerException(ForgeMessages.notJson(what, base())));
        String serverId = id(token.get("id"));
        String sha1 = Answers.string(token, "sha1");
        if (sha1 != null) {
            http.trace().mask(sha1);
        }
        if (serverId == null) {
            throw new ServerException(ForgeMessages.noTokenId(what, base()));
        }
        Secret secret;
        try {
            secret = Secret.of(sha1 == null ? "" : sha1);
        } catch (IllegalArgumentException e) {
            deleteAgain(serverId);
            throw new ServerException(ForgeMessages.noTokenValue(what, base()));
        }
        String scoped = null;
        String note = null;
        if (limit) {
            Object echoed = token.get("repositories");
            if (echoed == null) {
                // The forge took no notice of the field: no repository tokens in this version.
                http.trace().line(flavor.id + ": the answer does not echo repositories; the token is account-wide");
                note = ForgeMessages.notLimited(base(), repo);
            } else if (echoed instanceof List<?> list && list.size() == 1 && names(list.get(0), repo)) {
                scoped = repo;
            } else {
                deleteAgain(serverId);
                throw new ServerException(ForgeMessages.otherRepositories(base(), repo,
                        HttpTransport.printable(new String(Json.write(echoed), StandardCharsets.UTF_8), 200)));
            }
        }
        http.trace().line(flavor.id + ": created token id " + serverId + (scoped == null ? " for every repository"
                : " for " + scoped));
        return new CreatedToken(secret, null, serverId, scoped, note);
    }

    /** Whether an echoed repository ({@code {id, name, owner, full_name}}) is {@code repo}; names are case-insensitive. */
    private static boolean names(Object echoed, String repo) {
        if (!(echoed instanceof Map<?, ?> m)) {
            return false;
        }
        if (m.get("full_name") instanceof String full) {
            return full.equalsIgnoreCase(repo);
        }
        return m.get("owner") instanceof String owner && m.get("name") instanceof String name
                && (owner + "/" + name).equalsIgnoreCase(repo);
    }

    private static String id(Object value) {
        if (value instanceof Long l) {
            String s = Long.toString(l);
            return TOKEN_ID.matcher(s).matches() ? s : null;
        }
        return null;
    }

    /** A token that must not stay on the server: deleted, a failure kept in the trace (the caller reports its own). */
    private void deleteAgain(String serverId) {
        try {
            delete(serverId);
        } catch (ServerException e) {
            http.trace().line(flavor.id + ": could not delete token id " + serverId + " again: " + e.getMessage());
        }
    }

    /**
     * {@code DELETE /api/v1/users/{login}/tokens/{id}}. A token the forge no longer has (404) is
     * as good as deleted: the account was found when the session signed in.
     */
    @Override
    public void delete(String serverId) throws ServerException {
        requireOpen();
        if (serverId == null || !TOKEN_ID.matcher(serverId).matches()) {
            // Anything but a number would be taken for a token name.
            throw new ServerException(ForgeMessages.badServerId(HttpTransport.printable(String.valueOf(serverId), 40)));
        }
        String what = ForgeMessages.deleting(serverId, base());
        HttpTransport.Reply r = call("DELETE", tokens() + "/" + serverId, null, what);
        switch (r.status()) {
            case 204, 200 -> http.trace().line(flavor.id + ": deleted token id " + serverId);
            case 404 -> http.trace().line(flavor.id + ": token id " + serverId + " was already gone");
            case 403 -> throw forbidden(r, what);
            default -> {
                if (r.status() >= 500 || r.isRedirect()) {
                    throw http.unexpected(what, r);
                }
                throw new ServerException(ForgeMessages.deleteRefused(base(), serverId, r.status(), Answers.message(r)));
            }
        }
    }

    /**
     * The id of the account's token with this secret: the forge lists each token's last eight
     * characters (never the secret), and an id is returned only when exactly one matches.
     */
    @Override
    public Optional<String> findId(Secret token) throws ServerException {
        requireOpen();
        String secret = token.reveal();
        String last = secret.substring(Math.max(0, secret.length() - 8));
        String what = ForgeMessages.listing(account, base());
        List<String> found = new ArrayList<>();
        for (int page = 1; page <= LIST_PAGES; page++) {
            HttpTransport.Reply r = call("GET", tokens(), "page=" + page + "&limit=" + LIST_PAGE, null, what);
            if (r.status() != 200) {
                throw r.status() == 403 ? forbidden(r, what) : http.unexpected(what, r);
            }
            if (!(Answers.json(r).orElse(null) instanceof List<?> list)) {
                throw new ServerException(ForgeMessages.notJson(what, base()));
            }
            for (Object o : list) {
                if (o instanceof Map<?, ?> m && last.equals(m.get("token_last_eight"))) {
                    String id = id(m.get("id"));
                    if (id != null) {
                        found.add(id);
                    }
                }
            }
            if (list.size() < LIST_PAGE) {
                break;
            }
        }
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    /** Forgets the password (the array is cleared) and the one-time code; never throws. */
    @Override
    public void close() {
        if (password != null) {
            Arrays.fill(password, '\0');
            password = null;
        }
        code = null;
    }

    private void requireOpen() {
        if (password == null) {
            throw new IllegalStateException("the " + flavor.displayName + " session is closed");
        }
    }

    private String tokens() {
        return "users/" + HttpTransport.encodePath(account) + "/tokens";
    }

    /**
     * One request with the password and the current one-time code. A 401 is answered here: a
     * refusal because of security keys ends the password path; a missing or stale one-time code
     * is asked for and the request sent again; anything else is a refused login.
     */
    private HttpTransport.Reply call(String method, String path, byte[] json, String what) throws ServerException {
        return call(method, path, null, json, what);
    }

    /** @param query appended as it is (ours only: digits and names), or null */
    private HttpTransport.Reply call(String method, String path, String query, byte[] json, String what)
            throws ServerException {
        URI uri = ForgeKind.api(profile, path);
        if (query != null) {
            uri = URI.create(uri + "?" + query);
        }
        int asked = 0;
        while (true) {
            HttpRequest.Builder req = HttpRequest.newBuilder(uri)
                    .header("Accept", "application/json")
                    .header("Authorization", authorization());
            if (code != null) {
                req.header(flavor.otpHeader, code);
            }
            if (json != null) {
                req.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(json));
            } else {
                req.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpTransport.Reply r = http.send(req, what, Answers.MAX_BODY);
            if (r.status() != 401) {
                return r;
            }
            String said = scrubbed(Answers.message(r));
            if (said.toLowerCase(Locale.ROOT).contains("basic authorization is not allowed")) {
                throw new PasswordLoginImpossible(ForgeMessages.securityKeys(base(), username, said));
            }
            if (!mayWantCode(said) || asked >= CODES_PER_REQUEST) {
                throw refused(said);
            }
            boolean again = code != null;
            Optional<String> typed = codes.ask(ForgeMessages.codeQuestion(base(), username, again,
                    !again && flavor == Flavor.GITEA));
            asked++;
            if (typed.isEmpty() || typed.get().isBlank()) {
                throw code == null && flavor == Flavor.FORGEJO ? new ServerException(ForgeMessages.noCode(base(), username))
                        : refused(said);
            }
            code = typed.get().strip();
            http.trace().line(flavor.id + ": sending again with a one-time code");
        }
    }

    /**
     * Whether a 401 may be the forge wanting a one-time code. Forgejo says so ("invalid provided
     * OTP"); Gitea answers every refused login with the same "invalid username, password or
     * token", so before sign-in, or once a code was sent, it may mean a missing or stale code.
     */
    private boolean mayWantCode(String said) {
        if (flavor == Flavor.FORGEJO) {
            return said.contains("invalid provided OTP");
        }
        return !signedIn || code != null;
    }

    private ServerException refused(String said) {
        return new ServerException(code == null ? ForgeMessages.passwordRefused(base(), username, said)
                : ForgeMessages.passwordOrCodeRefused(base(), username, said));
    }

    private ServerException forbidden(HttpTransport.Reply r, String what) {
        String said = scrubbed(Answers.message(r));
        if (said.toLowerCase(Locale.ROOT).contains("change your password")) {
            return new ServerException(ForgeMessages.mustChangePassword(base(), username, said));
        }
        return new ServerException(ForgeMessages.forbidden(what, base(), said));
    }

    /** A server text that repeats the password is not shown at all. */
    private String scrubbed(String said) {
        return contains(said, password) ? "(not shown: it repeats the password)" : said;
    }

    private static boolean contains(String text, char[] secret) {
        if (secret == null || secret.length == 0 || text.length() < secret.length) {
            return false;
        }
        outer:
        for (int i = 0; i + secret.length <= text.length(); i++) {
            for (int j = 0; j < secret.length; j++) {
                if (text.charAt(i + j) != secret[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** {@code Basic base64(user:password)}, built without a String of the password. */
    private String authorization() throws ServerException {
        requireOpen();
        CharBuffer chars = CharBuffer.allocate(username.length() + 1 + password.length);
        chars.put(username).put(':').put(password).flip();
        ByteBuffer bytes = null;
        try {
            bytes = StandardCharsets.UTF_8.newEncoder().encode(chars);
            byte[] raw = new byte[bytes.remaining()];
            bytes.get(raw);
            String header = "Basic " + Base64.getEncoder().encodeToString(raw);
            Arrays.fill(raw, (byte) 0);
            return header;
        } catch (CharacterCodingException e) {
            throw new ServerException(ForgeMessages.passwordNotText(username));
        } finally {
            Arrays.fill(chars.array(), '\0');
            if (bytes != null && bytes.hasArray()) {
                Arrays.fill(bytes.array(), (byte) 0);
            }
        }
    }
}
