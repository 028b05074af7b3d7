package org.vcstoken.server.rhodecode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.sandbox.web.Edition;
import org.vcstoken.sandbox.IssuedToken;
import org.vcstoken.sandbox.Sandbox;
import org.vcstoken.server.ProbeResult;
import org.vcstoken.server.ServerException;
import org.vcstoken.server.VcsType;
import org.vcstoken.token.Origin;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;

class RhodeCodeProbeTest {
    @TempDir
    static Path dir;
    static Sandbox sb;
    static ServerProfile alice;
    static Secret aliceVcs;
    static final RhodeCodeKind KIND = Sandboxes.kind();

    @BeforeAll
    static void startSandbox() throws Exception {
        sb = Sandboxes.start(dir, Edition.EE);
        sb.createUser("alice", "alice-pw");
        sb.createUser("bob", "bob-pw");
        sb.createRepo("grp/app", "git", "alice");
        sb.createRepo("private", "git", "bob");
        aliceVcs = Secret.of(sb.addToken("alice", "token_role_vcs", 60, "vcs", null).token());
        alice = Sandboxes.profile(sb, "alice");
    }

    @AfterAll
    static void stopSandbox() {
        if (sb != null) {
            sb.close();
        }
    }

    @Test
    void gitProbeAcceptsTheOwnersVcsToken() throws Exception {
        assertThat(KIND.probe(alice, "grp/app", VcsType.GIT, "alice", aliceVcs)).isEqualTo(ProbeResult.ACCEPTED);
    }

    @Test
    void gitProbeRejectsAWrongTokenAndTheRightTokenUnderAnotherName() throws Exception {
        assertThat(KIND.probe(alice, "grp/app", VcsType.GIT, "alice", Secret.of("0".repeat(40))))
                .isEqualTo(ProbeResult.REJECTED);
        assertThat(KIND.probe(alice, "grp/app", VcsType.GIT, "Alice", aliceVcs)).isEqualTo(ProbeResult.REJECTED);
    }

    @Test
    void gitProbeRejectsATokenScopedToAnotherRepository() throws Exception {
        sb.createRepo("grp/other", "git", "alice");
        Secret scoped = Secret.of(sb.addToken("alice", "token_role_vcs", 60, "scoped", "grp/other").token());
        assertThat(KIND.probe(alice, "grp/other", VcsType.GIT, "alice", scoped)).isEqualTo(ProbeResult.ACCEPTED);
        assertThat(KIND.probe(alice, "grp/app", VcsType.GIT, "alice", scoped)).isEqualTo(ProbeResult.REJECTED);
    }

    @Test
    void gitProbeIsForbiddenWhenTheAccountMayNotReadTheRepository() throws Exception {
        assertThat(KIND.probe(alice, "private", VcsType.GIT, "alice", aliceVcs)).isEqualTo(ProbeResult.FORBIDDEN);
    }

    @Test
    void gitProbeReportsAMissingRepositoryAsNotFound() throws Exception {
        assertThat(KIND.probe(alice, "no/such/repo", VcsType.GIT, "alice", aliceVcs)).isEqualTo(ProbeResult.NOT_FOUND);
    }

    @Test
    void gitProbeRejectsAnExpiredToken() throws Exception {
        Secret s = Secret.of(sb.addToken("alice", "token_role_vcs", 5, "short", null).token());
        assertThat(KIND.probe(alice, "grp/app", VcsType.GIT, "alice", s)).isEqualTo(ProbeResult.ACCEPTED);
        Instant now = sb.now();
        try {
            sb.setTime(now.plus(Duration.ofMinutes(6)));
            assertThat(KIND.probe(alice, "grp/app", VcsType.GIT, "alice", s)).isEqualTo(ProbeResult.REJECTED);
        } finally {
            sb.setTime(now);
        }
    }

    @Test
    void gitProbeRejectsATokenDeletedOnTheServer() throws Exception {
        IssuedToken t = sb.addToken("alice", "token_role_vcs", 5, "short", null);
        Secret s = Secret.of(t.token());
        assertThat(KIND.probe(alice, "grp/app", VcsType.GIT, "alice", s)).isEqualTo(ProbeResult.ACCEPTED);
        sb.deleteToken(t.id());
        assertThat(KIND.probe(alice, "grp/app", VcsType.GIT, "alice", s)).isEqualTo(ProbeResult.REJECTED);
    }

    @Test
    void hgProbeAcceptsRejectsAndReportsMissingRepositories() throws Exception {
        Backends.requireHg(sb);
        sb.createRepo("hgrepo", "hg", "alice");
        assertThat(KIND.probe(alice, "hgrepo", VcsType.HG, "alice", aliceVcs)).isEqualTo(ProbeResult.ACCEPTED);
        assertThat(KIND.probe(alice, "hgrepo", VcsType.HG, "alice", Secret.of("1".repeat(40))))
                .isEqualTo(ProbeResult.REJECTED);
        assertThat(KIND.probe(alice, "no-hg", VcsType.HG, "alice", aliceVcs)).isEqualTo(ProbeResult.NOT_FOUND);
        sb.createRepo("bobs-hg", "hg", "bob");
        assertThat(KIND.probe(alice, "bobs-hg", VcsType.HG, "alice", aliceVcs)).isEqualTo(ProbeResult.FORBIDDEN);
    }

    @Test
    void svnProbeAcceptsRejectsAndReportsMissingRepositories() throws Exception {
        Backends.requireSvn(sb);
        sb.createRepo("svnrepo", "svn", "alice");
        assertThat(KIND.probe(alice, "svnrepo", VcsType.SVN, "alice", aliceVcs)).isEqualTo(ProbeResult.ACCEPTED);
        assertThat(KIND.probe(alice, "svnrepo", VcsType.SVN, "alice", Secret.of("2".repeat(40))))
                .isEqualTo(ProbeResult.REJECTED);
        assertThat(KIND.probe(alice, "no-svn", VcsType.SVN, "alice", aliceVcs)).isEqualTo(ProbeResult.NOT_FOUND);
        sb.createRepo("bobs-svn", "svn", "bob");
        assertThat(KIND.probe(alice, "bobs-svn", VcsType.SVN, "alice", aliceVcs)).isEqualTo(ProbeResult.FORBIDDEN);
    }

    @Test
    void serverProbeWithoutRepositoryAsksTheApiForAnApiToken() throws Exception {
        Secret api = Secret.of(sb.addToken("alice", "token_role_api", 60, "api", null).token());
        assertThat(KIND.probe(alice, "", VcsType.GIT, "alice", api)).isEqualTo(ProbeResult.ACCEPTED);
        assertThat(KIND.probe(alice, "", VcsType.GIT, "bob", api)).isEqualTo(ProbeResult.REJECTED);
        assertThat(KIND.probe(alice, "", VcsType.GIT, "alice", Secret.of("3".repeat(40))))
                .isEqualTo(ProbeResult.REJECTED);
    }

    @Test
    void serverProbeWithoutRepositoryAsksForOneWhenTheTokenIsVcsOnly() {
        assertThatThrownBy(() -> KIND.probe(alice, "", VcsType.GIT, "alice", aliceVcs))
                .isInstanceOf(ServerException.class)
                .hasMessageContaining("give a repository URL")
                .hasMessageNotContaining(aliceVcs.reveal());
    }

    @Test
    void refusesToSendATokenOverPlainHttpToAnotherHost() {
        ServerProfile remote = ServerProfile.withDefaults(Origin.of("http", "example.invalid", 80), "", "alice");
        assertThatThrownBy(() -> KIND.probe(remote, "grp/app", VcsType.GIT, "alice", aliceVcs))
                .isInstanceOf(ServerException.class)
                .hasMessageContaining("plain http")
                .hasMessageContaining("--allow-http");
    }

    @Test
    void tokenPageIsTheVcsRoleTokenPage() {
        assertThat(KIND.tokenPage(alice, null).uri().toString())
                .isEqualTo(sb.url() + "/_admin/my_account/auth_tokens?token_role=token_role_vcs");
    }
}
