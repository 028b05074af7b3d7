package org.vcstoken.server;

import java.net.URI;
import java.util.List;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;

/**
 * A family of servers (RhodeCode today; GitLab, Gitea/Forgejo and Bitbucket Data Center later):
 * how to check a token, where a person creates one, and how vcstoken creates one itself.
 * Implementations make bounded network calls only (connect and read time-outs) and never follow
 * a redirect with credentials.
 */
public interface ServerKind {
    /** The profile's kind name, e.g. {@code rhodecode}. */
    String id();

    /**
     * A cheap authenticated request for {@code repo} ("" for the server itself), e.g. git's
     * {@code info/refs}. What "" can check depends on the kind: RhodeCode asks its API (which only
     * API-capable tokens pass), the generic kind cannot check without a repository; both then
     * throw a {@link ServerException} that asks for a repository.
     *
     * @throws ServerException the server could not be asked, or answered with something other
     *                         than 2xx, 401, 403 or 404 (including a redirect: never followed)
     */
    ProbeResult probe(ServerProfile profile, String repo, VcsType vcs, String username, Secret token)
            throws ServerException;

    /** The page where a person creates a VCS token by hand. */
    URI tokenPage(ServerProfile profile);

    /** Whether {@link #login} works for this kind (assisted creation). */
    boolean canCreateTokens();

    /**
     * Logs into the web UI with the account password, for assisted creation. The caller owns
     * {@code password} and clears it; every copy the kind makes is cleared before this returns.
     *
     * @throws ServerException the login was refused (the message says so and names the token
     *                         page for creating one by hand), or the kind cannot create tokens
     */
    AccountSession login(ServerProfile profile, String username, char[] password) throws ServerException;

    /**
     * The tokens the server knows for {@code username}, read with an API token, to notice tokens
     * deleted on the server. Empty when the kind has no such API.
     */
    List<String> knownTokens(ServerProfile profile, String username, Secret apiToken) throws ServerException;
}
