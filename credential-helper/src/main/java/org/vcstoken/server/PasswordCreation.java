package org.vcstoken.server;

import org.vcstoken.token.ServerProfile;

/**
 * Assisted creation: the account password opens a session once (RhodeCode's web UI,
 * Forgejo's and Gitea's Basic-auth token API) in which tokens are created and deleted.
 */
public interface PasswordCreation {
    /**
     * Opens the session. The caller owns {@code password} and clears it; every copy the kind makes
     * is cleared before this returns.
     *
     * @param codes asked when the forge wants a one-time code as well
     * @throws ServerException the login was refused; the message says what the server said and,
     *                         where a password login cannot work for this account, that the
     *                         token page is the way ({@link PasswordLoginImpossible})
     */
    AccountSession login(ServerProfile profile, String username, char[] password, OneTimeCodes codes)
            throws ServerException;

}
