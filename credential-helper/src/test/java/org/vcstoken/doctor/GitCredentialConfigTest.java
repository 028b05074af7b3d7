package org.vcstoken.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.vcstoken.token.Origin;
import org.vcstoken.token.ScopePolicy;
import org.vcstoken.token.ServerProfile;

/** Which {@code credential.URL.*} settings git applies to a server's repositories. */
class GitCredentialConfigTest {
    static ServerProfile server(String host, int port, String prefix) {
        return new ServerProfile(Origin.of("https", host, port), prefix, "rhodecode", "alice", ScopePolicy.REPO,
                Duration.ofDays(30), null, false);
    }

    @Test
    void aPatternMatchesTheSameSchemeHostAndPortAndAPathPrefix() {
        ServerProfile rc = server("code.example.com", -1, "rhodecode");

        assertThat(GitCredentialConfig.urlMatches("https://code.example.com", rc)).isTrue();
        assertThat(GitCredentialConfig.urlMatches("https://code.example.com:443/rhodecode", rc)).isTrue();
        assertThat(GitCredentialConfig.urlMatches("https://CODE.example.com/rhodecode/", rc)).isTrue();
        assertThat(GitCredentialConfig.urlMatches("http://code.example.com", rc)).as("another scheme").isFalse();
        assertThat(GitCredentialConfig.urlMatches("https://code.example.com:8443", rc)).as("another port").isFalse();
        assertThat(GitCredentialConfig.urlMatches("https://code.example.com/rhode", rc)).as("not a segment prefix").isFalse();
        assertThat(GitCredentialConfig.urlMatches("https://code.example.com/other", rc)).isFalse();
        assertThat(GitCredentialConfig.urlMatches("not a url at all", rc)).isFalse();
    }

    @Test
    void aPatternForOneRepositoryOfTheServerApplies() {
        assertThat(GitCredentialConfig.urlMatches("https://code.example.com/rhodecode/group/app",
                server("code.example.com", -1, "rhodecode"))).isTrue();
        assertThat(GitCredentialConfig.urlMatches("https://code.example.com/group/app",
                server("code.example.com", -1, ""))).isTrue();
    }

    @Test
    void aPatternWithoutSchemeOrWithAWildcardLabelMatchesAsGitDoes() {
        ServerProfile s = server("code.example.com", -1, "");

        assertThat(GitCredentialConfig.urlMatches("code.example.com", s)).isTrue();
        assertThat(GitCredentialConfig.urlMatches("https://*.example.com", s)).isTrue();
        assertThat(GitCredentialConfig.urlMatches("https://c*.example.com", s)).isTrue();
        assertThat(GitCredentialConfig.urlMatches("https://*.example.com", server("a.code.example.com", -1, "")))
                .as("one label only").isFalse();
        assertThat(GitCredentialConfig.urlMatches("https://*.example.org", s)).isFalse();
    }
}
