package org.vcstoken.token;

import java.time.Instant;

/**
 * What vcstoken knows of a token beyond what the server says.
 *
 * @param expiryEnforced  the expiry is vcstoken's own: the forge would keep the token forever
 * @param unchecked       stored without the server confirming that it works
 * @param retired         replaced at this time but still valid on the server (deleting it there
 *                        failed); never handed out, listed with how to delete it
 * @param rotationStarted vcstoken began rotating this token then; it is never rotated again
 */
public record TokenState(boolean expiryEnforced, boolean unchecked, Instant retired, Instant rotationStarted) {
    public static final TokenState NONE = new TokenState(false, false, null, null);

    public TokenState withRetired(Instant when) {
        return new TokenState(expiryEnforced, unchecked, when, rotationStarted);
    }

    public TokenState withRotationStarted(Instant when) {
        return new TokenState(expiryEnforced, unchecked, retired, when);
    }
}
