package org.vcstoken.server.rhodecode;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.vcstoken.server.AccountSession;
import org.vcstoken.server.GuidedPage;
import org.vcstoken.server.HttpTransport;
import org.vcstoken.server.KindContext;
import org.vcstoken.server.KindRules;
import org.vcstoken.server.OneTimeCodes;
import org.vcstoken.server.PasswordCreation;
import org.vcstoken.server.ProbeResult;
import org.vcstoken.server.RemoteToken;
import org.vcstoken.server.ServerException;
import org.vcstoken.server.ServerKind;
import org.vcstoken.server.TokenFacts;
import org.vcstoken.server.TokenInspection;
import org.vcstoken.server.TokenListing;
import org.vcstoken.server.TokenSpec;
import org.vcstoken.server.VcsProbe;
import org.vcstoken.server.VcsType;
import org.vcstoken.token.Role;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;

/**
 * RhodeCode CE/EE 4.x/5.x. Its API cannot create, rotate or delete tokens, so assisted creation
 * drives the web UI with the account password ({@link #passwordCreation}); tokens are checked
 * with the VCS requests the clients themselves make, and an API token lists the account's tokens.
 */
final class RhodeCodeKind implements ServerKind, PasswordCreation, TokenInspection, TokenListing {
    static final String ID = "rhodecode";
    /** RhodeCode checks the Basic user name against the token's owner, so it matters here. */
    static final KindRules RULES = new KindRules(Duration.ofDays(30), null, null, false, false, true, "RhodeCode");

    private final KindContext context;
    private final HttpTransport http;
    private final VcsProbe probe;
    private final JsonRpc api;

    /** The kind on its own transport and clock, as the package's tests build it. */
    RhodeCodeKind(HttpTransport http, java.time.Clock clock) {
        this(new KindContext(http, clock, http.trace()));
    }

    RhodeCodeKind(KindContext context) {
        this.context = Objects.requireNonNull(context, "context");
        this.http = context.http();
        this.probe = new VcsProbe(http);
        this.api = new JsonRpc(http);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public KindRules rules() {
        return RULES;
    }

    /**
     * With a repository: the VCS request of {@code vcs} (see {@link VcsProbe}). With {@code repo}
     * "" no VCS request is possible (every one names a repository), so the JSON-RPC call
     * {@code get_user} (the token's own account) is used instead:
     * <ul>
     * <li>the token's account is {@code username} → ACCEPTED (roles api and all; only all also
     *     opens repositories, which the caller knows from the token's role);</li>
     * <li>another account (RhodeCode checks the Basic user name too) or "Invalid API KEY" (wrong,
     *     expired, deleted) → REJECTED;</li>
     * <li>inactive account → FORBIDDEN;</li>
     * <li>"bad role" (a vcs, http or feed token, or a repo-scoped one): the token exists but the
     *     API cannot tell more without a repository → {@link ServerException} asking for one.</li>
     * </ul>
     */
    @Override
    public ProbeResult probe(ServerProfile profile, String repo, VcsType vcs, String username, Secret token)
            throws ServerException {
        Objects.requireNonNull(repo, "repo");
        if (!repo.replace("/", "").isEmpty()) {
            return probe.probe(profile, repo, vcs, username, token);
        }
        Objects.requireNonNull(username, "username");
        String what = RhodeCodeMessages.checkingWithoutRepository(profile.baseUrl());
        JsonRpc.Envelope e = api.call(profile, token, "get_user", Map.of(), what);
        if (e.error() == null) {
            if (e.result() instanceof Map<?, ?> user && username.equals(user.get("username"))) {
                return ProbeResult.ACCEPTED;
            }
            return ProbeResult.REJECTED;
        }
        if (e.error().startsWith(JsonRpc.INVALID_KEY)) {
            return ProbeResult.REJECTED;
        }
        if (e.error().startsWith(JsonRpc.USER_NOT_ALLOWED)) {
            return ProbeResult.FORBIDDEN;
        }
        if (e.error().startsWith(JsonRpc.BAD_ROLE)) {
            throw new ServerException(RhodeCodeMessages.apiNeedsRepository(what, profile.baseUrl()));
        }
        throw new ServerException(RhodeCodeMessages.apiRefused(what, e.error()));
    }

    /** The account's token page with the role preselected (RHODECODE.md, "Web UI token endpoints"). */
    @Override
    public GuidedPage tokenPage(ServerProfile profile, TokenSpec spec) {
        Role role = spec == null || spec.role() == null ? Role.VCS : spec.role();
        URI page = URI.create(HttpTransport.resolve(profile, WebSession.TOKENS) + "?token_role=" + roleName(role));
        return new GuidedPage(page, RhodeCodeMessages.tokenPageInstructions(role.id().toUpperCase(java.util.Locale.ROOT),
                spec != null ? spec.repo() : null));
    }

    /** The VCS token page, for messages that send a person there. */
    static URI tokenPageOf(ServerProfile profile) {
        return URI.create(HttpTransport.resolve(profile, WebSession.TOKENS) + "?token_role=" + roleName(Role.VCS));
    }

    /** RhodeCode's name for a role, e.g. {@code token_role_vcs}. */
    static String roleName(Role role) {
        return "token_role_" + role.id();
    }

    @Override
    public Optional<PasswordCreation> passwordCreation() {
        return Optional.of(this);
    }

    /** Only API-capable tokens (roles api and all) can be asked about without a repository. */
    @Override
    public Optional<TokenInspection> inspection() {
        return Optional.of(this);
    }

    @Override
    public Optional<TokenListing> listing() {
        return Optional.of(this);
    }

    /**
     * Logs into the web UI. The caller's {@code password} array is left as it is (the caller
     * clears it); every copy made here is cleared before this returns. RhodeCode asks for no
     * one-time code on this path.
     */
    @Override
    public AccountSession login(ServerProfile profile, String username, char[] password, OneTimeCodes codes)
            throws ServerException {
        return WebSession.open(http, profile, username, password, context.clock());
    }

    /** RhodeCode's API answers only tokens with role api or all. */
    @Override
    public boolean canInspect(org.vcstoken.token.Token token) {
        return token.role() == Role.API || token.role() == Role.ALL;
    }

    /** A login that no one-time code can follow (RhodeCode asks for none). */
    AccountSession login(ServerProfile profile, String username, char[] password) throws ServerException {
        return login(profile, username, password, OneTimeCodes.NONE);
    }

    /** The secrets {@link #list} finds. */
    List<String> knownTokens(ServerProfile profile, String username, Secret apiToken) throws ServerException {
        return list(profile, username, apiToken).stream().map(RemoteToken::secret).toList();
    }

    /**
     * {@code get_user} with the token: RhodeCode answers only for API-capable tokens and says
     * nothing of their expiry; "Invalid API KEY" means wrong, expired or deleted.
     */
    @Override
    public TokenFacts inspect(ServerProfile profile, String username, Secret token) throws ServerException {
        String what = RhodeCodeMessages.checkingWithApi(profile.baseUrl());
        JsonRpc.Envelope e = api.call(profile, token, "get_user", Map.of(), what);
        if (e.error() == null) {
            Object owner = e.result() instanceof Map<?, ?> user ? user.get("username") : null;
            boolean mine = owner != null && owner.equals(username);
            return new TokenFacts(mine, false, null, Set.of(), null, owner == null ? null : owner.toString(), mine);
        }
        if (e.error().startsWith(JsonRpc.INVALID_KEY)) {
            return new TokenFacts(false, false, null, Set.of(), null, null, false);
        }
        throw new ServerException(what + ": " + (e.error().startsWith(JsonRpc.BAD_ROLE)
                ? RhodeCodeMessages.notAnApiToken() : RhodeCodeMessages.apiRefused(e.error())));
    }

    /**
     * {@code get_user} of the API token's own account, which must be {@code username}: its
     * {@code auth_tokens}, expired ones included. No {@code userid} is sent: RhodeCode refuses one
     * from a normal user unless it is their numeric id, and a user name never is.
     */
    @Override
    public List<RemoteToken> list(ServerProfile profile, String username, Secret apiToken) throws ServerException {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(apiToken, "apiToken");
        String what = RhodeCodeMessages.listingTokens(username, profile.baseUrl());
        Object result = api.result(profile, apiToken, "get_user", Map.of(), what);
        if (!(result instanceof Map<?, ?> user) || !(user.get("auth_tokens") instanceof List<?> tokens)) {
            throw new ServerException(RhodeCodeMessages.noAuthTokensList(what));
        }
        if (!username.equals(user.get("username"))) {
            Object owner = user.get("username");
            throw new ServerException(RhodeCodeMessages.apiTokenOfOther(what, String.valueOf(owner), username));
        }
        List<RemoteToken> out = new ArrayList<>(tokens.size());
        for (Object t : tokens) {
            if (t instanceof String s) {
                http.trace().mask(s);
                // Listed means known to the server; RhodeCode lists expired tokens too, and vcstoken
                // knows their expiry itself.
                out.add(new RemoteToken(null, s, true, null));
            }
        }
        return out;
    }
}
