package org.vcstoken.server;

import java.time.Instant;
import java.util.Set;

/**
 * What a server says about one token.
 *
 * @param active      the server accepts it now (not revoked, not expired)
 * @param expiryKnown whether the server said when it expires; {@code expires} is meaningful only then
 * @param expires     when the server stops accepting it, or {@code null} for never
 * @param scopes      the forge's scope names, e.g. {@code api}, {@code read_repository}
 * @param serverId    the server's id for it, or {@code null} when not given
 * @param owner       the account it belongs to, or {@code null} when not given
 * @param opensApi    whether vcstoken can use it to create, rotate and check tokens
 */
public record TokenFacts(boolean active, boolean expiryKnown, Instant expires, Set<String> scopes, String serverId,
        String owner, boolean opensApi) {
    public TokenFacts {
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
    }
}
