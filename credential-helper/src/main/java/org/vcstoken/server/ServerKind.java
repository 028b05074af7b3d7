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
     * {@code info/refs}.
     */
    ProbeResult probe(ServerProfile profile, String repo, VcsType vcs, String username, Secret token)
            throws ServerException;

    /** The page where a person creates a VCS token by hand. */
    URI tokenPage(ServerProfile profile);

    /** Whether {@link #login} works for this kind (assisted creation). */
    boolean canCreateTokens();

    /** Logs into the web UI with the account password, for assisted creation. */
    AccountSession login(ServerProfile profile, String username, char[] password) throws ServerException;

    /**
     * The tokens the server knows for {@code username}, read with an API token, to notice tokens
     * deleted on the server. Empty when the kind has no such API.
     */
    List<String> knownTokens(ServerProfile profile, String username, Secret apiToken) throws ServerException;
}
