package org.vcstoken.renew;

import java.time.Instant;
import java.util.Optional;
import org.vcstoken.store.StoreData;
import org.vcstoken.token.Role;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;

/** vcstoken's own tokens for a server's API (role {@code api}, or {@code all} which opens it too). */
final class ApiTokens {
    private ApiTokens() {
    }

    /**
     * The API token to act with for {@code username} on {@code profile}: not expired, rejected or
     * retired; the one that expires last wins, as for VCS tokens.
     */
    static Optional<Token> usable(StoreData data, ServerProfile profile, String username, Instant now) {
        Token best = null;
        for (Token t : data.tokens()) {
            if (!t.server().equals(profile.baseUrl()) || (t.role() != Role.API && t.role() != Role.ALL)
                    || (username != null && !username.equals(t.username())) || t.isRejected()
                    || t.isExpiredAt(now) || t.state().retired() != null) {
                continue;
            }
            if (best == null || later(t, best)) {
                best = t;
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean later(Token a, Token b) {
        if (a.expires() == null || b.expires() == null) {
            return a.expires() == null && b.expires() != null;
        }
        return a.expires().isAfter(b.expires());
    }
}
