package org.vcstoken.server;

import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;

/** Asks the server about a token itself (GitLab's {@code personal_access_tokens/self}). */
public interface TokenInspection {
    /** Whether the server can be asked about this token at all (RhodeCode: only API-capable roles). */
    boolean canInspect(org.vcstoken.token.Token token);

    /**
     * @return what the server knows of {@code token}; {@code active} is false when the server
     *         refused it as revoked, expired or unknown
     * @throws ServerException the server could not be asked, or cannot tell for this token
     */
    TokenFacts inspect(ServerProfile profile, String username, Secret token) throws ServerException;
}
