package org.vcstoken.server.forgejo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.vcstoken.server.AccountSession;
import org.vcstoken.server.CreatedToken;
import org.vcstoken.server.OneTimeCodes;
import org.vcstoken.server.ProbeResult;
import org.vcstoken.server.ServerException;
import org.vcstoken.server.VcsType;
import org.vcstoken.sandbox.forgejo.ForgeToken;

/** The family against the Forgejo imitation: the shared contract, and repository tokens. */
class ForgejoFamilyTest extends ForgeFamilyContract {
    @Override
    org.vcstoken.sandbox.forgejo.Flavor sandboxFlavor() {
        return org.vcstoken.sandbox.forgejo.Flavor.FORGEJO;
    }

    @Override
    Flavor flavor() {
        return Flavor.FORGEJO;
    }

    @Test
    void aRepositoryTokenOpensThatRepositoryAndNoOther() throws Exception {
        CreatedToken t;
        try (AccountSession s = kind.login(profile, "alice", password(), OneTimeCodes.NONE)) {
            assertThat(s.supportsRepoScope()).isTrue();
            t = s.create(spec("alice/app"));
        }

        assertThat(t.repo()).isEqualTo("alice/app");
        ForgeToken onServer = fj.token("alice", Long.parseLong(t.serverId())).orElseThrow();
        assertThat(onServer.repositories()).containsExactly("alice/app");
        assertThat(onServer.name()).isEqualTo("vcstoken on buildhost for alice/app, " + clock.instant());
        assertThat(kind.probe(profile, "alice/app", VcsType.GIT, "alice", t.secret())).isEqualTo(ProbeResult.ACCEPTED);
        assertThat(kind.probe(profile, "alice/lib", VcsType.GIT, "alice", t.secret())).isEqualTo(ProbeResult.FORBIDDEN);
    }

    @Test
    void aRepositoryTheAccountCannotSeeIsRefusedAndNothingIsCreated() throws Exception {
        int before = fj.tokens("alice").size();
        try (AccountSession s = kind.login(profile, "alice", password(), OneTimeCodes.NONE)) {
            assertThatThrownBy(() -> s.create(spec("bob/secret"))).isInstanceOf(ServerException.class)
                    .hasMessageContaining("bob/secret").hasMessageContaining("cannot see it");
        }
        assertThat(fj.tokens("alice")).hasSize(before);
    }

    @Test
    void aPathThatIsNotOwnerSlashNameIsRefusedBeforeAnythingIsSent() throws Exception {
        int before = fj.tokens("alice").size();
        try (AccountSession s = kind.login(profile, "alice", password(), OneTimeCodes.NONE)) {
            assertThatThrownBy(() -> s.create(spec("alice/app/sub"))).isInstanceOf(ServerException.class)
                    .hasMessageContaining("OWNER/NAME");
        }
        assertThat(fj.tokens("alice")).hasSize(before);
    }

    @Test
    void theCodeGoesInForgejosOwnHeader() throws Exception {
        Codes codes = new Codes(fj.totpCode("carol"));
        try (AccountSession s = kind.login(withUser("carol"), "carol", CAROL_PASSWORD.toCharArray(), codes)) {
            // Forgejo says why it refused ("invalid provided OTP"): the question is a plain one.
            assertThat(codes.questions).singleElement().asString().startsWith("One-time code for carol");
            assertThat(s.create(spec("carol/notes")).repo()).isEqualTo("carol/notes");
        }
    }
}
