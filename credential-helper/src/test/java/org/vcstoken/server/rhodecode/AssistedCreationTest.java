package org.vcstoken.server.rhodecode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.sandbox.web.Edition;
import org.vcstoken.sandbox.Sandbox;
import org.vcstoken.server.AccountSession;
import org.vcstoken.server.CreatedToken;
import org.vcstoken.server.HttpTransport;
import org.vcstoken.server.ProbeResult;
import org.vcstoken.server.ServerException;
import org.vcstoken.server.TokenSpec;
import org.vcstoken.server.VcsType;
import org.vcstoken.token.Origin;
import org.vcstoken.token.Role;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.trace.Trace;

/**
 * Assisted creation against the sandbox in both editions, whose pages carry the noise real ones
 * do (the admin's custom code with forms and fields of its own, client-side templates, the
 * header's logout form).
 */
class AssistedCreationTest {
    static final RhodeCodeKind KIND = Sandboxes.kind();
    static final Clock FAR_CLOCK = Clock.fixed(Instant.parse("2041-01-01T00:00:00Z"), java.time.ZoneOffset.UTC);
    static final String PASSWORD = "correct horse & battery=staple";

    static char[] password() {
        return PASSWORD.toCharArray();
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnEnterpriseEdition {
        Sandbox sb;
        ServerProfile alice;

        @BeforeAll
        void startSandbox(@TempDir Path dir) throws Exception {
            sb = Sandboxes.start(dir, Edition.EE);
            sb.createUser("alice", PASSWORD);
            sb.createUser("bob", "bob-pw");
            sb.createUser("carol", "carol-pw");
            sb.setUserActive("carol", false);
            sb.createRepo("grp/app", "git", "alice");
            sb.createRepo("grp/lib", "git", "alice");
            sb.createRepo("bobs", "git", "bob");
            alice = Sandboxes.profile(sb, "alice");
        }

        @AfterAll
        void stopSandbox() {
            if (sb != null) {
                sb.close();
            }
        }

        @Test
        void createsARepoScopedTokenThatOpensOnlyThatRepository() throws Exception {
            Instant before = sb.now();
            CreatedToken t;
            // vcstoken's own clock is years off: the expiry must come from the page, not from it.
            try (AccountSession s = Sandboxes.kind(FAR_CLOCK).login(alice, "alice", password())) {
                assertThat(s.supportsRepoScope()).isTrue();
                assertThat(s.offersRepoScope("grp/app")).isTrue();
                t = s.create(new TokenSpec("vcstoken test ✓", Duration.ofDays(1), "grp/app", Role.VCS));
            }
            Instant after = sb.now();
            assertThat(t.repo()).isEqualTo("grp/app");
            assertThat(t.serverId()).isNotBlank();
            assertThat(t.secret().reveal()).matches("[0-9a-f]{40}");
            assertThat(t.expires()).isBetween(before.plus(Duration.ofDays(1)).minusSeconds(1),
                    after.plus(Duration.ofDays(1)).plusSeconds(1));
            assertThat(t.note()).isNull();
            assertThat(KIND.probe(alice, "grp/app", VcsType.GIT, "alice", t.secret())).isEqualTo(ProbeResult.ACCEPTED);
            assertThat(KIND.probe(alice, "grp/lib", VcsType.GIT, "alice", t.secret())).isEqualTo(ProbeResult.REJECTED);
        }

        @Test
        void createsAServerWideTokenThatNeverExpiresWhenAskedForNoScopeAndNoLifetime() throws Exception {
            CreatedToken t;
            try (AccountSession s = KIND.login(alice, "alice", password())) {
                t = s.create(new TokenSpec("forever", null, null, Role.VCS));
            }
            assertThat(t.repo()).isNull();
            assertThat(t.expires()).isNull();
            assertThat(KIND.probe(alice, "grp/app", VcsType.GIT, "alice", t.secret())).isEqualTo(ProbeResult.ACCEPTED);
            assertThat(KIND.probe(alice, "grp/lib", VcsType.GIT, "alice", t.secret())).isEqualTo(ProbeResult.ACCEPTED);
        }

        @Test
        void deletingATokenMakesTheServerRejectIt() throws Exception {
            try (AccountSession s = KIND.login(alice, "alice", password())) {
                CreatedToken t = s.create(new TokenSpec("to delete", Duration.ofHours(1), "grp/app", Role.VCS));
                assertThat(KIND.probe(alice, "grp/app", VcsType.GIT, "alice", t.secret())).isEqualTo(ProbeResult.ACCEPTED);
                s.delete(t.serverId());
                assertThat(KIND.probe(alice, "grp/app", VcsType.GIT, "alice", t.secret()))
                        .isEqualTo(ProbeResult.REJECTED);
            }
        }

        @Test
        void findsTheServerIdOfAKnownSecretAndNothingForAnUnknownOne() throws Exception {
            String manual = sb.addToken("alice", "token_role_vcs", 60, "added by hand", null).token();
            try (AccountSession s = KIND.login(alice, "alice", password())) {
                CreatedToken t = s.create(new TokenSpec("findable", Duration.ofHours(1), null, Role.VCS));
                assertThat(s.findId(t.secret())).contains(t.serverId());
                assertThat(s.findId(Secret.of(manual))).isPresent().isNotEqualTo(Optional.of(t.serverId()));
                assertThat(s.findId(Secret.of("f".repeat(40)))).isEmpty();
            }
        }

        @Test
        void refusesARepositoryTheAccountCannotRead() throws Exception {
            try (AccountSession s = KIND.login(alice, "alice", password())) {
                assertThat(s.offersRepoScope("bobs")).as("/_repos does not list it").isFalse();
                assertThat(s.offersRepoScope("grp/ap")).as("only the exact name counts").isFalse();
                assertThatThrownBy(() -> s.create(new TokenSpec("x", Duration.ofHours(1), "bobs", Role.VCS)))
                        .isInstanceOf(ServerException.class)
                        .hasMessageContaining("does not offer bobs as a token scope")
                        .hasMessageContaining("permissions");
            }
        }

        @Test
        void anAddressTheAccountMayNotUseIsReportedWithRhodeCodesReason() {
            sb.createUser("roamer", "roamer-pw");
            sb.setAllowedIps("roamer", java.util.List.of("192.0.2.1"));
            assertThatThrownBy(() -> KIND.login(Sandboxes.profile(sb, "roamer"), "roamer", "roamer-pw".toCharArray()))
                    .isInstanceOf(ServerException.class)
                    .hasMessageContaining("RhodeCode says \"IP 127.0.0.1 not allowed\"")
                    .hasMessageContaining("blocked");
        }

        @Test
        void theTraceShowsTheRequestsButNoSecretPasswordOrSessionValue() throws Exception {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            RhodeCodeKind traced = new RhodeCodeKind(new HttpTransport(Duration.ofSeconds(5), Duration.ofSeconds(20),
                    Trace.to(new PrintStream(out, true, StandardCharsets.UTF_8), Clock.systemUTC())), Clock.systemUTC());
            CreatedToken t;
            try (AccountSession s = traced.login(alice, "alice", password())) {
                t = s.create(new TokenSpec("traced", Duration.ofHours(1), "grp/app", Role.VCS));
                assertThat(s.findId(t.secret())).contains(t.serverId());
            }
            String trace = out.toString(StandardCharsets.UTF_8);
            assertThat(trace).contains("http POST " + sb.url() + "/_admin/my_account/auth_tokens/new -> 302")
                    .contains("http POST " + sb.url() + "/_admin/my_account/auth_tokens/view -> 200")
                    .doesNotContain(t.secret().reveal()).doesNotContain(PASSWORD)
                    .doesNotContain("csrf_token=").doesNotContain("rhodecode=");
        }

        @Test
        void neverSendsThePasswordOverPlainHttpToAnotherHost() {
            ServerProfile remote = ServerProfile.withDefaults(Origin.of("http", "example.invalid", 80), "", "alice");
            assertThatThrownBy(() -> KIND.login(remote, "alice", password()))
                    .isInstanceOf(ServerException.class)
                    .hasMessageContaining("not sending the account password to http://example.invalid over plain http")
                    .hasMessageContaining("--allow-http");
        }

        @Test
        void aWrongPasswordIsAClearRefusalThatNeverRepeatsThePassword() {
            char[] wrong = "not-the-password".toCharArray();
            assertThatThrownBy(() -> KIND.login(alice, "alice", wrong))
                    .isInstanceOf(ServerException.class)
                    .hasMessageContaining("refused")
                    .hasMessageContaining("the user name or the password is wrong")
                    .hasMessageContaining("\"invalid user name\" and \"invalid password\"")
                    .hasMessageContaining("vcstoken token add")
                    .hasMessageNotContaining("not-the-password");
        }

        @Test
        void anUnknownUserIsTheSameRefusalAsAWrongPassword() {
            assertThatThrownBy(() -> KIND.login(Sandboxes.profile(sb, "nobody"), "nobody", password()))
                    .isInstanceOf(ServerException.class)
                    .hasMessageContaining("the user name or the password is wrong");
        }

        @Test
        void anInactiveAccountIsRefusedWithTheServersReason() {
            ServerProfile carol = Sandboxes.profile(sb, "carol");
            assertThatThrownBy(() -> KIND.login(carol, "carol", "carol-pw".toCharArray()))
                    .isInstanceOf(ServerException.class)
                    .hasMessageContaining("\"Your account is disabled\"")
                    .hasMessageContaining("inactive")
                    .hasMessageNotContaining("carol-pw");
        }

        @Test
        void aClosedSessionCannotBeUsedAndClosingTwiceIsHarmless() throws Exception {
            AccountSession s = KIND.login(alice, "alice", password());
            s.close();
            s.close();
            assertThatThrownBy(() -> s.create(new TokenSpec("late", Duration.ofHours(1), null, Role.VCS)))
                    .isInstanceOf(IllegalStateException.class);
        }

        @Test
        void knownTokensListsTheAccountsTokensReadWithAnApiToken() throws Exception {
            Secret api = Secret.of(sb.addToken("alice", "token_role_api", 60, "api", null).token());
            String vcs = sb.addToken("alice", "token_role_vcs", 60, "listed", null).token();
            assertThat(KIND.knownTokens(alice, "alice", api)).contains(vcs, api.reveal());
        }

        @Test
        void knownTokensRefusesAnApiTokenOfAnotherAccount() {
            Secret bobs = Secret.of(sb.addToken("bob", "token_role_api", 60, "bob's api", null).token());
            assertThatThrownBy(() -> KIND.knownTokens(alice, "alice", bobs))
                    .isInstanceOf(ServerException.class)
                    .hasMessageContaining("the API token belongs to bob, not alice")
                    .hasMessageNotContaining(bobs.reveal());
        }

        @Test
        void knownTokensReportsTheServersErrorWithoutTheToken() {
            Secret bogus = Secret.of("a".repeat(40));
            assertThatThrownBy(() -> KIND.knownTokens(alice, "alice", bogus))
                    .isInstanceOf(ServerException.class)
                    .hasMessageContaining("Invalid API KEY")
                    .hasMessageNotContaining(bogus.reveal());
        }

        @Test
        void knownTokensReportsAVcsOnlyTokenAsTheWrongRole() {
            Secret vcs = Secret.of(sb.addToken("alice", "token_role_vcs", 60, "vcs", null).token());
            assertThatThrownBy(() -> KIND.knownTokens(alice, "alice", vcs))
                    .isInstanceOf(ServerException.class)
                    .hasMessageContaining("bad role")
                    .hasMessageContaining("role api")
                    .hasMessageNotContaining(vcs.reveal());
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnCommunityEdition {
        Sandbox sb;
        ServerProfile alice;

        @BeforeAll
        void startSandbox(@TempDir Path dir) throws Exception {
            sb = Sandboxes.start(dir, Edition.CE);
            sb.createUser("alice", PASSWORD);
            sb.createRepo("grp/app", "git", "alice");
            sb.createRepo("grp/lib", "git", "alice");
            alice = Sandboxes.profile(sb, "alice");
        }

        @AfterAll
        void stopSandbox() {
            if (sb != null) {
                sb.close();
            }
        }

        @Test
        void createsAServerWideTokenAndSaysSoWhenARepositoryWasAsked() throws Exception {
            Instant before = sb.now();
            CreatedToken t;
            try (AccountSession s = Sandboxes.kind(FAR_CLOCK).login(alice, "alice", password())) {
                assertThat(s.supportsRepoScope()).isFalse();
                assertThat(s.offersRepoScope("grp/app")).isFalse();
                t = s.create(new TokenSpec("ce token", Duration.ofMinutes(60), "grp/app", Role.VCS));
            }
            assertThat(t.repo()).isNull();
            assertThat(t.expires()).as("from the row's <time datetime>, on the server's clock")
                    .isBetween(before.plus(Duration.ofMinutes(59)), sb.now().plus(Duration.ofMinutes(61)));
            assertThat(KIND.probe(alice, "grp/app", VcsType.GIT, "alice", t.secret())).isEqualTo(ProbeResult.ACCEPTED);
            assertThat(KIND.probe(alice, "grp/lib", VcsType.GIT, "alice", t.secret())).isEqualTo(ProbeResult.ACCEPTED);
        }

        @Test
        void aWrongPasswordIsReportedAsOnEnterpriseEdition() {
            assertThatThrownBy(() -> KIND.login(alice, "alice", "wrong-password".toCharArray()))
                    .isInstanceOf(ServerException.class)
                    .hasMessageContaining("the user name or the password is wrong");
        }

        @Test
        void deletingATokenThatIsGoneAlreadySucceeds() throws Exception {
            try (AccountSession s = KIND.login(alice, "alice", password())) {
                CreatedToken t = s.create(new TokenSpec("gone", Duration.ofMinutes(5), null, Role.VCS));
                sb.deleteToken(Long.parseLong(t.serverId()));
                s.delete(t.serverId());
                assertThat(s.findId(t.secret())).isEmpty();
            }
        }

        @Test
        void deletesAndFindsTokensAsOnEnterpriseEdition() throws Exception {
            try (AccountSession s = KIND.login(alice, "alice", password())) {
                CreatedToken t = s.create(new TokenSpec("ce delete", Duration.ofMinutes(5), null, Role.VCS));
                assertThat(s.findId(t.secret())).contains(t.serverId());
                s.delete(t.serverId());
                assertThat(s.findId(t.secret())).isEmpty();
                assertThat(KIND.probe(alice, "grp/app", VcsType.GIT, "alice", t.secret()))
                        .isEqualTo(ProbeResult.REJECTED);
            }
        }
    }
}
