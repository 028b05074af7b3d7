package org.vcstoken.server.forgejo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.sandbox.forgejo.ForgeOptions;
import org.vcstoken.sandbox.forgejo.ForgeSandbox;
import org.vcstoken.sandbox.forgejo.ForgeToken;
import org.vcstoken.sandbox.forgejo.IssuedForgeToken;
import org.vcstoken.server.AccountSession;
import org.vcstoken.server.CreatedToken;
import org.vcstoken.server.HttpTransport;
import org.vcstoken.server.KindContext;
import org.vcstoken.server.OneTimeCodes;
import org.vcstoken.server.PasswordLoginImpossible;
import org.vcstoken.server.ProbeResult;
import org.vcstoken.server.ServerException;
import org.vcstoken.server.ServerKinds;
import org.vcstoken.server.TokenSpec;
import org.vcstoken.server.VcsType;
import org.vcstoken.testing.MutableClock;
import org.vcstoken.token.Origin;
import org.vcstoken.token.Role;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.trace.Trace;

/**
 * The family against the Forgejo/Gitea imitation over real HTTP, run per flavor by
 * {@link ForgejoFamilyTest} and {@link GiteaFamilyTest}: what both forges share.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ForgeFamilyContract {
    static final String PASSWORD = "alice: correct horse & battery";
    static final String CAROL_PASSWORD = "carol-has-two-factor-42";
    static final String DAVE_PASSWORD = "dave-has-a-security-key";

    /** The sandbox's clock, fixed unless a test moves it: one-time codes stay valid while a test runs. */
    final MutableClock serverClock = MutableClock.at("2026-12-01T10:00:00Z");
    /** vcstoken's clock: token names carry its time. */
    final MutableClock clock = MutableClock.at("2026-12-01T10:00:00Z");
    final ByteArrayOutputStream traced = new ByteArrayOutputStream();
    ForgeSandbox fj;
    ForgeKind kind;
    ServerProfile profile;

    abstract org.vcstoken.sandbox.forgejo.Flavor sandboxFlavor();

    abstract Flavor flavor();

    @BeforeAll
    void startSandbox(@TempDir Path dir) throws Exception {
        fj = ForgeSandbox.start(ForgeOptions.defaults(dir.resolve("forge"), sandboxFlavor()).withClock(serverClock));
        fj.createUser("alice", PASSWORD);
        fj.createUser("bob", "bob-password-123");
        fj.createUser("carol", CAROL_PASSWORD);
        fj.enrollTotp("carol");
        fj.createUser("dave", DAVE_PASSWORD);
        fj.enrollWebAuthn("dave");
        fj.createRepo("alice", "app");
        fj.createRepo("alice", "lib");
        fj.createRepo("bob", "secret");
        fj.createRepo("carol", "notes");
        profile = new ServerProfile(Origin.of("http", fj.url().getHost(), fj.url().getPort()), "", flavor().id, "alice",
                null, Duration.ofDays(90), null, false, true);
        kind = kind(flavor());
    }

    ForgeKind kind(Flavor f) {
        return kind(f, traced);
    }

    ForgeKind kind(Flavor f, ByteArrayOutputStream traceTo) {
        Trace trace = Trace.to(new PrintStream(traceTo, true, StandardCharsets.UTF_8), clock);
        HttpTransport http = new HttpTransport(Duration.ofSeconds(5), Duration.ofSeconds(20), trace);
        return new ForgeKind(f, new KindContext(http, clock, trace), () -> "buildhost");
    }

    /** Each test in a second of its own: token names carry the time, and the forge refuses a name twice. */
    @BeforeEach
    void nextSecond() {
        clock.advance(Duration.ofMinutes(1));
    }

    @AfterAll
    void stopSandbox() {
        if (fj != null) {
            fj.close();
        }
    }

    static char[] password() {
        return PASSWORD.toCharArray();
    }

    static TokenSpec spec(String repo) {
        return new TokenSpec("vcstoken test", Duration.ofDays(90), repo, Role.VCS);
    }

    /** Codes answered from a list, each question recorded. */
    static final class Codes implements OneTimeCodes {
        final List<String> questions = new ArrayList<>();
        final List<String> answers;

        Codes(String... answers) {
            this.answers = new ArrayList<>(Arrays.asList(answers));
        }

        @Override
        public Optional<String> ask(String question) {
            questions.add(question);
            return answers.isEmpty() ? Optional.empty() : Optional.ofNullable(answers.remove(0));
        }
    }

    @Test
    void detectionNamesTheFlavorFromTheVersionEndpointsWithoutCredentials() {
        ServerKinds kinds = ServerKinds.load(new KindContext(HttpTransport.defaults(), clock, Trace.off()));

        ServerKinds.Detected found = kinds.detect(profile.origin(), "");

        assertThat(found).isInstanceOf(ServerKinds.Detected.Found.class);
        assertThat(((ServerKinds.Detected.Found) found).kind()).isEqualTo(flavor().id);
        assertThat(((ServerKinds.Detected.Found) found).evidence()).contains("version");
    }

    @Test
    void theRulesSayTheExpiryIsVcstokensAndTheUserNameIsIgnored() {
        assertThat(kind.rules().defaultLifetime()).isEqualTo(Duration.ofDays(90));
        assertThat(kind.rules().maxLifetime()).isNull();
        assertThat(kind.rules().enforcesExpiry()).isTrue();
        assertThat(kind.rules().ignoresUsername()).isTrue();
        assertThat(kind.rules().defaultRealm()).as("no svn").isNull();
        assertThat(kind.passwordCreation()).isPresent();
        assertThat(kind.apiCreation()).isEmpty();
        assertThat(kind.rotation()).isEmpty();
        assertThat(kind.inspection()).isPresent();
    }

    @Test
    void aPasswordSessionCreatesATokenWithTheRepositoryScopesThatGitAccepts() throws Exception {
        CreatedToken t;
        try (AccountSession s = kind.login(profile, "alice", password(), OneTimeCodes.NONE)) {
            t = s.create(spec(null));
        }

        assertThat(t.secret().reveal()).matches("[0-9a-f]{40}");
        assertThat(t.expires()).as("the forge has no expiry").isNull();
        assertThat(t.repo()).isNull();
        ForgeToken onServer = fj.token("alice", Long.parseLong(t.serverId())).orElseThrow();
        assertThat(onServer.scopes()).containsExactly("write:repository");
        assertThat(onServer.repositories()).isNull();
        assertThat(kind.probe(profile, "alice/app", VcsType.GIT, "alice", t.secret())).isEqualTo(ProbeResult.ACCEPTED);
        assertThat(traced.toString(StandardCharsets.UTF_8)).doesNotContain(t.secret().reveal()).doesNotContain(PASSWORD);
    }

    @Test
    void theTokenNameSaysVcstokenThisComputerAndTheRepositoryAndATakenNameIsNotReused() throws Exception {
        CreatedToken first;
        CreatedToken second;
        try (AccountSession s = kind.login(profile, "alice", password(), OneTimeCodes.NONE)) {
            // The same second on the same machine: the forge answers 400 for the second name.
            first = s.create(spec(null));
            second = s.create(spec(null));
        }

        String name = fj.token("alice", Long.parseLong(first.serverId())).orElseThrow().name();
        assertThat(name).isEqualTo("vcstoken on buildhost for all repositories, " + clock.instant());
        assertThat(fj.token("alice", Long.parseLong(second.serverId())).orElseThrow().name()).isEqualTo(name + " #2");
    }

    @Test
    void deletingByIdRemovesTheTokenAndAnIdTheForgeNoLongerHasIsNoError() throws Exception {
        try (AccountSession s = kind.login(profile, "alice", password(), OneTimeCodes.NONE)) {
            CreatedToken t = s.create(spec(null));
            assertThat(fj.hasToken("alice", Long.parseLong(t.serverId()))).isTrue();

            s.delete(t.serverId());
            assertThat(fj.hasToken("alice", Long.parseLong(t.serverId()))).isFalse();
            s.delete(t.serverId());
        }
    }

    @Test
    void aServerIdThatIsNotANumberIsNeverSentForTheForgeWouldTakeItForATokenName() throws Exception {
        IssuedForgeToken named = fj.createToken("alice", "ci", List.of("write:repository"));
        try (AccountSession s = kind.login(profile, "alice", password(), OneTimeCodes.NONE)) {
            assertThatThrownBy(() -> s.delete("ci")).isInstanceOf(ServerException.class).hasMessageContaining("not a token id");
        }
        assertThat(fj.hasToken("alice", named.id())).isTrue();
    }

    @Test
    void theSessionKeepsACopyOfThePasswordOnlyUntilItIsClosed() throws Exception {
        char[] typed = password();
        AccountSession s = kind.login(profile, "alice", typed, OneTimeCodes.NONE);
        s.close();

        assertThat(new String(typed)).as("the caller's array is the caller's to clear").isEqualTo(PASSWORD);
        assertThatThrownBy(() -> s.create(spec(null))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> s.delete("1")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anEmptyPasswordIsNeverSentForTheForgeWouldReadTheUserNameAsAToken() throws Exception {
        // A token as the user name with an empty password is what the forge would take as a login.
        IssuedForgeToken t = fj.createToken("alice", "as-user-name", List.of("write:user"));
        ServerProfile asToken = new ServerProfile(profile.origin(), "", flavor().id, t.secret(), null, null, null,
                false, true);

        ByteArrayOutputStream requests = new ByteArrayOutputStream();
        ForgeKind tracing = kind(flavor(), requests);

        assertThatThrownBy(() -> tracing.login(asToken, t.secret(), new char[0], OneTimeCodes.NONE))
                .isInstanceOf(ServerException.class).hasMessageContaining("no password given");
        assertThat(requests.toString(StandardCharsets.UTF_8)).as("nothing was sent").doesNotContain("http ");
    }

    @Test
    void aWrongPasswordIsRefusedWithAMessageNamingTheUserAndNotThePassword() {
        Codes codes = new Codes();

        assertThatThrownBy(() -> kind.login(profile, "alice", "not the password".toCharArray(), codes))
                .isInstanceOf(ServerException.class)
                .hasMessageContaining("refused the password for alice").hasMessageContaining("--user NAME")
                .hasMessageNotContaining("not the password");
    }

    @Test
    void aTwoFactorAccountIsAskedForItsCodeOnceAndTheSessionWorksWithIt() throws Exception {
        Codes codes = new Codes(fj.totpCode("carol"));
        ServerProfile carol = withUser("carol");
        CreatedToken t;
        try (AccountSession s = kind.login(carol, "carol", CAROL_PASSWORD.toCharArray(), codes)) {
            t = s.create(spec(null));
            s.delete(t.serverId());
        }

        assertThat(codes.questions).hasSize(1);
        assertThat(codes.questions.get(0)).contains("carol").containsIgnoringCase("one-time code");
        assertThat(fj.hasToken("carol", Long.parseLong(t.serverId()))).isFalse();
        assertThat(traced.toString(StandardCharsets.UTF_8)).doesNotContain(fj.totpCode("carol"));
    }

    @Test
    void aRefusedCodeIsAskedForOnceMoreThenTheLoginEnds() throws Exception {
        String right = fj.totpCode("carol");
        String wrong = right.equals("000000") ? "111111" : "000000";
        Codes retried = new Codes(wrong, right);
        try (AccountSession s = kind.login(withUser("carol"), "carol", CAROL_PASSWORD.toCharArray(), retried)) {
            assertThat(retried.questions).hasSize(2);
            assertThat(retried.questions.get(1)).contains("not accepted");
        }

        Codes wrongTwice = new Codes(wrong, wrong, wrong);
        assertThatThrownBy(() -> kind.login(withUser("carol"), "carol", CAROL_PASSWORD.toCharArray(), wrongTwice))
                .isInstanceOf(ServerException.class).hasMessageContaining("one-time code");
        assertThat(wrongTwice.questions).hasSize(2);
    }

    @Test
    void withoutACodeATwoFactorLoginEndsWithAMessage() {
        assertThatThrownBy(() -> kind.login(withUser("carol"), "carol", CAROL_PASSWORD.toCharArray(), new Codes()))
                .isInstanceOf(ServerException.class).isNotInstanceOf(PasswordLoginImpossible.class)
                .hasMessageContaining("carol");
    }

    @Test
    void enrolledSecurityKeysMakeThePasswordLoginImpossibleAndSayWhy() {
        assertThatThrownBy(() -> kind.login(withUser("dave"), "dave", DAVE_PASSWORD.toCharArray(), new Codes()))
                .isInstanceOf(PasswordLoginImpossible.class)
                .hasMessageContaining("security keys (WebAuthn)").hasMessageContaining("token page");
    }

    @Test
    void inspectionTellsATokenTheForgeKnowsFromADeletedOne() throws Exception {
        CreatedToken t;
        try (AccountSession s = kind.login(profile, "alice", password(), OneTimeCodes.NONE)) {
            t = s.create(spec(null));
        }
        assertThat(kind.inspect(profile, "alice", t.secret()).active()).isTrue();
        assertThat(kind.inspect(profile, "alice", t.secret()).expiryKnown()).isFalse();
        assertThat(kind.probe(profile, "", VcsType.GIT, "alice", t.secret())).isEqualTo(ProbeResult.ACCEPTED);

        try (AccountSession s = kind.login(profile, "alice", password(), OneTimeCodes.NONE)) {
            s.delete(t.serverId());
        }

        assertThat(kind.inspect(profile, "alice", t.secret()).active()).isFalse();
        assertThat(kind.probe(profile, "", VcsType.GIT, "alice", t.secret())).isEqualTo(ProbeResult.REJECTED);
        assertThat(kind.probe(profile, "alice/app", VcsType.GIT, "alice", t.secret())).isEqualTo(ProbeResult.REJECTED);
    }

    @Test
    void aTokenWithAllScopesIsKnownTooAndTheUserNameDoesNotMatter() throws Exception {
        IssuedForgeToken all = fj.createToken("alice", "everything", List.of("all"));

        assertThat(kind.inspect(profile, "someone-else", Secret.of(all.secret())).active()).isTrue();
    }

    @Test
    void theSessionFindsATokensIdByItsLastEightCharacters() throws Exception {
        try (AccountSession s = kind.login(profile, "alice", password(), OneTimeCodes.NONE)) {
            CreatedToken t = s.create(spec(null));

            assertThat(s.findId(t.secret())).contains(t.serverId());
            assertThat(s.findId(Secret.of("0000000000000000000000000000000000000000"))).isEmpty();
        }
    }

    @Test
    void hgAndSvnFindNoRepositoryForTheseForgesServeGitOnly() throws Exception {
        ByteArrayOutputStream requests = new ByteArrayOutputStream();
        ForgeKind tracing = kind(flavor(), requests);

        assertThat(tracing.probe(profile, "alice/app", VcsType.HG, "alice", Secret.of("abc")))
                .isEqualTo(ProbeResult.NOT_FOUND);
        assertThat(tracing.probe(profile, "alice/app", VcsType.SVN, "alice", Secret.of("abc")))
                .isEqualTo(ProbeResult.NOT_FOUND);
        assertThat(requests.toString(StandardCharsets.UTF_8)).contains("git only").doesNotContain("http ");
    }

    @Test
    void theTokenPageIsTheApplicationsSettingsAndNamesTheScopes() {
        var page = kind.tokenPage(profile, spec("alice/app"));

        assertThat(page.uri().toString()).isEqualTo(profile.baseUrl() + "/user/settings/applications");
        assertThat(page.instructions()).contains("read:repository", "write:repository");
        assertThat(page.limitsToRepository()).as("Forgejo's page can limit a token to repositories")
                .isEqualTo(flavor().repositoryTokens);
    }

    ServerProfile withUser(String user) {
        return new ServerProfile(profile.origin(), "", flavor().id, user, null, Duration.ofDays(90), null, false, true);
    }
}
