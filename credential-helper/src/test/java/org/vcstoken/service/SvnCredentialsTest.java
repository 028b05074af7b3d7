package org.vcstoken.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vcstoken.store.StoreData;
import org.vcstoken.token.Origin;
import org.vcstoken.token.Role;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;
import org.vcstoken.token.TokenOrigin;

class SvnCredentialsTest {
    static final ServerProfile PROFILE = ServerProfile.withDefaults(Origin.of("https", "code.example.com", -1), "", "alice");

    static Token scoped(String id, String scope) {
        return new Token(id, PROFILE.baseUrl(), "alice", Role.VCS, scope, null, "", Instant.EPOCH, TokenOrigin.MANUAL,
                null, null, Secret.of("s-" + id), null);
    }

    @Test
    void theRepositoryIsTheLongestPrefixAStoredTokenIsScopedTo() {
        StoreData data = new StoreData(List.of(PROFILE), List.of(scoped("a", "grp"), scoped("b", "grp/app")));

        assertThat(SvnCredentials.repository(data, PROFILE, "grp/app/trunk/src")).isEqualTo("grp/app");
        assertThat(SvnCredentials.repository(data, PROFILE, "grp/app")).isEqualTo("grp/app");
        assertThat(SvnCredentials.repository(data, PROFILE, "grp/application/trunk")).isEqualTo("grp");
    }

    @Test
    void withoutAScopedTokenTheRepositoryEndsBeforeTheLayoutDirectories() {
        StoreData data = new StoreData(List.of(PROFILE), List.of());

        assertThat(SvnCredentials.repository(data, PROFILE, "grp/app/branches/x/y")).isEqualTo("grp/app");
        assertThat(SvnCredentials.repository(data, PROFILE, "grp/app/trunk")).isEqualTo("grp/app");
        assertThat(SvnCredentials.repository(data, PROFILE, "grp/app")).isEqualTo("grp/app");
        assertThat(SvnCredentials.repository(data, PROFILE, "trunk")).isEqualTo("trunk");
    }
}
