package org.vcstoken.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.sandbox.Sandbox;
import org.vcstoken.sandbox.SandboxOptions;
import org.vcstoken.server.rhodecode.RhodeCodeKind;
import org.vcstoken.token.Origin;
import org.vcstoken.token.ScopePolicy;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;

class ServerKindsTest {
    private static ServerProfile profile(String kind) {
        return new ServerProfile(Origin.of("https", "code.example.com", -1), "", kind, "alice", ScopePolicy.REPO,
                null, null, false);
    }

    @Test
    void rhodecodeProfilesGetTheRhodeCodeKind() throws Exception {
        ServerKind k = ServerKinds.forProfile(profile("rhodecode"));
        assertThat(k).isInstanceOf(RhodeCodeKind.class);
        assertThat(k.id()).isEqualTo("rhodecode");
        assertThat(k.canCreateTokens()).isTrue();
    }

    @Test
    void genericProfilesCanOnlyProbe() throws Exception {
        ServerKind k = ServerKinds.forProfile(profile("generic"));
        assertThat(k.id()).isEqualTo("generic");
        assertThat(k.canCreateTokens()).isFalse();
        assertThat(k.knownTokens(profile("generic"), "alice", Secret.of("x".repeat(40)))).isEmpty();
        assertThatThrownBy(() -> k.login(profile("generic"), "alice", "pw".toCharArray()))
                .isInstanceOf(ServerException.class)
                .hasMessageContaining("cannot create tokens")
                .hasMessageContaining("vcstoken token add https://code.example.com --user alice");
    }

    @Test
    void anUnknownKindListsTheValidOnes() {
        assertThatThrownBy(() -> ServerKinds.forProfile(profile("gitlab")))
                .isInstanceOf(ServerException.class)
                .hasMessageContaining("unknown server kind 'gitlab'")
                .hasMessageContaining("valid kinds: rhodecode, generic");
    }

    @Test
    void theGenericKindChecksTokensWithThePlainVcsRequests(@TempDir Path dir) throws Exception {
        try (Sandbox sb = Sandbox.start(SandboxOptions.defaults(dir).withAuthCacheTtl(Duration.ZERO))) {
            sb.createUser("alice", "pw");
            sb.createRepo("app", "git", "alice");
            Secret t = Secret.of(sb.addToken("alice", "token_role_vcs", 60, "t", null).token());
            ServerProfile p = new ServerProfile(Origin.of("http", "127.0.0.1", sb.url().getPort()), "", "generic",
                    "alice", ScopePolicy.REPO, null, null, false);
            ServerKind k = ServerKinds.forProfile(p);
            assertThat(k.probe(p, "app", VcsType.GIT, "alice", t)).isEqualTo(ProbeResult.ACCEPTED);
            assertThat(k.probe(p, "app", VcsType.GIT, "alice", Secret.of("0".repeat(40))))
                    .isEqualTo(ProbeResult.REJECTED);
            assertThatThrownBy(() -> k.probe(p, "", VcsType.GIT, "alice", t))
                    .isInstanceOf(ServerException.class)
                    .hasMessageContaining("without a repository");
            assertThat(k.tokenPage(p).toString()).isEqualTo(sb.url() + "/");
        }
    }

    @Test
    void timeoutsMustBePositive() {
        assertThatThrownBy(() -> new HttpTransport(Duration.ZERO, Duration.ofSeconds(1), org.vcstoken.trace.Trace.off()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connectTimeout");
    }

    @Test
    void repositoryPathsArePercentEncodedSegmentBySegment() {
        assertThat(HttpTransport.encodePath("grp/my repo/ü#?")).isEqualTo("grp/my%20repo/%C3%BC%23%3F");
    }
}
