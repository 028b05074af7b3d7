package org.vcstoken.token;

import java.time.Instant;

/**
 * What vcstoken knows about a token's life beyond its expiry and the server's verdict: kept in
 * the store beside the token (issue 16). {@link #NONE} is a token with nothing to note.
 *
 * @param expiryEnforced  the expiry is vcstoken's own: the server would accept the token forever
 *                        (Forgejo, Gitea), so vcstoken replaces it and deletes it on the server
 * @param unchecked       stored without the server having confirmed that it works
 * @param retired         when it was replaced; it is still valid on the server because deleting it
 *                        there failed, so it is kept only to try again, and never handed out;
 *                        {@code null} when not retired
 * @param rotationStarted when vcstoken began rotating it; a rotation may have made it invalid on
 *                        the server, so it is never rotated again; {@code null} when never
 */
public record TokenState(boolean expiryEnforced, boolean unchecked, Instant retired, Instant rotationStarted) {

    /** Nothing to note: what a token added by hand has. */
    public static final TokenState NONE = new TokenState(false, false, null, null);

    /** Whether this is {@link #NONE}. */
    public boolean isNone() {
        return !expiryEnforced && !unchecked && retired == null && rotationStarted == null;
    }

    public TokenState withExpiryEnforced(boolean value) {
        return new TokenState(value, unchecked, retired, rotationStarted);
    }

    public TokenState withUnchecked(boolean value) {
        return new TokenState(expiryEnforced, value, retired, rotationStarted);
    }

    public TokenState withRetired(Instant when) {
        return new TokenState(expiryEnforced, unchecked, when, rotationStarted);
    }

    public TokenState withRotationStarted(Instant when) {
        return new TokenState(expiryEnforced, unchecked, retired, when);
    }
}
