package org.vcstoken.renew;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Consumer;
import org.vcstoken.messages.Messages;
import org.vcstoken.server.CreatedToken;
import org.vcstoken.server.Rotation;
import org.vcstoken.server.RotationRefused;
import org.vcstoken.server.ServerException;
import org.vcstoken.server.ServerKind;
import org.vcstoken.store.StoreData;
import org.vcstoken.store.StoreException;
import org.vcstoken.store.TokenStore;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;
import org.vcstoken.token.TokenState;
import org.vcstoken.trace.Trace;

/**
 * Rotating a token with the forge's rotate endpoint, at most once. A forge may revoke a whole
 * token family when a revoked token is rotated again (GitLab), so before asking, the store
 * records that the rotation started; a token so marked is never rotated again, whatever happened
 * to the process. The caller holds the creation lock of the token's (server, user, scope).
 */
final class Rotations {
    private final TokenStore store;
    private final Clock clock;
    private final Trace trace;
    private final Consumer<String> notes;

    Rotations(TokenStore store, Clock clock, Trace trace, Consumer<String> notes) {
        this.store = store;
        this.clock = clock;
        this.trace = trace;
        this.notes = notes;
    }

    /**
     * Whether {@code old} may be rotated now: the kind rotates, the token is still valid on the
     * server (not expired, rejected or retired), no rotation of it ever started, and vcstoken holds
     * what the kind needs ({@code api}, or the token itself).
     */
    static boolean rotatable(ServerKind kind, Token old, Token api, Instant now) {
        Optional<Rotation> rotation = kind.rotation();
        return rotation.isPresent() && old.state().rotationStarted() == null && !old.isRejected()
                && !old.isExpiredAt(now) && old.state().retired() == null && rotation.get().canRotate(old, api);
    }

    /**
     * Rotates {@code old} and stores the new secret in its place (same vcstoken id) in one write.
     *
     * @return the stored new token, or empty when the rotation did not happen (said through notes)
     */
    Optional<Token> rotate(ServerKind kind, ServerProfile profile, Token old, Token api) throws StoreException {
        Rotation rotation = kind.rotation().orElseThrow();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        boolean[] mine = new boolean[1];
        store.update(data -> {
            Optional<Token> current = data.token(old.id());
            if (current.isEmpty() || current.get().state().rotationStarted() != null
                    || !current.get().secret().matches(old.secret().reveal())) {
                return data; // replaced or being rotated by another process meanwhile
            }
            mine[0] = true;
            return data.mapToken(old.id(), t -> t.withState(t.state().withRotationStarted(now)));
        });
        if (!mine[0]) {
            trace.line("rotation of " + old.id() + " skipped: changed by another process");
            return Optional.empty();
        }
        Instant expires = profile.lifetime() == null ? null : now.plus(profile.lifetime());
        CreatedToken created;
        try {
            created = rotation.rotate(profile, old, api == null ? null : api.secret(), expires);
        } catch (RotationRefused e) {
            // The server said no and kept the old token: it may be rotated again later.
            store.update(data -> data.mapToken(old.id(), t -> t.withState(t.state().withRotationStarted(null))));
            notes.accept(Messages.warning(Messages.rotationFailed(old.id(), profile.baseUrl(), e.getMessage(), true)));
            return Optional.empty();
        } catch (ServerException e) {
            // No answer: the server may have rotated it (revoking the old secret). The mark stays,
            // so this token is never rotated again; it is replaced by creation when it stops working.
            notes.accept(Messages.warning(Messages.rotationFailed(old.id(), profile.baseUrl(), e.getMessage(), false)));
            return Optional.empty();
        }
        trace.mask(created.secret().reveal());
        trace.line("rotated token " + old.id() + " on the server (server id " + created.serverId() + ")");
        Token[] made = new Token[1];
        StoreData after = store.update(data -> {
            Token base = data.token(old.id()).orElse(old);
            Token next = new Token(base.id(), base.server(), base.username(), base.role(), base.scope(),
                    created.expires(), base.description(), now, base.origin(), now, null, created.secret(),
                    created.serverId() != null ? created.serverId() : base.serverId(),
                    new TokenState(base.state().expiryEnforced(), false, null, null));
            made[0] = next;
            return data.token(old.id()).isPresent() ? data.mapToken(old.id(), t -> next) : data.withToken(next);
        });
        return Optional.of(after.token(made[0].id()).orElse(made[0]));
    }
}
