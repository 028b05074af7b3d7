package org.vcstoken.server.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.sandbox.gitlab.IssuedGitLabToken;
import org.vcstoken.sandbox.gitlab.TokenView;
import org.vcstoken.server.ApiOutcome;
import org.vcstoken.server.CreatedToken;
import org.vcstoken.server.ProbeResult;
import org.vcstoken.server.TokenSpec;
import org.vcstoken.server.VcsType;
import org.vcstoken.token.Role;
import org.vcstoken.token.Secret;

/** Creating a token for one project with the API token, and GitLab's refusals, against the sandbox. */
class ProjectTokensTest {
    @TempDir
    Path dir;
    GitLabFixture f;

    @AfterEach
    void tearDown() throws Exception {
        if (f != null) {
            f.close();
        }
    }

    private ApiOutcome create(String user, IssuedGitLabToken api, String repo) throws Exception {
        return f.kind.apiCreation().orElseThrow().create(f.profile(user), user, Secret.of(api.token()),
                new TokenSpec("vcstoken 2026-03-10 for " + repo, Duration.ofDays(30), repo, Role.VCS));
    }

    @Test
    void aMaintainerGetsAProjectAccessTokenForExactlyThatProjectWithDeveloperAccess() throws Exception {
        f = new GitLabFixture(dir, "17.9");
        f.gl.createProject("alice/other", "git", "alice", "private");
        IssuedGitLabToken api = f.personal("alice", "api");

        ApiOutcome outcome = create("alice", api, "alice/app");

        assertThat(outcome).isInstanceOf(ApiOutcome.Created.class);
        CreatedToken made = ((ApiOutcome.Created) outcome).token();
        assertThat(made.repo()).isEqualTo("alice/app");
        assertThat(made.expires()).as("today + 30 days, at 00:00 UTC").isEqualTo(Instant.parse("2026-04-09T00:00:00Z"));
        assertThat(f.gl.projectTokens("alice/app")).singleElement().satisfies(t -> {
            assertThat(made.serverId()).isEqualTo("project/" + f.gl.projectId("alice/app") + "/" + t.id());
            assertThat(t.scopes()).containsExactly("read_repository", "write_repository");
            assertThat(t.accessLevel()).isEqualTo(30);
            assertThat(t.expiresAt()).isEqualTo(LocalDate.parse("2026-04-09"));
            assertThat(t.name()).isEqualTo("vcstoken 2026-03-10 for alice/app");
        });
        assertThat(f.kind.probe(f.profile("alice"), "alice/app", VcsType.GIT, "alice", made.secret()))
                .isEqualTo(ProbeResult.ACCEPTED);
        assertThat(f.kind.probe(f.profile("alice"), "alice/other", VcsType.GIT, "alice", made.secret()))
                .as("another project of the same owner").isEqualTo(ProbeResult.REJECTED);
        assertThat(f.trace()).doesNotContain(made.secret().reveal()).doesNotContain(api.token());
    }

    @Test
    void aDeveloperOnAnInstanceWithoutFineGrainedTokensGetsGitLabsReasonInOneClause() throws Exception {
        f = new GitLabFixture(dir, "17.9");
        IssuedGitLabToken api = f.personal("bob", "api");

        ApiOutcome outcome = create("bob", api, "alice/app");

        assertThat(outcome).isInstanceOf(ApiOutcome.Unavailable.class);
        assertThat(((ApiOutcome.Unavailable) outcome).reason()).isEqualTo("GitLab answered 400: User does not have "
                + "permission to create project access token, and GitLab 17.9.0 has no fine-grained personal tokens "
                + "to limit one to the project (19.2 and later)");
        assertThat(f.gl.projectTokens("alice/app")).isEmpty();
    }

    @Test
    void aDeveloperOnGitLab19Point2GetsAFineGrainedTokenLimitedToTheProject() throws Exception {
        f = new GitLabFixture(dir, "19.2");
        f.gl.createProject("alice/other", "git", "alice", "private");
        f.gl.addMember("alice/other", "bob", 30);
        IssuedGitLabToken api = f.personal("bob", "api");

        ApiOutcome outcome = create("bob", api, "alice/app");

        assertThat(outcome).isInstanceOf(ApiOutcome.Created.class);
        CreatedToken made = ((ApiOutcome.Created) outcome).token();
        assertThat(made.repo()).isEqualTo("alice/app");
        assertThat(made.serverId()).startsWith("personal/");
        assertThat(made.expires()).isEqualTo(Instant.parse("2026-04-09T00:00:00Z"));
        assertThat(f.kind.probe(f.profile("bob"), "alice/app", VcsType.GIT, "bob", made.secret()))
                .isEqualTo(ProbeResult.ACCEPTED);
        assertThat(f.kind.probe(f.profile("bob"), "alice/other", VcsType.GIT, "bob", made.secret()))
                .as("limited to the one project").isIn(ProbeResult.REJECTED, ProbeResult.NOT_FOUND,
                        ProbeResult.FORBIDDEN);
        assertThat(f.gl.personalTokens("bob")).filteredOn(TokenView::active).hasSize(2);
    }

    @Test
    void aProjectTheAccountCannotSeeIsNamedWithGitLabs404() throws Exception {
        f = new GitLabFixture(dir, "19.2");
        IssuedGitLabToken api = f.personal("carol", "api");

        ApiOutcome outcome = create("carol", api, "alice/app");

        assertThat(outcome).isInstanceOf(ApiOutcome.Unavailable.class);
        assertThat(((ApiOutcome.Unavailable) outcome).reason()).startsWith("GitLab answered 404: Project Not Found")
                .contains("carol sees no project alice/app");
    }

    @Test
    void aRevokedApiTokenSaysToStoreANewOne() throws Exception {
        f = new GitLabFixture(dir, "17.9");
        IssuedGitLabToken api = f.personal("alice", "api");
        f.gl.revokeToken(api.id());

        ApiOutcome outcome = create("alice", api, "alice/app");

        assertThat(outcome).isInstanceOf(ApiOutcome.Unavailable.class);
        assertThat(((ApiOutcome.Unavailable) outcome).reason()).startsWith("GitLab answered 401")
                .contains("vcstoken login " + f.profile("alice").baseUrl());
    }

    @Test
    void aServerWideTokenNeedsFineGrainedTokens() throws Exception {
        f = new GitLabFixture(dir, "17.9");
        IssuedGitLabToken api = f.personal("alice", "api");

        ApiOutcome old = create("alice", api, null);

        assertThat(((ApiOutcome.Unavailable) old).reason()).contains("creates no server-wide token for git");
        f.close();
        f = new GitLabFixture(dir.resolve("new"), "19.2");
        IssuedGitLabToken newer = f.personal("alice", "api");
        ApiOutcome made = create("alice", newer, null);
        assertThat(made).isInstanceOf(ApiOutcome.Created.class);
        assertThat(f.kind.probe(f.profile("alice"), "alice/app", VcsType.GIT, "alice",
                ((ApiOutcome.Created) made).token().secret())).isEqualTo(ProbeResult.ACCEPTED);
    }

    @Test
    void aLifetimeBeyondAYearIsCappedAtGitLabsMaximumAndUnderADayIsTomorrow() {
        f = null;
        java.time.Clock clock = java.time.Clock.fixed(Instant.parse("2026-03-10T23:30:00Z"), java.time.ZoneOffset.UTC);

        assertThat(ExpiryDates.dateFor(clock, Duration.ofDays(400))).isEqualTo(LocalDate.parse("2027-03-10"));
        assertThat(ExpiryDates.dateFor(clock, Duration.ofHours(1))).isEqualTo(LocalDate.parse("2026-03-11"));
        assertThat(ExpiryDates.dateFor(clock, Duration.ofDays(30))).isEqualTo(LocalDate.parse("2026-04-09"));
        assertThat(ExpiryDates.dateFor(clock, null)).isEqualTo(LocalDate.parse("2027-03-10"));
    }
}
