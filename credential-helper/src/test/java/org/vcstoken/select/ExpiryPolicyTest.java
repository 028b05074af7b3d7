package org.vcstoken.select;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.vcstoken.token.Origin;
import org.vcstoken.token.Role;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;
import org.vcstoken.token.TokenOrigin;

class ExpiryPolicyTest {
    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    private static final ServerProfile DEFAULTS = ServerProfile.withDefaults(Origin.of("https", "h", -1), "", "u");

    @Test
    void defaultWindowIsThreeDaysForLongLivedTokens() {
        assertThat(ExpiryPolicy.window(token(Duration.ofDays(30)), DEFAULTS)).isEqualTo(Duration.ofDays(3));
        assertThat(ExpiryPolicy.window(token(Duration.ofDays(365)), null)).isEqualTo(Duration.ofDays(3));
    }

    @Test
    void defaultWindowIsAFifthOfAShortLifetime() {
        assertThat(ExpiryPolicy.window(token(Duration.ofHours(1)), DEFAULTS)).isEqualTo(Duration.ofMinutes(12));
        assertThat(ExpiryPolicy.window(token(Duration.ofDays(10)), DEFAULTS)).isEqualTo(Duration.ofDays(2));
        assertThat(ExpiryPolicy.window(token(Duration.ofDays(15)), DEFAULTS)).isEqualTo(Duration.ofDays(3));
    }

    @Test
    void profileRenewBeforeOverridesTheDefault() {
        ServerProfile p = new ServerProfile(DEFAULTS.origin(), "", null, "u", null, null, Duration.ofDays(7), false);
        assertThat(ExpiryPolicy.window(token(Duration.ofDays(30)), p)).isEqualTo(Duration.ofDays(7));
        assertThat(ExpiryPolicy.window(token(Duration.ofHours(1)), p)).isEqualTo(Duration.ofDays(7));
        ServerProfile shortWindow = new ServerProfile(DEFAULTS.origin(), "", null, "u", null, null,
                Duration.ofHours(2), false);
        assertThat(ExpiryPolicy.window(token(Duration.ofDays(30)), shortWindow)).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void neverExpiringTokensNeverExpireSoon() {
        Token t = new Token("t", "https://h", "u", Role.VCS, null, null, "", CREATED, TokenOrigin.MANUAL, null, null,
                Secret.of("s"));
        assertThat(ExpiryPolicy.window(t, DEFAULTS)).isZero();
        assertThat(ExpiryPolicy.expiresSoon(t, DEFAULTS, Instant.MAX.minusSeconds(1))).isFalse();
    }

    @Test
    void aTokenExpiresSoonFromTheStartOfItsWindow() {
        Token t = token(Duration.ofDays(30));
        Instant expiry = t.expires();
        assertThat(ExpiryPolicy.expiresSoon(t, DEFAULTS, expiry.minus(Duration.ofDays(3)).minusSeconds(1))).isFalse();
        assertThat(ExpiryPolicy.expiresSoon(t, DEFAULTS, expiry.minus(Duration.ofDays(3)))).isTrue();
        assertThat(ExpiryPolicy.expiresSoon(t, DEFAULTS, expiry.minusSeconds(1))).isTrue();
    }

    @Test
    void aTokenCreatedAfterItsExpiryHasNoWindow() {
        Token t = new Token("t", "https://h", "u", Role.VCS, null, CREATED.minusSeconds(10), "", CREATED,
                TokenOrigin.MANUAL, null, null, Secret.of("s"));
        assertThat(ExpiryPolicy.window(t, DEFAULTS)).isZero();
    }

    private static Token token(Duration lifetime) {
        return new Token("t", "https://h", "u", Role.VCS, null, CREATED.plus(lifetime), "", CREATED,
                TokenOrigin.MANUAL, null, null, Secret.of("s"));
    }
}
