package org.vcstoken.server.forgejo;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.vcstoken.server.AccountSession;
import org.vcstoken.server.GuidedPage;
import org.vcstoken.server.HttpTransport;
import org.vcstoken.server.KindContext;
import org.vcstoken.server.KindRules;
import org.vcstoken.server.OneTimeCodes;
import org.vcstoken.server.PasswordCreation;
import org.vcstoken.server.ProbeResult;
import org.vcstoken.server.ServerException;
import org.vcstoken.server.ServerKind;
import org.vcstoken.server.TokenFacts;
import org.vcstoken.server.TokenInspection;
import org.vcstoken.server.TokenSpec;
import org.vcstoken.server.VcsProbe;
import org.vcstoken.server.VcsType;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;

/**
 * Forgejo and Gitea (FORGES.md §2, §3). Tokens never expire there, so vcstoken enforces the
 * profile's lifetime itself and deletes the token it replaces. The account password (and a
 * one-time code under two-factor authentication) opens the token API once ({@link ApiSession});
 * a token is checked with git's own first request, or without a repository with the API's
 * {@code GET /user}. No API token path exists: on Forgejo no token can mint a token.
 */
final class ForgeKind implements ServerKind, PasswordCreation, TokenInspection {
    /** The API's path under the server's base URL. */
    static final String API = "api/v1";
    /** Where a person makes a token (both forges). */
    static final String TOKEN_PAGE = "user/settings/applications";

    private final Flavor flavor;
    private final KindContext context;
    private final HttpTransport http;
    private final VcsProbe git;
    private final Supplier<String> machine;

    /** @param machine this computer's name, for the names of created tokens (asked only then) */
    ForgeKind(Flavor flavor, KindContext context, Supplier<String> machine) {
        this.flavor = Objects.requireNonNull(flavor, "flavor");
        this.context = Objects.requireNonNull(context, "context");
        this.http = context.http();
        this.git = new VcsProbe(http);
        this.machine = Objects.requireNonNull(machine, "machine");
    }

    @Override
    public String id() {
        return flavor.id;
    }

    @Override
    public KindRules rules() {
        return flavor.rules;
    }

    /**
     * With a repository: git's {@code info/refs} request (401 for an unknown token, 403 for a
     * token without the repository scope or, on Forgejo, limited to other repositories, 404 for
     * no read access); hg and svn find nothing (404). Without one: {@link #account}.
     */
    @Override
    public ProbeResult probe(ServerProfile profile, String repo, VcsType vcs, String username, Secret token)
            throws ServerException {
        Objects.requireNonNull(repo, "repo");
        if (repo.replace("/", "").isEmpty()) {
            return account(profile, username, token) ? ProbeResult.ACCEPTED : ProbeResult.REJECTED;
        }
        if (vcs != VcsType.GIT) {
            // The forge serves git only: it has no hg or svn repository of any name.
            http.trace().line(ForgeMessages.gitOnly(flavor.displayName, profile.baseUrl(),
                    vcs.name().toLowerCase(Locale.ROOT)));
            return ProbeResult.NOT_FOUND;
        }
        return git.probe(profile, repo, vcs, username, token);
    }

    /**
     * {@code GET /api/v1/user} with the token as the Basic password: 200 (a token with
     * {@code read:user}) or 403 (the scope check, which runs only after the token was found) mean
     * the forge knows the token; 401 means it does not (deleted, or never was). The password is
     * never empty ({@link Secret} cannot be), so the forge never reads the user name as the token.
     *
     * @return whether the forge accepts the token
     */
    boolean account(ServerProfile profile, String username, Secret token) throws ServerException {
        Objects.requireNonNull(token, "token");
        HttpTransport.requireSafeTransport(profile);
        http.trace().mask(token.reveal());
        String what = ForgeMessages.checking(profile.baseUrl(), flavor.displayName);
        HttpRequest.Builder req = HttpRequest.newBuilder(api(profile, "user")).GET()
                .header("Accept", "application/json")
                .header("Authorization", HttpTransport.basicAuth(username == null ? "" : username, token));
        HttpTransport.Reply reply = http.send(req, what, Answers.MAX_BODY);
        return switch (reply.status()) {
            case 200 -> {
                if (Answers.object(reply).isEmpty()) {
                    throw new ServerException(ForgeMessages.notJson(what, profile.baseUrl()));
                }
                yield true;
            }
            case 403 -> true;
            case 401 -> false;
            case 404 -> throw new ServerException(ForgeMessages.noApi(what, profile.baseUrl(), 404));
            default -> throw http.unexpected(what, reply);
        };
    }

    /** {@code <base>/api/v1/<path>}. */
    static URI api(ServerProfile profile, String path) {
        return HttpTransport.resolve(profile, API + "/" + path);
    }

    @Override
    public GuidedPage tokenPage(ServerProfile profile, TokenSpec spec) {
        // Forgejo's page can limit a token to chosen repositories; Gitea's cannot.
        return new GuidedPage(HttpTransport.resolve(profile, TOKEN_PAGE),
                ForgeMessages.tokenPageInstructions(flavor.displayName), flavor.repositoryTokens);
    }

    /*
     * Only the password creates tokens here. No API creation: Forgejo lets no token mint a token,
     * Gitea only a password-equivalent one. No rotation: neither forge has a rotate endpoint
     * (regeneration exists only in Forgejo's web UI). No revocation or listing with a token:
     * deleting takes the password session ({@link AccountSession#delete}), a token cannot delete
     * itself, and listing takes the password on Gitea.
     */
    @Override
    public Optional<PasswordCreation> passwordCreation() {
        return Optional.of(this);
    }

    @Override
    public Optional<TokenInspection> inspection() {
        return Optional.of(this);
    }

    @Override
    public AccountSession login(ServerProfile profile, String username, char[] password, OneTimeCodes codes)
            throws ServerException {
        return ApiSession.open(flavor, http, context.clock(), machine, profile, username, password, codes);
    }

    /** Any token can be asked about: the forge answers {@code GET /user} for every token it knows. */
    @Override
    public boolean canInspect(Token token) {
        return true;
    }

    /**
     * What the forge says of a token: known or not ({@link #account}). It says nothing of an
     * expiry (it has none; the one vcstoken keeps is not the forge's to change), and vcstoken
     * uses no token for the API.
     */
    @Override
    public TokenFacts inspect(ServerProfile profile, String username, Secret token) throws ServerException {
        boolean known = account(profile, username, token);
        return new TokenFacts(known, false, null, Set.of(), null, null, false);
    }
}
