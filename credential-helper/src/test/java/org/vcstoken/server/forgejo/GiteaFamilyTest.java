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

/**
 * The family against the Gitea imitation: the shared contract, account-wide tokens, and a
 * Forgejo client meeting a forge that ignores {@code repositories} (as Forgejo before v15 does).
 */
class GiteaFamilyTest extends ForgeFamilyContract {
    @Override
    org.vcstoken.sandbox.forgejo.Flavor sandboxFlavor() {
        return org.vcstoken.sandbox.forgejo.Flavor.GITEA;
    }

    @Override
    Flavor flavor() {
        return Flavor.GITEA;
    }

    @Test
    void tokensAreAccountWideAndOpenEveryRepositoryOfTheAccount() throws Exception {
        CreatedToken t;
        try (AccountSession s = kind.login(profile, "alice", password(), OneTimeCodes.NONE)) {
            assertThat(s.supportsRepoScope()).isFalse();
            assertThat(s.whyNoRepoScope()).as("the reason the person reads when a repository token becomes server-wide")
                    .isEqualTo("Gitea has no repository tokens: each token opens every repository of the account");
            t = s.create(spec("alice/app"));
        }

        assertThat(t.repo()).isNull();
        assertThat(fj.token("alice", Long.parseLong(t.serverId())).orElseThrow().repositories()).isNull();
        assertThat(kind.probe(profile, "alice/lib", VcsType.GIT, "alice", t.secret())).isEqualTo(ProbeResult.ACCEPTED);
    }

    @Test
    void whenTheAnswerDoesNotEchoTheRepositoriesTheTokenIsAccountWide() throws Exception {
        ForgeKind forgejoClient = kind(Flavor.FORGEJO);
        CreatedToken t;
        try (AccountSession s = forgejoClient.login(profile, "alice", password(), OneTimeCodes.NONE)) {
            t = s.create(spec("alice/app"));
        }

        assertThat(t.repo()).as("recorded as server-wide, as the forge made it").isNull();
        assertThat(t.note()).as("said once to the person").contains("did not limit the new token to alice/app",
                "every repository");
        assertThat(fj.token("alice", Long.parseLong(t.serverId())).orElseThrow().repositories()).isNull();
    }

    @Test
    void giteaCannotTellAMissingCodeFromAWrongPasswordSoTheQuestionSaysBoth() {
        Codes codes = new Codes("");

        assertThatThrownBy(() -> kind.login(profile, "alice", "wrong password".toCharArray(), codes))
                .isInstanceOf(ServerException.class).hasMessageContaining("refused the password for alice");
        assertThat(codes.questions).singleElement().asString().contains("leave empty otherwise");
    }
}
