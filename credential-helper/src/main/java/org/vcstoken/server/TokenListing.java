package org.vcstoken.server;

import java.util.List;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;

/** Lists the account's tokens, to notice tokens deleted or revoked on the server. */
public interface TokenListing {
    /** @param apiToken a token of {@code username} that opens the API */
    List<RemoteToken> list(ServerProfile profile, String username, Secret apiToken) throws ServerException;

    /**
     * Whether {@link #list} would show {@code token} at all, so that its absence means it was
     * deleted. GitLab lists personal tokens only, not project access tokens (which belong to the
     * project's bot user): those are checked another way.
     */
    default boolean covers(Token token) {
        return true;
    }
}
