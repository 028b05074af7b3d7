package org.vcstoken.server.gitlab;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.vcstoken.server.ApiCreation;
import org.vcstoken.server.GuidedPage;
import org.vcstoken.server.HttpTransport;
import org.vcstoken.server.KindContext;
import org.vcstoken.server.KindRules;
import org.vcstoken.server.ProbeResult;
import org.vcstoken.server.RemoteToken;
import org.vcstoken.server.Revocation;
import org.vcstoken.server.Rotation;
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
import org.vcstoken.token.Token;

/**
 * GitLab (and Heptapod, GitLab with Mercurial), 16.0 and later, over {@code /api/v4}. A token
 * vcstoken holds for the API (a personal access token with scope {@code api}) creates a project
 * access token per repository ({@link ProjectTokens}), rotates tokens before they expire
 * ({@link TokenRotation}), checks, revokes and lists them. GitLab has no password-based
 * creation: OAuth's password grant is being removed (FORGES.md §1.2), so a person is sent to
 * the prefilled personal access token page instead.
 */
final class GitLabKind implements ServerKind, TokenInspection, Revocation, TokenListing {
    static final String ID = "gitlab";
    /** The realm of git's (and Heptapod's) 401. */
    static final String REALM = "GitLab";
    /**
     * 30 days is GitLab's own default in its token form; 365 its maximum ("Expiration date must be
     * before …"). GitLab ignores the Basic user name for tokens ("Any non-blank value"), limits
     * project access tokens to one project, and serves no svn.
     */
    static final KindRules RULES = new KindRules(Duration.ofDays(30), Duration.ofDays(ExpiryDates.MAX_DAYS),
            "GitLab caps token lifetimes at 365 days", false, true, true, null);
    /** The personal access token page; it takes {@code name} and {@code scopes} to prefill (GitLab 14.1+). */
    static final String TOKENS_PAGE = "-/user_settings/personal_access_tokens";
    /** What git (and hg) need: pull and push. */
    static final List<String> VCS_SCOPES = List.of("read_repository", "write_repository");
    static final String API_SCOPE = "api";
    /** Largest number of pages of 100 tokens read when listing: far more than any account has. */
    private static final int MAX_PAGES = 50;

    private final GitLabApi api;
    private final VcsProbe vcs;
    private final ProjectTokens creation;
    private final TokenRotation rotation;

    GitLabKind(KindContext context) {
        Objects.requireNonNull(context, "context");
        this.api = new GitLabApi(context.http());
        this.vcs = new VcsProbe(context.http());
        this.creation = new ProjectTokens(api, context.clock());
        this.rotation = new TokenRotation(api, context.clock());
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
     * git: {@code GET <repo>.git/info/refs?service=git-upload-pack} (GitLab answers the URL
     * without {@code .git} with a redirect, which is never followed); hg: Heptapod's
     * {@code <repo>?cmd=capabilities}; svn: GitLab serves none, so no repository is found. With
     * no repository, the token asks GitLab about itself ({@code personal_access_tokens/self}).
     */
    @Override
    public ProbeResult probe(ServerProfile profile, String repo, VcsType type, String username, Secret token)
            throws ServerException {
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(type, "type");
        String name = trimSlashes(repo);
        if (name.isEmpty()) {
            return inspect(profile, username, token).active() ? ProbeResult.ACCEPTED : ProbeResult.REJECTED;
        }
        // GitLab accepts any non-blank user name with a token.
        String user = username == null || username.isBlank() ? "vcstoken" : username;
        return switch (type) {
            case GIT -> vcs.probe(profile, name + ".git", VcsType.GIT, user, token);
            case HG -> vcs.probe(profile, name, VcsType.HG, user, token);
            case SVN -> ProbeResult.NOT_FOUND;
        };
    }

    /**
     * GitLab's personal access token page, prefilled with a name and the scopes: {@code api} for
     * vcstoken's own API token, {@code read_repository} and {@code write_repository} for git and
     * hg. A personal token cannot be limited to one project on that page.
     */
    @Override
    public GuidedPage tokenPage(ServerProfile profile, TokenSpec spec) {
        URI list = HttpTransport.resolve(profile, TOKENS_PAGE);
        if (spec == null) {
            return new GuidedPage(list, GitLabMessages.revokeThere(), false);
        }
        boolean forApi = spec.role() == Role.API;
        List<String> scopes = forApi ? List.of(API_SCOPE) : VCS_SCOPES;
        String name = spec.description() == null || spec.description().isBlank() ? "vcstoken" : spec.description();
        URI page = URI.create(list + "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "&scopes="
                + String.join(",", scopes));
        String instructions = forApi ? GitLabMessages.apiTokenInstructions() : GitLabMessages.vcsTokenInstructions();
        return new GuidedPage(page, instructions, false);
    }

    @Override
    public Optional<ApiCreation> apiCreation() {
        return Optional.of(creation);
    }

    @Override
    public Optional<TokenInspection> inspection() {
        return Optional.of(this);
    }

    @Override
    public Optional<Rotation> rotation() {
        return Optional.of(rotation);
    }

    @Override
    public Optional<Revocation> revocation() {
        return Optional.of(this);
    }

    @Override
    public Optional<TokenListing> listing() {
        return Optional.of(this);
    }

    /** Every GitLab token may ask about itself: {@code personal_access_tokens/self} takes any scope. */
    @Override
    public boolean canInspect(Token token) {
        return true;
    }

    /**
     * {@code GET /personal_access_tokens/self} with the token: active, scopes, expiry date and id;
     * GitLab answers 401 for a revoked, expired or unknown token. For a token with scope
     * {@code api}, {@code GET /user} names its owner (a project's bot user cannot create tokens,
     * so its token does not open the API for vcstoken).
     */
    @Override
    public TokenFacts inspect(ServerProfile profile, String username, Secret token) throws ServerException {
        String what = GitLabMessages.checking(profile.baseUrl());
        GitLabApi.Reply r = api.send(profile, "GET", "personal_access_tokens/self", token, null, what);
        if (r.status() == 401) {
            return new TokenFacts(false, false, null, Set.of(), null, null, false);
        }
        if (!r.ok()) {
            throw new ServerException(what + ": " + r.said());
        }
        Map<String, Object> o = r.object(what);
        boolean active = Boolean.TRUE.equals(o.get("active")) && !Boolean.TRUE.equals(o.get("revoked"));
        Set<String> scopes = strings(o.get("scopes"));
        Instant expires = ExpiryDates.instantOf(o.get("expires_at"), what);
        Long id = o.get("id") instanceof Long l ? l : null;
        boolean opensApi = active && scopes.contains(API_SCOPE);
        String owner = null;
        if (opensApi) {
            Map<String, Object> user = user(profile, token, what);
            owner = user.get("username") instanceof String s ? s : null;
            opensApi = !Boolean.TRUE.equals(user.get("bot"));
        }
        return new TokenFacts(active, true, expires, scopes, id == null ? null : GitLabTokenId.personal(id).format(),
                owner, opensApi);
    }

    /** {@code GET /user}: the account of {@code token}. */
    private Map<String, Object> user(ServerProfile profile, Secret token, String what) throws ServerException {
        GitLabApi.Reply r = api.send(profile, "GET", "user", token, null, what);
        if (!r.ok()) {
            throw new ServerException(what + ": " + r.said());
        }
        return r.object(what);
    }

    /**
     * A project access token is revoked under its project, a personal one by id, both with the API
     * token; without one (or without an id) the token revokes itself
     * ({@code DELETE /personal_access_tokens/self}, any scope). A token GitLab no longer knows is
     * as good as revoked.
     */
    @Override
    public void revoke(ServerProfile profile, Token token, Secret apiToken) throws ServerException {
        Optional<GitLabTokenId> id = GitLabTokenId.parse(token.serverId());
        String what = GitLabMessages.revoking(token.id(), profile.baseUrl());
        if (apiToken != null && id.isPresent()) {
            GitLabTokenId t = id.get();
            String path = t.isProjectToken() ? "projects/" + t.projectId() + "/access_tokens/" + t.tokenId()
                    : "personal_access_tokens/" + t.tokenId();
            GitLabApi.Reply r = api.send(profile, "DELETE", path, apiToken, null, what);
            if (r.ok() || r.status() == 404) {
                return;
            }
            throw new ServerException(what + ": " + r.said());
        }
        GitLabApi.Reply r = api.send(profile, "DELETE", "personal_access_tokens/self", token.secret(), null, what);
        // 401: GitLab no longer accepts it (revoked or expired already).
        if (r.ok() || r.status() == 401) {
            return;
        }
        throw new ServerException(what + ": " + r.said());
    }

    /**
     * The account's personal access tokens ({@code GET /personal_access_tokens?user_id=}), revoked
     * and expired ones included. Project access tokens belong to the projects' bot users and are
     * not in this list: {@link #covers} leaves them to {@link #inspect}.
     */
    @Override
    public List<RemoteToken> list(ServerProfile profile, String username, Secret apiToken) throws ServerException {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(apiToken, "apiToken");
        String what = GitLabMessages.listing(username, profile.baseUrl());
        Map<String, Object> user = user(profile, apiToken, what);
        if (!username.equals(user.get("username")) || !(user.get("id") instanceof Long userId)) {
            Object owner = user.get("username");
            throw new ServerException(GitLabMessages.notOwnApiToken(what, HttpTransport.printable(String.valueOf(owner), 60),
                    username));
        }
        List<RemoteToken> out = new ArrayList<>();
        for (int page = 1; page <= MAX_PAGES; page++) {
            GitLabApi.Reply r = api.send(profile, "GET", "personal_access_tokens?user_id=" + userId
                    + "&per_page=100&page=" + page, apiToken, null, what);
            if (!r.ok()) {
                throw new ServerException(what + ": " + r.said());
            }
            List<?> tokens = r.array(what);
            for (Object o : tokens) {
                if (o instanceof Map<?, ?> t && t.get("id") instanceof Long id) {
                    boolean active = Boolean.TRUE.equals(t.get("active")) && !Boolean.TRUE.equals(t.get("revoked"));
                    out.add(new RemoteToken(GitLabTokenId.personal(id).format(), null, active,
                            ExpiryDates.instantOf(t.get("expires_at"), what)));
                }
            }
            String next = r.raw().headers().firstValue("X-Next-Page").orElse("");
            if (tokens.size() < 100 || next.isBlank()) {
                break;
            }
        }
        return out;
    }

    /** The list holds personal access tokens only, and only those whose id vcstoken knows can be found in it. */
    @Override
    public boolean covers(Token token) {
        return GitLabTokenId.parse(token.serverId()).map(id -> !id.isProjectToken()).orElse(false);
    }

    static Set<String> strings(Object value) {
        Set<String> out = new LinkedHashSet<>();
        if (value instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof String s) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private static String trimSlashes(String repo) {
        int from = 0;
        int to = repo.length();
        while (from < to && repo.charAt(from) == '/') {
            from++;
        }
        while (to > from && repo.charAt(to - 1) == '/') {
            to--;
        }
        return repo.substring(from, to);
    }
}
