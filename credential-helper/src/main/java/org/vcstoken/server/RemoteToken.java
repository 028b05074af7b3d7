package org.vcstoken.server;

import java.time.Instant;
import org.vcstoken.token.Token;

/**
 * One of the account's tokens as the server lists it. Forges list different things: RhodeCode
 * the secrets themselves, GitLab and Forgejo ids and metadata.
 *
 * @param serverId the server's id, or {@code null} when the listing has none
 * @param secret   the secret, when the listing shows it (RhodeCode), else {@code null}
 * @param active   whether the server still accepts it
 * @param expires  when it expires, or {@code null} for never or unknown
 */
public record RemoteToken(String serverId, String secret, boolean active, Instant expires) {
    /** Whether this listing entry is {@code token}: by the server's id when both have one, else by secret. */
    public boolean is(Token token) {
        if (serverId != null && token.serverId() != null) {
            return serverId.equals(token.serverId());
        }
        return secret != null && token.secret().matches(secret);
    }

    @Override
    public String toString() {
        return "RemoteToken[" + serverId + (active ? " active" : " inactive") + "]";
    }

}
