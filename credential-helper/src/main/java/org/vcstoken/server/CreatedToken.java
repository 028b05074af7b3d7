package org.vcstoken.server;

import java.time.Instant;
import org.vcstoken.token.Secret;

/**
 * A token the server just created, as read back from it.
 *
 * @param secret   the token
 * @param expires  when the server will stop accepting it, or {@code null} for never
 * @param serverId the server's id for it (needed to delete it later)
 * @param repo     the repository it is scoped to, or {@code null} when server-wide (the server
 *                 may have refused a requested scope: CE RhodeCode has none)
 * @param note     something the person should be told about it (e.g. the server did not say when
 *                 it expires, so {@code expires} is vcstoken's estimate), or {@code null}
 */
public record CreatedToken(Secret secret, Instant expires, String serverId, String repo, String note) {
    /** A token with nothing to tell about it. */
    public CreatedToken(Secret secret, Instant expires, String serverId, String repo) {
        this(secret, expires, serverId, repo, null);
    }
}
