package org.vcstoken.token;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A stored token: the secret and everything selection needs to decide where it may go.
 *
 * @param id          short stable identifier shown in listings
 * @param server      base URL of the server profile it belongs to (see {@link ServerProfile#baseUrl()})
 * @param username    the account the token belongs to; sent as the Basic user name
 * @param role        what the server lets it do
 * @param scope       repository name it is limited to, or {@code null} for the whole server
 * @param expires     when the server stops accepting it, or {@code null} for never
 * @param description free text
 * @param created     when it was added here
 * @param origin      how it came to be here
 * @param confirmed   last time a client reported it worked, or {@code null}
 * @param rejected    when a server refused it, or {@code null}; rejected tokens are never handed out
 * @param secret      the token itself
 * @param serverId    the server's own id for the token when known (vcstoken created it), needed to
 *                    delete it on the server when it is replaced; {@code null} otherwise
 * @param state       what else vcstoken knows of it (enforced expiry, unchecked, retired, rotation
 *                    under way); {@link TokenState#NONE} for nothing; retired tokens are never handed out
 */
public record Token(
        String id,
        String server,
        String username,
        Role role,
        String scope,
        Instant expires,
        String description,
        Instant created,
        TokenOrigin origin,
        Instant confirmed,
        Instant rejected,
        Secret secret,
        String serverId,
        TokenState state) {

    /** Clocks of client and server drift; a token this close to its expiry is treated as expired. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    public Token {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(secret, "secret");
        description = description == null ? "" : description;
        state = state == null ? TokenState.NONE : state;
    }

    /** A token with nothing noted in its {@link TokenState}. */
    public Token(String id, String server, String username, Role role, String scope, Instant expires,
            String description, Instant created, TokenOrigin origin, Instant confirmed, Instant rejected, Secret secret,
            String serverId) {
        this(id, server, username, role, scope, expires, description, created, origin, confirmed, rejected, secret,
                serverId, TokenState.NONE);
    }

    /** A token whose server-side id is not known (added by hand or captured). */
    public Token(String id, String server, String username, Role role, String scope, Instant expires,
            String description, Instant created, TokenOrigin origin, Instant confirmed, Instant rejected, Secret secret) {
        this(id, server, username, role, scope, expires, description, created, origin, confirmed, rejected, secret, null,
                TokenState.NONE);
    }

    public boolean isServerWide() {
        return scope == null;
    }

    /** Expired, counting the clock-skew margin: the server may already think so. */
    public boolean isExpiredAt(Instant now) {
        // plusSeconds, not plus(Duration): the latter loads the JDK's temporal-unit classes.
        return expires != null && !now.plusSeconds(CLOCK_SKEW.getSeconds()).isBefore(expires);
    }

    public boolean isRejected() {
        return rejected != null;
    }

    /** Replaced, but still valid on the server (deleting it there failed): never handed out. */
    public boolean isRetired() {
        return state.retired() != null;
    }

    public Token withConfirmed(Instant when) {
        return new Token(id, server, username, role, scope, expires, description, created, origin, when, null, secret,
                serverId, state);
    }

    public Token withRejected(Instant when) {
        return new Token(id, server, username, role, scope, expires, description, created, origin, confirmed, when, secret,
                serverId, state);
    }

    public Token withState(TokenState next) {
        return new Token(id, server, username, role, scope, expires, description, created, origin, confirmed, rejected,
                secret, serverId, next);
    }

    /** The same token with its secret in another place (a keyring, pass, the store file). */
    public Token withSecret(Secret next) {
        return new Token(id, server, username, role, scope, expires, description, created, origin, confirmed, rejected,
                next, serverId, state);
    }

    @Override
    public String toString() {
        return "Token[" + id + " " + server + (scope == null ? "" : " repo " + scope) + " user " + username + "]";
    }
}
