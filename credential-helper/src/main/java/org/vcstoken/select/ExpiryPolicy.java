package org.vcstoken.select;

import java.time.Duration;
import java.time.Instant;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;

/**
 * When a token counts as "expiring soon": inside the profile's renew-before window, or by default
 * the shorter of 3 days and a fifth of the token's lifetime (a 1-hour token is not "expiring"
 * for its whole life).
 */
public final class ExpiryPolicy {
    static final Duration DEFAULT_WINDOW = Duration.ofDays(3);

    private ExpiryPolicy() {
    }

    public static Duration window(Token token, ServerProfile profile) {
        if (profile != null && profile.renewBefore() != null) {
            return profile.renewBefore();
        }
        if (token.expires() == null) {
            return Duration.ZERO;
        }
        // In whole seconds: Duration.between and dividedBy go through the JDK's unit and decimal
        // classes, which the credential helper would load at every start for a sub-second nuance.
        long lifetime = token.expires().getEpochSecond() - token.created().getEpochSecond();
        Duration fifth = lifetime <= 0 ? Duration.ZERO : Duration.ofSeconds(lifetime / 5);
        return fifth.compareTo(DEFAULT_WINDOW) < 0 ? fifth : DEFAULT_WINDOW;
    }

    public static boolean expiresSoon(Token token, ServerProfile profile, Instant now) {
        return token.expires() != null && !plus(now, window(token, profile)).isBefore(token.expires());
    }

    /** {@code at.plus(d)} without the temporal-unit machinery Instant.plus(Duration) goes through. */
    public static Instant plus(Instant at, Duration d) {
        return at.plusSeconds(d.getSeconds()).plusNanos(d.getNano());
    }
}
