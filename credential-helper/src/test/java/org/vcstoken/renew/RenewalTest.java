package org.vcstoken.renew;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.broker.Answer;
import org.vcstoken.request.Request;
import org.vcstoken.token.Role;
import org.vcstoken.token.Token;

/** Renewal inside the window: rotation with no person, at most once per token. */
class RenewalTest {
    @TempDir
    Path dir;
    Forges f;
    Token due;

    @BeforeEach
    void setUp() throws Exception {
        f = new Forges(dir);
        due = f.stored("t1", Role.VCS, "grp/app", f.clock.instant().plus(Duration.ofDays(2)), false);
    }

    private Answer answer(Token t) {
        return new Answer(t.username(), t.secret(), t.expires(), t.id(), true);
    }

    private static Request request() {
        return new Request(Forges.PROFILE.origin(), "grp/app", null);
    }

    @Test
    void aTokenInItsWindowIsRotatedAndTheAnswerAlreadyCarriesTheNewOne() throws Exception {
        Answer a = f.renewal().renewOrWarn(request(), answer(due));

        assertThat(a.secret().reveal()).isNotEqualTo(due.secret().reveal());
        assertThat(a.tokenId()).isEqualTo("t1");
        Token now = f.read("t1");
        assertThat(now.secret().matches(a.secret().reveal())).isTrue();
        assertThat(now.expires()).isEqualTo(f.clock.instant().plus(Duration.ofDays(30)));
        assertThat(now.state().rotationStarted()).isNull();
        assertThat(f.forge.bySecret(due.secret().reveal()).orElseThrow().revoked).isTrue();
        assertThat(f.forge.activeCount()).isEqualTo(1);
        assertThat(f.notes).anyMatch(n -> n.contains("renewed token t1"));
    }

    @Test
    void aRotationWhoseAnswerWasLostIsNeverTriedAgain() throws Exception {
        f.forge.rotateLosesAnswer = true;

        Answer first = f.renewal().renewOrWarn(request(), answer(due));
        Answer second = f.renewal().renewOrWarn(request(), answer(due));

        assertThat(f.forge.calls.stream().filter(c -> c.startsWith("rotate"))).hasSize(1);
        assertThat(first.secret().reveal()).isEqualTo(due.secret().reveal());
        assertThat(second.secret().reveal()).isEqualTo(due.secret().reveal());
        assertThat(f.read("t1").state().rotationStarted()).isNotNull();
        // The family was not revoked by a second rotation of the already rotated token.
        assertThat(f.forge.activeCount()).isEqualTo(1);
        assertThat(f.notes).anyMatch(n -> n.contains("not rotated again"));
    }

    @Test
    void aRefusedRotationKeepsTheOldTokenInUseAndMayBeTriedAgainLater() throws Exception {
        f.forge.rotateRefused = "400 Bad Request: not rotated";

        Answer a = f.renewal().renewOrWarn(request(), answer(due));

        assertThat(a.secret().reveal()).isEqualTo(due.secret().reveal());
        assertThat(f.read("t1").state().rotationStarted()).isNull();
        assertThat(f.notes).anyMatch(n -> n.contains("not rotated") && n.contains("keeps working"));
        assertThat(f.notes).anyMatch(n -> n.contains("expires"));

        f.forge.rotateRefused = null;
        Answer later = f.renewal().renewOrWarn(request(), answer(due));
        assertThat(later.secret().reveal()).isNotEqualTo(due.secret().reveal());
    }

    @Test
    void aFamilyThatCannotRotateOnlySaysWhenTheTokenExpires() throws Exception {
        f.forge.rotation = false;

        Answer a = f.renewal().renewOrWarn(request(), answer(due));

        assertThat(a).isEqualTo(answer(due));
        assertThat(f.forge.calls).isEmpty();
        assertThat(f.notes).singleElement().asString().startsWith("vcstoken: warning: ").contains("t1")
                .contains(due.expires().toString()).contains("vcstoken renew https://forge.example").doesNotContain("\n")
                .doesNotContain(due.secret().reveal());
    }

    @Test
    void aTokenRotatedByAnotherProcessMeanwhileIsUsedNotRotatedAgain() throws Exception {
        Answer stale = answer(due);
        f.renewal().renewOrWarn(request(), stale);
        int rotations = (int) f.forge.calls.stream().filter(c -> c.startsWith("rotate")).count();

        Answer again = f.renewal().renewOrWarn(request(), stale);

        assertThat(f.forge.calls.stream().filter(c -> c.startsWith("rotate"))).hasSize(rotations);
        assertThat(again.secret().reveal()).isEqualTo(f.read("t1").secret().reveal());
    }

    @Test
    void theApiTokenRotatesItselfBeforeItIsUsedWhenInsideItsOwnWindow() throws Exception {
        Token api = f.stored("k1", Role.API, null, f.clock.instant().plus(Duration.ofDays(1)), true);
        f.forge.rotation = true;

        Outcome out = f.fallback(n -> new org.vcstoken.prompt.Interaction.Decision.NonInteractive("CI=true"))
                .run(new Request(Forges.PROFILE.origin(), "grp/other", null), org.vcstoken.server.VcsType.GIT, true);

        assertThat(out).isInstanceOf(Outcome.Created.class);
        Token k1 = f.read("k1");
        assertThat(k1.secret().reveal()).isNotEqualTo(api.secret().reveal());
        assertThat(k1.expires()).isAfter(Instant.parse("2026-12-30T00:00:00Z"));
        assertThat(f.forge.calls).containsSubsequence("rotate k1", "api-create grp/other");
    }
}
