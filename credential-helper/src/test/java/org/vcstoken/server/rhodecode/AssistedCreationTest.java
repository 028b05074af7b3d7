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
import org.vcstoken.sandbox.Edition;
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

class AssistedCreationTest {
    static final RhodeCodeKind KIND = Sandboxes.kind();
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
            try (AccountSession s = KIND.login(alice, "alice", password())) {
                assertThat(s.supportsRepoScope()).isTrue();
                t = s.create(new TokenSpec("vcstoken test", Duration.ofDays(1), "grp/app", Role.VCS));
            }
            Instant after = sb.now();
            assertThat(t.repo()).isEqualTo("grp/app");
            assertThat(t.serverId()).isNotBlank();
            assertThat(t.secret().reveal()).matches("[0-9a-f]{40}");
            assertThat(t.expires()).isBetween(before.plus(Duration.ofDays(1)).minusSeconds(1),
                    after.plus(Duration.ofDays(1)).plusSeconds(1));
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
                assertThatThrownBy(() -> s.create(new TokenSpec("x", Duration.ofHours(1), "bobs", Role.VCS)))
                        .isInstanceOf(ServerException.class)
                        .hasMessageContaining("bobs")
                        .hasMessageContaining("permissions");
            }
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
                    .doesNotContain("csrf_token=").doesNotContain("rhodecode_session=");
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
                    .hasMessageContaining("Invalid username or password")
                    .hasMessageContaining("vcstoken token add")
                    .hasMessageNotContaining("not-the-password");
        }

        @Test
        void anInactiveAccountIsRefusedWithTheServersReason() {
            ServerProfile carol = Sandboxes.profile(sb, "carol");
            assertThatThrownBy(() -> KIND.login(carol, "carol", "carol-pw".toCharArray()))
                    .isInstanceOf(ServerException.class)
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
            CreatedToken t;
            try (AccountSession s = KIND.login(alice, "alice", password())) {
                assertThat(s.supportsRepoScope()).isFalse();
                t = s.create(new TokenSpec("ce token", Duration.ofMinutes(60), "grp/app", Role.VCS));
            }
            assertThat(t.repo()).isNull();
            assertThat(KIND.probe(alice, "grp/app", VcsType.GIT, "alice", t.secret())).isEqualTo(ProbeResult.ACCEPTED);
            assertThat(KIND.probe(alice, "grp/lib", VcsType.GIT, "alice", t.secret())).isEqualTo(ProbeResult.ACCEPTED);
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
