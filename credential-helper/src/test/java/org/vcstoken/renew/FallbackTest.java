package org.vcstoken.renew;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.prompt.Interaction;
import org.vcstoken.request.Request;
import org.vcstoken.server.KindRules;
import org.vcstoken.server.VcsType;
import org.vcstoken.token.Role;
import org.vcstoken.token.Token;

/** The create-a-token fallback's choice of path, against an in-memory forge with a fixed clock. */
class FallbackTest {
    private static final Fallback.Decider CI = nonInteractive -> new Interaction.Decision.NonInteractive("CI=true");

    @TempDir
    Path dir;
    Forges f;

    @BeforeEach
    void setUp() throws Exception {
        f = new Forges(dir);
    }

    private static Request request(String repo) {
        return new Request(Forges.PROFILE.origin(), repo, null);
    }

    private static Fallback.Decider person(Forges.ScriptedPrompter p) {
        return nonInteractive -> new Interaction.Decision.Interactive(p);
    }

    @Test
    void aStoredApiTokenCreatesARepositoryTokenWithNoQuestionAskedEvenInCi() throws Exception {
        f.stored("k1", Role.API, null, f.clock.instant().plus(Duration.ofDays(200)), true);

        Outcome out = f.fallback(CI).run(request("grp/app"), VcsType.GIT, true);

        assertThat(out).isInstanceOf(Outcome.Created.class);
        String id = ((Outcome.Created) out).answer().tokenId();
        Token made = f.read(id);
        assertThat(made.scope()).isEqualTo("grp/app");
        assertThat(made.role()).isEqualTo(Role.VCS);
        assertThat(made.expires()).isEqualTo(f.clock.instant().plus(Duration.ofDays(30)));
        assertThat(f.forge.calls).containsSubsequence("api-create grp/app", "probe grp/app");
        assertThat(f.forge.calls).noneMatch(c -> c.startsWith("login"));
        assertThat(f.notes).anyMatch(n -> n.contains("created token " + id));
    }

    @Test
    void whenTheApiPathIsUnavailableItsReasonIsNamedAndCiIsRefusedWithWhatToSet() throws Exception {
        f.stored("k1", Role.API, null, null, true);
        f.forge.apiUnavailable = "the forge answered 400: User does not have permission to create project access token";

        Outcome out = f.fallback(CI).run(request("grp/app"), VcsType.GIT, true);

        assertThat(out).isInstanceOf(Outcome.Refused.class);
        assertThat(((Outcome.Refused) out).message()).contains("CI=true").contains("vcstoken login");
        assertThat(f.notes).anyMatch(n -> n.contains("User does not have permission to create project access token"));
        assertThat(f.store.read().tokens()).extracting(Token::id).containsExactly("k1");
    }

    @Test
    void withNoUnattendedPathCiIsRefusedAtOnceAndNothingIsAsked() throws Exception {
        Outcome out = f.fallback(CI).run(request("grp/app"), VcsType.GIT, true);

        assertThat(out).isInstanceOf(Outcome.Refused.class);
        assertThat(f.forge.calls).isEmpty();
    }

    @Test
    void withoutAnApiTokenAPersonCreatesOneWithTheirPasswordOnce() throws Exception {
        f.forge.api = false;
        Forges.ScriptedPrompter p = new Forges.ScriptedPrompter("a", "right");

        Outcome out = f.fallback(person(p)).run(request("grp/app"), VcsType.GIT, false);

        assertThat(out).isInstanceOf(Outcome.Created.class);
        assertThat(f.forge.calls).containsExactly("login alice", "create grp/app", "probe grp/app", "logout");
        assertThat(p.asked).hasSize(2);
        assertThat(p.asked.get(1)).contains("Password for alice").contains("never stored");
    }

    @Test
    void aCreatedTokenTheServerDoesNotAcceptIsDeletedAgainAndNotStored() throws Exception {
        f.forge.api = false;
        f.forge.probeAnswer = org.vcstoken.server.ProbeResult.REJECTED;
        Forges.ScriptedPrompter p = new Forges.ScriptedPrompter("a", "right");

        Outcome out = f.fallback(person(p)).run(request("grp/app"), VcsType.GIT, false);

        assertThat(out).isInstanceOf(Outcome.Declined.class);
        assertThat(f.forge.tokens).isEmpty();
        assertThat(f.store.read().tokens()).isEmpty();
        assertThat(f.notes).anyMatch(n -> n.contains("does not accept this token"));
    }

    @Test
    void aFamilyThatKeepsTokensForeverGetsTheProfilesLifetimeEnforcedByVcstoken() throws Exception {
        f.forge.api = false;
        f.forge.keepsTokensForever = true;
        f.forge.rules = new KindRules(Duration.ofDays(90), null, null, true, true, true, null);
        Forges.ScriptedPrompter p = new Forges.ScriptedPrompter("a", "right");

        Outcome out = f.fallback(person(p)).run(request("grp/app"), VcsType.GIT, false);

        Token made = f.read(((Outcome.Created) out).answer().tokenId());
        assertThat(made.expires()).isEqualTo(f.clock.instant().plus(Duration.ofDays(30)));
        assertThat(made.state().expiryEnforced()).isTrue();
        f.clock.advance(Duration.ofDays(31));
        assertThat(made.isExpiredAt(f.clock.instant())).isTrue();
    }

    @Test
    void anExpiredTokenIsReplacedAndDeletedOnTheServerOnceTheNewOneWorks() throws Exception {
        f.forge.api = false;
        Instant soon = f.clock.instant().plus(Duration.ofHours(1));
        Token old = f.stored("old1", Role.VCS, "grp/app", soon, false);
        f.clock.advance(Duration.ofHours(2));
        Forges.ScriptedPrompter p = new Forges.ScriptedPrompter("a", "right");

        Outcome out = f.fallback(person(p)).run(request("grp/app"), VcsType.GIT, false);

        assertThat(out).isInstanceOf(Outcome.Created.class);
        assertThat(f.forge.calls).contains("delete " + old.serverId());
        assertThat(f.store.read().tokens()).extracting(Token::id).doesNotContain("old1").hasSize(1);
    }

    @Test
    void aFamilyWithoutRepositoryTokensMakesOneServerWideTokenAndReplacesTheExpiredOne() throws Exception {
        f.forge.api = false;
        f.forge.repoScope = false;
        f.forge.rules = new KindRules(Duration.ofDays(90), null, null, true, true, false, null);
        Token old = f.stored("old1", Role.VCS, null, f.clock.instant().plus(Duration.ofHours(1)), false);
        f.clock.advance(Duration.ofHours(2));
        Forges.ScriptedPrompter p = new Forges.ScriptedPrompter("a", "right");

        Outcome out = f.fallback(person(p)).run(request("grp/app"), VcsType.GIT, false);

        assertThat(out).isInstanceOf(Outcome.Created.class);
        assertThat(f.forge.calls).contains("create null", "probe grp/app", "delete " + old.serverId());
        assertThat(p.asked).as("nothing said of a repository limit").noneMatch(q -> q.contains("cannot limit"));
        assertThat(f.store.read().tokens()).extracting(Token::id).doesNotContain("old1").hasSize(1);
    }

    @Test
    void aServerWideTokenMadeWhereARepositoryOneWasAskedForIsReplacedOnceExpired() throws Exception {
        f.forge.api = false;
        Token old = f.stored("old1", Role.VCS, null, f.clock.instant().plus(Duration.ofHours(1)), false);
        f.clock.advance(Duration.ofHours(2));
        Forges.ScriptedPrompter p = new Forges.ScriptedPrompter("a", "right");

        Outcome out = f.fallback(person(p)).run(request("grp/app"), VcsType.GIT, false);

        assertThat(out).isInstanceOf(Outcome.Created.class);
        assertThat(f.forge.calls).contains("create grp/app", "delete " + old.serverId());
        assertThat(f.store.read().tokens()).extracting(Token::scope).containsExactly("grp/app");
    }

    @Test
    void aReplacedTokenThatCannotBeDeletedAndStillWorksIsKeptAsRetiredNotForgotten() throws Exception {
        f.forge.api = false;
        f.forge.rules = new KindRules(Duration.ofDays(90), null, null, true, true, true, null);
        Token old = f.stored("old1", Role.VCS, "grp/app", f.clock.instant().plus(Duration.ofHours(1)), false);
        f.store.update(d -> d.mapToken("old1", t -> t.withState(t.state().withRetired(null)
                .withRotationStarted(null))).mapToken("old1", t -> new Token(t.id(), t.server(), t.username(), t.role(),
                t.scope(), t.expires(), t.description(), t.created(), t.origin(), t.confirmed(), t.rejected(), t.secret(),
                t.serverId(), new org.vcstoken.token.TokenState(true, false, null, null))));
        f.clock.advance(Duration.ofHours(2)); // past vcstoken's own expiry; the forge would keep it forever
        f.forge.deleteFails = "HTTP 500 from the forge";
        Forges.ScriptedPrompter p = new Forges.ScriptedPrompter("a", "right");

        Outcome out = f.fallback(person(p)).run(request("grp/app"), VcsType.GIT, false);

        assertThat(out).isInstanceOf(Outcome.Created.class);
        Token kept = f.read("old1");
        assertThat(kept.state().retired()).isEqualTo(f.clock.instant());
        assertThat(f.notes).anyMatch(n -> n.contains("old1") && n.contains("still works there")
                && n.contains("vcstoken token remove old1"));
        assertThat(old.serverId()).isNotNull();
    }

    @Test
    void aNoHoldsForAShortWhileAfterItWasGiven() throws Exception {
        f.forge.api = false;
        Forges.ScriptedPrompter first = new Forges.ScriptedPrompter("n");
        Forges.ScriptedPrompter second = new Forges.ScriptedPrompter();

        assertThat(f.fallback(person(first)).run(request("grp/app"), VcsType.GIT, false))
                .isInstanceOf(Outcome.Declined.class);
        f.clock.advance(Duration.ofSeconds(20));
        assertThat(f.fallback(person(second)).run(request("grp/app"), VcsType.GIT, false))
                .isInstanceOf(Outcome.Declined.class);

        assertThat(second.asked).isEmpty();
        assertThat(f.notes).anyMatch(n -> n.contains("another vcstoken process asked at 2026-12-01T10:00:00Z")
                && n.contains("the answer was no") && n.contains("vcstoken login https://forge.example/grp/app"));
        // Another repository is another question.
        Forges.ScriptedPrompter other = new Forges.ScriptedPrompter("n");
        f.fallback(person(other)).run(request("grp/lib"), VcsType.GIT, false);
        assertThat(other.asked).hasSize(1);
        // And after a while the person is asked again.
        f.clock.advance(Duration.ofSeconds(11));
        Forges.ScriptedPrompter later = new Forges.ScriptedPrompter("a", "right");
        assertThat(f.fallback(person(later)).run(request("grp/app"), VcsType.GIT, false))
                .isInstanceOf(Outcome.Created.class);
    }

    @Test
    void aFailedCreationHoldsTooAndSaysWhatFailed() throws Exception {
        f.forge.api = false;
        Forges.ScriptedPrompter first = new Forges.ScriptedPrompter("a", "wrong");
        Forges.ScriptedPrompter second = new Forges.ScriptedPrompter();

        f.fallback(person(first)).run(request("grp/app"), VcsType.GIT, false);
        assertThat(f.fallback(person(second)).run(request("grp/app"), VcsType.GIT, false))
                .isInstanceOf(Outcome.Declined.class);

        assertThat(second.asked).isEmpty();
        assertThat(f.notes).anyMatch(n -> n.contains("creating one failed (wrong password)"));
        assertThat(f.forge.calls.stream().filter(c -> c.startsWith("login"))).hasSize(1);
    }

    @Test
    void aPersonWhoDeclinesGetsNothingAndTheServerIsNotAsked() throws Exception {
        f.forge.api = false;
        Forges.ScriptedPrompter p = new Forges.ScriptedPrompter("n");

        Outcome out = f.fallback(person(p)).run(request("grp/app"), VcsType.GIT, false);

        assertThat(out).isInstanceOf(Outcome.Declined.class);
        assertThat(f.forge.calls).isEmpty();
    }
}
