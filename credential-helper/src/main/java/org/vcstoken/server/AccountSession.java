package org.vcstoken.server;

import java.util.Optional;
import org.vcstoken.messages.Messages;
import org.vcstoken.token.Secret;

/**
 * A logged-in session on the server's web UI, opened with the account password for assisted token
 * creation and closed right after. The password itself is not kept by the session. Sessions are
 * meant for one thread; using one after {@link #close()} throws {@link IllegalStateException}.
 */
public interface AccountSession extends AutoCloseable {
    /** Whether tokens can be limited to one repository on this server (RhodeCode EE yes, CE no). */
    boolean supportsRepoScope();

    /**
     * Why tokens cannot be limited to one repository here, when {@link #supportsRepoScope()} is false:
     * the family names what its server lacks (an edition, a version), so the person learns whether
     * another server would do better.
     */
    default String whyNoRepoScope() {
        return Messages.noRepositoryScopes();
    }

    /**
     * Whether a token can be limited to {@code repo} here: the server has repository scopes and
     * offers this repository as one to this account (it exists and the account can read it).
     * Kinds that cannot tell before creating say what {@link #supportsRepoScope()} says.
     */
    default boolean offersRepoScope(String repo) throws ServerException {
        return supportsRepoScope();
    }

    /**
     * Creates a token and reads it back. A requested repository scope the server cannot express
     * (RhodeCode CE) gives a server-wide token: {@link CreatedToken#repo()} is then {@code null}.
     * A repository the account cannot read is an error, never silently widened.
     */
    CreatedToken create(TokenSpec spec) throws ServerException;

    /** Deletes a token by the server's id for it. */
    void delete(String serverId) throws ServerException;

    /** The server's id for the token with this secret, if it is among the account's tokens. */
    Optional<String> findId(Secret token) throws ServerException;

    /** Logs out; never throws. */
    @Override
    void close();
}
