package org.vcstoken.server;

import org.vcstoken.token.Secret;
import org.vcstoken.token.Token;
import org.vcstoken.token.ServerProfile;

/** Revokes a token on the server with an API token (or, where the forge allows, the token itself). */
public interface Revocation {
    /** @param apiToken the API token, or {@code null} to revoke the token with itself */
    void revoke(ServerProfile profile, Token token, Secret apiToken) throws ServerException;
}
