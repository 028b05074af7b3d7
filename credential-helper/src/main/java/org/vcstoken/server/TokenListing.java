package org.vcstoken.server;

import java.util.List;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;

/** Lists the account's tokens, to notice tokens deleted or revoked on the server. */
public interface TokenListing {
    /** @param apiToken a token of {@code username} that opens the API */
    List<RemoteToken> list(ServerProfile profile, String username, Secret apiToken) throws ServerException;
}
