package org.vcstoken.renew;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.prompt.PromptException;
import org.vcstoken.server.ServerException;
import org.vcstoken.server.VcsType;
import org.vcstoken.token.Token;

/** A token pasted in guided mode is checked before it is stored, server-wide ones included. */
class GuidedCreationTest {
    @TempDir
    Path dir;
    Forges f;
    String pasted;

    @BeforeEach
    void setUp() throws Exception {
        f = new Forges(dir);
        pasted = f.forge.seed("pasted" + "p".repeat(34), null, null, false).secret;
    }

    private TokenCreation.Target serverWide() {
        return new TokenCreation.Target(Forges.PROFILE, "", "alice", null, VcsType.GIT, null);
    }

    @Test
    void aServerWideTokenIsCheckedWithTheServersApiWhereItCanJudgeIt() throws Exception {
        Forges.ScriptedPrompter p = new Forges.ScriptedPrompter(pasted, "30d");

        Token t = f.creation.create(serverWide(), p, TokenCreation.Mode.GUIDED);

        assertThat(t.state().unchecked()).isFalse();
        assertThat(p.told).anyMatch(m -> m.contains("the server accepted it"));
        assertThat(p.asked).noneMatch(q -> q.contains("Name a repository"));
    }

    @Test
    void withoutAnApiTheTokenIsCheckedOnARepositoryThePersonNames() throws Exception {
        f.forge.inspection = false;
        Forges.ScriptedPrompter p = new Forges.ScriptedPrompter(pasted, "30d", "grp/app");

        Token t = f.creation.create(serverWide(), p, TokenCreation.Mode.GUIDED);

        assertThat(f.forge.calls).contains("probe grp/app");
        assertThat(t.state().unchecked()).isFalse();
        assertThat(t.isServerWide()).isTrue();
    }

    @Test
    void aTokenTheNamedRepositoryRefusesIsNotStored() throws Exception {
        f.forge.inspection = false;
        Forges.ScriptedPrompter p = new Forges.ScriptedPrompter("typo" + "q".repeat(36), "30d", "grp/app");

        assertThatThrownBy(() -> f.creation.create(serverWide(), p, TokenCreation.Mode.GUIDED))
                .isInstanceOf(ServerException.class).hasMessageContaining("does not accept this token");
        assertThat(f.store.read().tokens()).isEmpty();
    }

    @Test
    void aTokenNothingCanCheckIsStoredOnlyWhenThePersonSaysSoAndIsMarkedUnchecked() throws Exception {
        f.forge.inspection = false;
        Forges.ScriptedPrompter no = new Forges.ScriptedPrompter(pasted, "30d", "", "n");
        assertThatThrownBy(() -> f.creation.create(serverWide(), no, TokenCreation.Mode.GUIDED))
                .isInstanceOf(PromptException.class);
        assertThat(f.store.read().tokens()).isEmpty();

        Forges.ScriptedPrompter yes = new Forges.ScriptedPrompter(pasted, "30d", "", "y");
        Token t = f.creation.create(serverWide(), yes, TokenCreation.Mode.GUIDED);

        assertThat(t.state().unchecked()).isTrue();
        assertThat(f.read(t.id()).state().unchecked()).isTrue();
        assertThat(yes.told).anyMatch(m -> m.contains("not checked"));
    }

    @Test
    void anInactiveTokenTheApiKnowsIsRefused() throws Exception {
        f.forge.bySecret(pasted).orElseThrow().revoked = true;
        Forges.ScriptedPrompter p = new Forges.ScriptedPrompter(pasted, "30d");

        assertThatThrownBy(() -> f.creation.create(serverWide(), p, TokenCreation.Mode.GUIDED))
                .isInstanceOf(ServerException.class).hasMessageContaining("wrong, expired or revoked");
        assertThat(f.store.read().tokens()).isEmpty();
    }
}
