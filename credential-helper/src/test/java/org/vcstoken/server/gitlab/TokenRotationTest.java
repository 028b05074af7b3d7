package org.vcstoken.server.gitlab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.sandbox.gitlab.IssuedGitLabToken;
import org.vcstoken.sandbox.gitlab.TokenView;
import org.vcstoken.server.ApiOutcome;
import org.vcstoken.server.CreatedToken;
import org.vcstoken.server.ProbeResult;
import org.vcstoken.server.Rotation;
import org.vcstoken.server.RotationRefused;
import org.vcstoken.server.TokenSpec;
import org.vcstoken.server.VcsType;
import org.vcstoken.token.Role;
import org.vcstoken.token.Secret;
import org.vcstoken.token.Token;

/** GitLab's rotate endpoints as the family uses them, against the sandbox. */
class TokenRotationTest {
    @TempDir
    Path dir;
    GitLabFixture f;

    @AfterEach
    void tearDown() throws Exception {
        f.close();
    }

    private Rotation rotation() {
        return f.kind.rotation().orElseThrow();
    }

    /** A project token of alice/app made the way vcstoken makes it, as it would be stored. */
    private Token projectToken(IssuedGitLabToken api) throws Exception {
        CreatedToken made = ((ApiOutcome.Created) f.kind.apiCreation().orElseThrow().create(f.profile("alice"), "alice",
                Secret.of(api.token()), new TokenSpec("vcstoken", Duration.ofDays(30), "alice/app", Role.VCS))).token();
        return GitLabFixture.stored("t1", "alice", Role.VCS, "alice/app", made.secret(), made.serverId(),
                made.expires());
    }

    @Test
    void aProjectTokenIsRotatedUnderItsProjectWithTheApiTokenAndTheNewOneExpiresAsAsked() throws Exception {
        f = new GitLabFixture(dir, "17.9");
        IssuedGitLabToken api = f.personal("alice", "api");
        Token old = projectToken(api);
        Token apiToken = GitLabFixture.stored("k", "alice", Role.API, null, Secret.of(api.token()),
                "personal/" + api.id(), null);
        assertThat(rotation().canRotate(old, apiToken)).isTrue();
        assertThat(rotation().canRotate(old, null)).as("its own scopes cannot rotate it").isFalse();
        f.clock.advance(Duration.ofDays(28));

        CreatedToken next = rotation().rotate(f.profile("alice"), old, Secret.of(api.token()),
                f.clock.instant().plus(Duration.ofDays(30)));

        assertThat(next.expires()).isEqualTo(Instant.parse("2026-05-07T00:00:00Z"));
        assertThat(next.repo()).isEqualTo("alice/app");
        List<TokenView> tokens = f.gl.projectTokens("alice/app");
        assertThat(tokens).hasSize(2);
        assertThat(tokens.get(0).revoked()).isTrue();
        assertThat(tokens.get(1).active()).isTrue();
        assertThat(tokens.get(1).previousId()).isEqualTo(tokens.get(0).id());
        assertThat(tokens.get(1).expiresAt()).isEqualTo(LocalDate.parse("2026-05-07"));
        assertThat(next.serverId()).isEqualTo("project/" + f.gl.projectId("alice/app") + "/" + tokens.get(1).id());
        assertThat(f.kind.probe(f.profile("alice"), "alice/app", VcsType.GIT, "alice", next.secret()))
                .isEqualTo(ProbeResult.ACCEPTED);
        assertThat(f.kind.probe(f.profile("alice"), "alice/app", VcsType.GIT, "alice", old.secret()))
                .isEqualTo(ProbeResult.REJECTED);
    }

    @Test
    void theApiTokenRotatesItselfThroughSelfRotate() throws Exception {
        f = new GitLabFixture(dir, "17.9");
        IssuedGitLabToken api = f.personal("alice", "api");
        Token apiToken = GitLabFixture.stored("k", "alice", Role.API, null, Secret.of(api.token()),
                "personal/" + api.id(), null);
        assertThat(rotation().canRotate(apiToken, null)).isTrue();

        CreatedToken next = rotation().rotate(f.profile("alice"), apiToken, null,
                f.clock.instant().plus(Duration.ofDays(30)));

        assertThat(f.gl.token(api.id()).orElseThrow().revoked()).isTrue();
        assertThat(next.serverId()).startsWith("personal/").isNotEqualTo("personal/" + api.id());
        assertThat(f.kind.inspect(f.profile("alice"), "alice", next.secret()).opensApi()).isTrue();
    }

    @Test
    void aPersonalTokenPastedByAPersonIsFoundByItselfAndRotatedWithTheApiToken() throws Exception {
        f = new GitLabFixture(dir, "17.9");
        IssuedGitLabToken api = f.personal("alice", "api");
        IssuedGitLabToken pasted = f.personal("alice", "read_repository", "write_repository");
        Token t = GitLabFixture.stored("t2", "alice", Role.VCS, null, Secret.of(pasted.token()), null, null);

        CreatedToken next = rotation().rotate(f.profile("alice"), t, Secret.of(api.token()),
                f.clock.instant().plus(Duration.ofDays(30)));

        assertThat(f.gl.token(pasted.id()).orElseThrow().revoked()).isTrue();
        assertThat(f.gl.personalTokens("alice")).filteredOn(v -> v.previousId() != null && v.previousId() == pasted.id())
                .singleElement().satisfies(v -> assertThat(v.scopes()).containsExactly("read_repository",
                        "write_repository"));
        assertThat(next.repo()).isNull();
    }

    @Test
    void aRefusalIsARotationRefusedAndLeavesTheOldTokenWorking() throws Exception {
        f = new GitLabFixture(dir, "17.9");
        IssuedGitLabToken alicesApi = f.personal("alice", "api");
        Token old = projectToken(alicesApi);
        IssuedGitLabToken bobsApi = f.personal("bob", "api");

        assertThatThrownBy(() -> rotation().rotate(f.profile("bob"), old, Secret.of(bobsApi.token()),
                f.clock.instant().plus(Duration.ofDays(30)))).isInstanceOf(RotationRefused.class)
                .hasMessageStartingWith("GitLab answered 401");

        assertThat(f.kind.probe(f.profile("alice"), "alice/app", VcsType.GIT, "alice", old.secret()))
                .isEqualTo(ProbeResult.ACCEPTED);
        assertThat(f.gl.projectTokens("alice/app")).singleElement().satisfies(v -> assertThat(v.active()).isTrue());
    }

    @Test
    void beforeSelfRotationExistedTheApiTokensRotationIsRefusedNotLost() throws Exception {
        f = new GitLabFixture(dir, "16.9");
        IssuedGitLabToken api = f.personal("alice", "api");
        Token apiToken = GitLabFixture.stored("k", "alice", Role.API, null, Secret.of(api.token()),
                "personal/" + api.id(), null);

        assertThatThrownBy(() -> rotation().rotate(f.profile("alice"), apiToken, null,
                f.clock.instant().plus(Duration.ofDays(30)))).isInstanceOf(RotationRefused.class);
        assertThat(f.gl.token(api.id()).orElseThrow().active()).isTrue();
    }
}
