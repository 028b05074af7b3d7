package org.vcstoken.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ServerProfileTest {
    private static final Origin HTTPS = Origin.of("https", "code.example.com", -1);

    @Test
    void baseUrlIncludesThePrefix() {
        assertThat(ServerProfile.withDefaults(HTTPS, "", null).baseUrl()).isEqualTo("https://code.example.com");
        assertThat(ServerProfile.withDefaults(HTTPS, "rhodecode", null).baseUrl())
                .isEqualTo("https://code.example.com/rhodecode");
        assertThat(ServerProfile.withDefaults(Origin.of("https", "h", 8443), "rc", null).baseUrl())
                .isEqualTo("https://h:8443/rc");
    }

    @Test
    void repoForStripsThePrefixOnlyAtASegmentBoundary() {
        ServerProfile p = ServerProfile.withDefaults(HTTPS, "rhodecode", null);
        assertThat(p.repoFor("rhodecode/group/repo")).isEqualTo("group/repo");
        assertThat(p.repoFor("rhodecode")).isEmpty();
        assertThat(p.repoFor("rhodecodex/group/repo")).isNull();
        assertThat(p.repoFor("other/rhodecode/repo")).isNull();
        assertThat(p.repoFor("")).as("no path named: the server itself").isEmpty();
    }

    @Test
    void aProfileWithoutPrefixOwnsEveryPath() {
        ServerProfile p = ServerProfile.withDefaults(HTTPS, "", null);
        assertThat(p.repoFor("group/repo")).isEqualTo("group/repo");
        assertThat(p.repoFor("")).isEmpty();
    }

    @Test
    void onlyHttpsLoopbackOrAnOptInMayReceiveTokens() {
        assertThat(ServerProfile.withDefaults(HTTPS, "", null).mayReceiveTokens()).isTrue();
        assertThat(ServerProfile.withDefaults(Origin.of("http", "code.example.com", -1), "", null).mayReceiveTokens())
                .isFalse();
        assertThat(ServerProfile.withDefaults(Origin.of("http", "127.0.0.1", 8080), "", null).mayReceiveTokens())
                .isTrue();
        assertThat(new ServerProfile(Origin.of("http", "code.example.com", -1), "", null, null, null, null, null, true)
                .mayReceiveTokens()).isTrue();
    }

    @Test
    void fillsInDefaultsForMissingPolicy() {
        ServerProfile p = new ServerProfile(HTTPS, null, null, null, null, null, null, false);
        assertThat(p.prefix()).isEmpty();
        assertThat(p.kind()).isEqualTo("rhodecode");
        assertThat(p.scope()).isEqualTo(ScopePolicy.REPO);
        assertThat(p.lifetime()).isEqualTo(Duration.ofDays(30));
        assertThat(p.renewBefore()).isNull();
    }

    @Test
    void tokenExpiryCountsTheClockSkewMargin() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(token(now.plusSeconds(59)).isExpiredAt(now)).isTrue();
        assertThat(token(now.plusSeconds(60)).isExpiredAt(now)).isTrue();
        assertThat(token(now.plusSeconds(61)).isExpiredAt(now)).isFalse();
        assertThat(token(null).isExpiredAt(now)).isFalse();
    }

    @Test
    void confirmingATokenClearsAnEarlierRejection() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        Token rejected = token(null).withRejected(now);
        assertThat(rejected.isRejected()).isTrue();
        Token confirmed = rejected.withConfirmed(now.plusSeconds(5));
        assertThat(confirmed.isRejected()).isFalse();
        assertThat(confirmed.confirmed()).isEqualTo(now.plusSeconds(5));
    }

    @Test
    void rolesParseInBothSpellings() {
        assertThat(Role.parse("vcs")).isEqualTo(Role.VCS);
        assertThat(Role.parse(" TOKEN_ROLE_ALL ")).isEqualTo(Role.ALL);
        assertThat(Role.VCS.rhodecodeName()).isEqualTo("token_role_vcs");
        assertThat(Role.VCS.opensRepositories()).isTrue();
        assertThat(Role.ALL.opensRepositories()).isTrue();
        assertThat(Role.API.opensRepositories()).isFalse();
        assertThat(Role.HTTP.opensRepositories()).isFalse();
        assertThat(Role.FEED.opensRepositories()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Role.parse("admin"))
                .hasMessageContaining("use vcs, all, api, http or feed");
    }

    private static Token token(Instant expires) {
        return new Token("t", "https://h", "u", Role.VCS, null, expires, null, Instant.EPOCH, TokenOrigin.MANUAL, null,
                null, Secret.of("secret-value"));
    }
}
