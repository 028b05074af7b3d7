package org.vcstoken.server;

import java.time.Instant;
import org.vcstoken.token.Secret;
import org.vcstoken.token.Token;
import org.vcstoken.token.ServerProfile;

/**
 * Replaces a token by a new one on the server, which revokes the old one (GitLab's rotate
 * endpoints). A forge may revoke a whole token family when a revoked token is rotated again, so
 * the caller rotates a token at most once, across processes, and records that it started.
 */
public interface Rotation {
    /**
     * Whether {@code token} can be rotated with what vcstoken holds: the token itself (when its
     * scopes allow rotating itself) or {@code apiToken} ({@code null} when none is stored).
     */
    boolean canRotate(Token token, Token apiToken);

    /**
     * Rotates {@code token}; the new one expires at {@code expires} (the forge may round it,
     * e.g. to a date). The old secret stops working when this returns.
     *
     * @param apiToken the API token to rotate with, or {@code null} to use the token itself
     */
    CreatedToken rotate(ServerProfile profile, Token token, Secret apiToken, Instant expires) throws ServerException;
}
