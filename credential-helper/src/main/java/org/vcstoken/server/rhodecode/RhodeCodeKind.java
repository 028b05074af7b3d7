package org.vcstoken.server.rhodecode;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.vcstoken.server.AccountSession;
import org.vcstoken.server.HttpTransport;
import org.vcstoken.server.ProbeResult;
import org.vcstoken.server.ServerException;
import org.vcstoken.server.ServerKind;
import org.vcstoken.server.VcsProbe;
import org.vcstoken.server.VcsType;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;

/**
 * RhodeCode CE/EE 4.x/5.x. Its API cannot create tokens, so assisted creation drives the web UI
 * (see {@link #login}); tokens are checked with the VCS requests the clients themselves make.
 *
 * <p>Public only so that {@link org.vcstoken.server.ServerKinds} can create it; obtain it there.
 */
public final class RhodeCodeKind implements ServerKind {
    private final HttpTransport http;
    private final Clock clock;
    private final VcsProbe probe;
    private final JsonRpc api;

    /**
     * @param http  bounded, redirect-free HTTP
     * @param clock dates a new token when the server's page does not say when it expires
     */
    public RhodeCodeKind(HttpTransport http, Clock clock) {
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.probe = new VcsProbe(http);
        this.api = new JsonRpc(http);
    }

    @Override
    public String id() {
        return "rhodecode";
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
        String what = "checking the token for " + profile.baseUrl() + " (no repository: asking the API)";
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
            throw new ServerException(what + ": the token is not an API token, and without a repository RhodeCode "
                    + "cannot check it; give a repository URL (e.g. " + profile.baseUrl() + "/REPO)");
        }
        throw new ServerException(what + ": the RhodeCode API refused: " + e.error());
    }

    @Override
    public URI tokenPage(ServerProfile profile) {
        return tokenPageOf(profile);
    }

    static URI tokenPageOf(ServerProfile profile) {
        return URI.create(HttpTransport.resolve(profile, WebSession.TOKENS) + "?token_role=token_role_vcs");
    }

    @Override
    public boolean canCreateTokens() {
        return true;
    }

    /**
     * Logs into the web UI. The caller's {@code password} array is left as it is (the caller
     * clears it); every copy made here is cleared before this returns.
     */
    @Override
    public AccountSession login(ServerProfile profile, String username, char[] password) throws ServerException {
        return WebSession.open(http, profile, username, password, clock);
    }

    /**
     * {@code get_user} of the API token's own account, which must be {@code username}: its
     * {@code auth_tokens}, expired ones included. No {@code userid} is sent: RhodeCode refuses one
     * from a normal user unless it is their numeric id, and a user name never is.
     */
    @Override
    public List<String> knownTokens(ServerProfile profile, String username, Secret apiToken) throws ServerException {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(apiToken, "apiToken");
        String what = "listing the tokens of " + username + " on " + profile.baseUrl();
        Object result = api.result(profile, apiToken, "get_user", Map.of(), what);
        if (!(result instanceof Map<?, ?> user) || !(user.get("auth_tokens") instanceof List<?> tokens)) {
            throw new ServerException(what + ": the API answer has no auth_tokens list; is the server kind right "
                    + "(vcstoken server list)?");
        }
        if (!username.equals(user.get("username"))) {
            throw new ServerException(what + ": the API token belongs to " + user.get("username") + ", not "
                    + username + "; use one of " + username + "'s API tokens");
        }
        List<String> out = new ArrayList<>(tokens.size());
        for (Object t : tokens) {
            if (t instanceof String s) {
                http.trace().mask(s);
                out.add(s);
            }
        }
        return out;
    }
}
