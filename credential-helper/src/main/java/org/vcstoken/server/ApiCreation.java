package org.vcstoken.server;

import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;

/**
 * Creation with an API token vcstoken holds (role {@code api}), with nobody asked: GitLab's
 * project access tokens, or a personal token limited to the project where the forge can.
 */
public interface ApiCreation {
    /**
     * Creates the token {@code spec} describes.
     *
     * @param username the account the API token belongs to
     * @return the created token, or why this path cannot give one here (no permission, an
     *         instance too old): the caller names that reason in one line and takes the next path
     * @throws ServerException the server failed or answered something unexpected
     */
    ApiOutcome create(ServerProfile profile, String username, Secret apiToken, TokenSpec spec) throws ServerException;
}
