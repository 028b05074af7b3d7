package org.vcstoken.server;

import java.util.List;
import java.util.Optional;
import org.vcstoken.check.Check;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;

/**
 * A family of servers (RhodeCode, GitLab, Forgejo, Gitea, any Basic-auth server): what vcstoken
 * may do with its tokens. Forges differ in what they offer, so apart from checking a token on a
 * repository and naming the page where a person makes one, every ability is an optional
 * capability that the broker, the fallback and {@code renew} ask for before choosing a path; a
 * family overrides only what its forge offers (each is absent by default).
 * A kind lives in its own package under {@code org.vcstoken.server} with its REST client, page
 * parser and rules; nothing outside that package names it. Implementations make bounded network
 * calls only and never follow a redirect with credentials.
 */
public interface ServerKind {
    /** The profile's kind name, e.g. {@code gitlab}. */
    String id();

    /** Defaults and limits of this family: lifetimes, who enforces expiry, user names, realms. */
    KindRules rules();

    /**
     * A cheap authenticated request for {@code repo} ("" for the server itself), the one the VCS
     * client would make first (see {@link VcsProbe}). What "" can check depends on the kind; one
     * that cannot check without a repository throws a {@link ServerException} asking for one.
     *
     * @throws ServerException the server could not be asked, or answered with something other
     *                         than 2xx, 401, 403 or 404 (including a redirect: never followed)
     */
    ProbeResult probe(ServerProfile profile, String repo, VcsType vcs, String username, Secret token)
            throws ServerException;

    /** Where a person creates the token {@code spec} describes, prefilled where the forge allows. */
    GuidedPage tokenPage(ServerProfile profile, TokenSpec spec);

    /** Creating a token from the account password (a web login or a Basic-auth API call). */
    default Optional<PasswordCreation> passwordCreation() {
        return Optional.empty();
    }

    /** Creating a token with an API token vcstoken holds, without asking anyone. */
    default Optional<ApiCreation> apiCreation() {
        return Optional.empty();
    }

    /** Reading what the server knows of a token: active, expiry, scopes. */
    default Optional<TokenInspection> inspection() {
        return Optional.empty();
    }

    /** Replacing a token by a new one before it expires, without a person. */
    default Optional<Rotation> rotation() {
        return Optional.empty();
    }

    /** Revoking a token with an API token. */
    default Optional<Revocation> revocation() {
        return Optional.empty();
    }

    /** Listing the account's tokens with an API token. */
    default Optional<TokenListing> listing() {
        return Optional.empty();
    }

    /**
     * Checks of this family's own that {@code vcstoken doctor} runs for {@code server}, after its
     * checks that hold for every server and only when the server answered: what only this forge
     * can get wrong (an API token that lost its scope, a lifetime over the forge's limit). Each
     * check makes bounded requests through the kind's own transport and reports a failure to
     * reach the server as a finding. None by default.
     */
    default List<Check> checks(ServerUnderCheck server) {
        return List.of();
    }
}
