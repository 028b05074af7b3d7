package org.vcstoken.server.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.sandbox.gitlab.IssuedGitLabToken;
import org.vcstoken.server.GuidedPage;
import org.vcstoken.server.ProbeResult;
import org.vcstoken.server.RemoteToken;
import org.vcstoken.server.ServerKind;
import org.vcstoken.server.ServerKinds;
import org.vcstoken.server.TokenFacts;
import org.vcstoken.server.TokenSpec;
import org.vcstoken.server.VcsType;
import org.vcstoken.token.Role;
import org.vcstoken.token.Secret;
import org.vcstoken.token.Token;

/** The GitLab family's checks, pages, revocation and listing against the GitLab sandbox. */
class GitLabKindTest {
    @TempDir
    Path dir;
    GitLabFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new GitLabFixture(dir, "17.9");
    }

    @AfterEach
    void tearDown() throws Exception {
        f.close();
    }

    @Test
    void theRulesSayThirtyDaysByDefaultAtMostAYearAndThatTheUserNameIsIgnored() {
        assertThat(f.kind.rules().defaultLifetime()).isEqualTo(Duration.ofDays(30));
        assertThat(f.kind.rules().exceedsMaximum(Duration.ofDays(365))).isFalse();
        assertThat(f.kind.rules().exceedsMaximum(Duration.ofDays(366))).isTrue();
        assertThat(f.kind.rules().maxLifetimeReason()).isEqualTo("GitLab caps token lifetimes at 365 days");
        assertThat(f.kind.rules().ignoresUsername()).isTrue();
        assertThat(f.kind.rules().scopesRepositories()).isTrue();
        assertThat(f.kind.rules().defaultRealm()).as("no svn").isNull();
        assertThat(f.kind.passwordCreation()).isEmpty();
        assertThat(f.kind.apiCreation()).isPresent();
        assertThat(f.kind.rotation()).isPresent();
    }

    @Test
    void aGitProbeAsksForTheDotGitUrlAndAcceptsAnyUserNameWithAToken() throws Exception {
        IssuedGitLabToken pat = f.personal("alice", "read_repository");

        assertThat(f.kind.probe(f.profile("alice"), "alice/app", VcsType.GIT, "someone-else", Secret.of(pat.token())))
                .isEqualTo(ProbeResult.ACCEPTED);
        assertThat(f.kind.probe(f.profile("alice"), "alice/app", VcsType.GIT, "alice",
                Secret.of("glpat-notavalidtoken123"))).isEqualTo(ProbeResult.REJECTED);
        assertThat(f.kind.probe(f.profile("alice"), "alice/missing", VcsType.GIT, "alice", Secret.of(pat.token())))
                .isEqualTo(ProbeResult.NOT_FOUND);
        assertThat(f.kind.probe(f.profile("alice"), "alice/app", VcsType.SVN, "alice", Secret.of(pat.token())))
                .as("GitLab serves no svn").isEqualTo(ProbeResult.NOT_FOUND);
    }

    @Test
    void withoutARepositoryTheProbeAsksGitLabAboutTheTokenItself() throws Exception {
        IssuedGitLabToken pat = f.personal("alice", "read_repository");

        assertThat(f.kind.probe(f.profile("alice"), "", VcsType.GIT, "alice", Secret.of(pat.token())))
                .isEqualTo(ProbeResult.ACCEPTED);
        IssuedGitLabToken revoked = f.personal("alice", "api");
        f.gl.revokeToken(revoked.id());
        assertThat(f.kind.probe(f.profile("alice"), "", VcsType.GIT, "alice", Secret.of(revoked.token())))
                .isEqualTo(ProbeResult.REJECTED);
    }

    @Test
    void inspectionReadsActiveScopesIdOwnerAndTheExpiryDateAsMidnightUtc() throws Exception {
        IssuedGitLabToken api = f.personal("alice", "api");

        TokenFacts facts = f.kind.inspect(f.profile("alice"), "alice", Secret.of(api.token()));

        assertThat(facts.active()).isTrue();
        assertThat(facts.opensApi()).isTrue();
        assertThat(facts.owner()).isEqualTo("alice");
        assertThat(facts.scopes()).containsExactly("api");
        assertThat(facts.serverId()).isEqualTo("personal/" + api.id());
        assertThat(facts.expiryKnown()).isTrue();
        assertThat(facts.expires()).isEqualTo(Instant.parse("2026-05-09T00:00:00Z"));
        assertThat(f.trace()).doesNotContain(api.token());
    }

    @Test
    void aTokenWithoutTheApiScopeDoesNotOpenTheApiAndARevokedOneIsInactive() throws Exception {
        IssuedGitLabToken git = f.personal("alice", "read_repository", "write_repository");
        IssuedGitLabToken gone = f.personal("alice", "api");
        f.gl.revokeToken(gone.id());

        TokenFacts facts = f.kind.inspect(f.profile("alice"), "alice", Secret.of(git.token()));
        TokenFacts revoked = f.kind.inspect(f.profile("alice"), "alice", Secret.of(gone.token()));

        assertThat(facts.active()).isTrue();
        assertThat(facts.opensApi()).isFalse();
        assertThat(revoked.active()).isFalse();
        assertThat(revoked.opensApi()).isFalse();
    }

    @Test
    void anExpiredTokenIsInactiveFromMidnightUtcOfItsDate() throws Exception {
        IssuedGitLabToken t = f.gl.addPersonalToken("alice", "short", List.of("read_repository"),
                f.gl.today().plusDays(2));
        f.clock.set(Instant.parse("2026-03-11T23:59:00Z"));
        assertThat(f.kind.inspect(f.profile("alice"), "alice", Secret.of(t.token())).active()).isTrue();

        f.clock.set(Instant.parse("2026-03-12T00:00:00Z"));

        assertThat(f.kind.inspect(f.profile("alice"), "alice", Secret.of(t.token())).active()).isFalse();
    }

    @Test
    void aProjectTokenWithTheApiScopeDoesNotCountAsVcstokensApiToken() throws Exception {
        IssuedGitLabToken bot = f.gl.addProjectToken("alice/app", "bot", List.of("api"), 40, null);

        TokenFacts facts = f.kind.inspect(f.profile("alice"), "alice", Secret.of(bot.token()));

        assertThat(facts.active()).isTrue();
        assertThat(facts.opensApi()).as("a bot user cannot create tokens").isFalse();
    }

    @Test
    void theTokenPageIsPrefilledWithANameAndTheScopesAndCannotLimitToAProject() {
        GuidedPage api = f.kind.tokenPage(f.profile("alice"), new TokenSpec("vcstoken API 2026-03-10", null, null,
                Role.API));
        GuidedPage git = f.kind.tokenPage(f.profile("alice"), new TokenSpec("vcstoken 2026-03-10 for alice/app",
                Duration.ofDays(30), "alice/app", Role.VCS));

        assertThat(api.uri().toString()).isEqualTo(f.gl.url()
                + "/-/user_settings/personal_access_tokens?name=vcstoken+API+2026-03-10&scopes=api");
        assertThat(git.uri().toString()).endsWith("?name=vcstoken+2026-03-10+for+alice%2Fapp"
                + "&scopes=read_repository,write_repository");
        assertThat(git.limitsToRepository()).isFalse();
        assertThat(git.instructions()).contains("read_repository and write_repository");
    }

    @Test
    void aProjectTokenIsRevokedUnderItsProjectWithTheApiToken() throws Exception {
        IssuedGitLabToken api = f.personal("alice", "api");
        IssuedGitLabToken bot = f.gl.addProjectToken("alice/app", "bot", List.of("read_repository"), 30, null);
        Token t = GitLabFixture.stored("t1", "alice", Role.VCS, "alice/app", Secret.of(bot.token()),
                "project/" + f.gl.projectId("alice/app") + "/" + bot.id(), null);

        f.kind.revoke(f.profile("alice"), t, Secret.of(api.token()));

        assertThat(f.gl.token(bot.id()).orElseThrow().revoked()).isTrue();
        // A token GitLab no longer has is as good as revoked: no error the second time.
        f.kind.revoke(f.profile("alice"), t, Secret.of(api.token()));
    }

    @Test
    void aTokenWithoutAKnownIdRevokesItself() throws Exception {
        IssuedGitLabToken pasted = f.personal("alice", "read_repository");
        Token t = GitLabFixture.stored("t2", "alice", Role.VCS, null, Secret.of(pasted.token()), null, null);

        f.kind.revoke(f.profile("alice"), t, null);
        f.kind.revoke(f.profile("alice"), t, null);

        assertThat(f.gl.token(pasted.id()).orElseThrow().revoked()).isTrue();
    }

    @Test
    void theListingHasTheAccountsPersonalTokensWithTheirStateAndExpiryButCoversNoProjectTokens() throws Exception {
        IssuedGitLabToken api = f.personal("alice", "api");
        IssuedGitLabToken revoked = f.personal("alice", "read_repository");
        f.gl.revokeToken(revoked.id());
        f.personal("bob", "api");

        List<RemoteToken> listed = f.kind.list(f.profile("alice"), "alice", Secret.of(api.token()));

        assertThat(listed).extracting(RemoteToken::serverId)
                .containsExactly("personal/" + api.id(), "personal/" + revoked.id());
        assertThat(listed.get(0).active()).isTrue();
        assertThat(listed.get(0).expires()).isEqualTo(Instant.parse("2026-05-09T00:00:00Z"));
        assertThat(listed.get(1).active()).isFalse();
        Token project = GitLabFixture.stored("p", "alice", Role.VCS, "alice/app", Secret.of("glpat-xxxxxxxxxxxxxxxxxxxx"),
                "project/1/2", null);
        Token personal = GitLabFixture.stored("q", "alice", Role.VCS, null, Secret.of("glpat-xxxxxxxxxxxxxxxxxxxx"),
                "personal/2", null);
        Token pasted = GitLabFixture.stored("r", "alice", Role.VCS, null, Secret.of("glpat-xxxxxxxxxxxxxxxxxxxx"),
                null, null);
        assertThat(f.kind.covers(personal)).isTrue();
        assertThat(f.kind.covers(project)).isFalse();
        assertThat(f.kind.covers(pasted)).isFalse();
    }

    @Test
    void listingWithSomeoneElsesApiTokenIsRefused() throws Exception {
        IssuedGitLabToken bobs = f.personal("bob", "api");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.kind.list(f.profile("alice"), "alice",
                Secret.of(bobs.token()))).hasMessageContaining("belongs to bob, not alice")
                .hasMessageNotContaining(bobs.token());
    }

    @Test
    void detectionRecognisesGitLabByTheRealmOfGitsChallenge() {
        ServerKinds.Detected found = f.kinds.detect(org.vcstoken.token.Origin.of("http", f.gl.url().getHost(),
                f.gl.url().getPort()), "");

        assertThat(found).isInstanceOf(ServerKinds.Detected.Found.class);
        ServerKinds.Detected.Found gitlab = (ServerKinds.Detected.Found) found;
        assertThat(gitlab.kind()).isEqualTo("gitlab");
        assertThat(gitlab.evidence()).contains("realm \"GitLab\"");
    }

    @Test
    void detectionAlsoRecognisesGitLabsApiWhenAProxyHidesGitsChallenge() throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            boolean version = ex.getRequestURI().getPath().equals("/api/v4/version");
            byte[] body = (version ? "{\"message\":\"401 Unauthorized\"}" : "Not Found")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.sendResponseHeaders(version ? 401 : 404, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            ServerKinds.Detected found = f.kinds.detect(org.vcstoken.token.Origin.of("http", "127.0.0.1",
                    server.getAddress().getPort()), "");

            assertThat(found).isInstanceOf(ServerKinds.Detected.Found.class);
            assertThat(((ServerKinds.Detected.Found) found).kind()).isEqualTo("gitlab");
            assertThat(((ServerKinds.Detected.Found) found).evidence()).contains("/api/v4/version");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theShippedRegistryKnowsGitLab() throws Exception {
        assertThat(f.kinds.names()).contains("gitlab");
        ServerKind k = f.kinds.kindFor(f.profile("alice"));
        assertThat(k.id()).isEqualTo("gitlab");
    }
}
