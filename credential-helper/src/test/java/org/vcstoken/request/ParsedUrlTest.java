package org.vcstoken.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.vcstoken.token.Origin;

class ParsedUrlTest {

    @Test
    void splitsAPlainUrl() {
        ParsedUrl u = ParsedUrl.parse("https://example.com/group/repo.git");
        assertThat(u.origin()).isEqualTo(new Origin("https", "example.com", 443));
        assertThat(u.path()).isEqualTo("group/repo");
        assertThat(u.username()).isNull();
        assertThat(u.hadPassword()).isFalse();
    }

    @Test
    void takesTheUserNameFromUserInfo() {
        ParsedUrl u = ParsedUrl.parse("https://alice@example.com/repo");
        assertThat(u.username()).isEqualTo("alice");
        assertThat(u.hadPassword()).isFalse();
        assertThat(u.origin().host()).isEqualTo("example.com");
    }

    @Test
    void notesButNeverKeepsAPasswordInUserInfo() {
        ParsedUrl u = ParsedUrl.parse("https://alice:s3cr3t-value@example.com/repo");
        assertThat(u.username()).isEqualTo("alice");
        assertThat(u.hadPassword()).isTrue();
        assertThat(u.toString()).doesNotContain("s3cr3t-value");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://ci:TOP/SECRET@code.example.com/group/repo", "https://ci:TOP?SECRET@code.example.com",
        "ci:TOPSECRET@code.example.com/group/repo", "https://ci:TOP#SECRET@code.example.com"})
    void aPasswordWithASlashOrNoSchemeIsNeverQuotedInTheError(String url) {
        assertThatThrownBy(() -> ParsedUrl.parse(url)).isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("TOP").doesNotContain("SECRET"));
    }

    @Test
    void emptyPasswordStillCountsAsAPassword() {
        ParsedUrl u = ParsedUrl.parse("https://alice:@example.com/");
        assertThat(u.username()).isEqualTo("alice");
        assertThat(u.hadPassword()).isTrue();
    }

    @Test
    void percentDecodesTheUserName() {
        assertThat(ParsedUrl.parse("https://alice%40corp@example.com/").username()).isEqualTo("alice@corp");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://a%0Ab@example.com/", "https://a%0Dpassword=x@example.com/",
            "https://a%00@example.com/", "https://a%1B[2J@example.com/"})
    void refusesControlCharactersInTheUserName(String url) {
        // A decoded newline would smuggle a line into the git credential protocol (cf. CVE-2020-5260).
        assertThatThrownBy(() -> ParsedUrl.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("control character");
    }

    @Test
    void emptyUserNameIsNoUserName() {
        assertThat(ParsedUrl.parse("https://@example.com/repo").username()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "https://example.com/repo?x=1, repo",
            "https://example.com/repo#frag, repo",
            "https://example.com/repo?x=/../../etc#y, repo",
            "https://example.com?x=1, ''",
            "https://example.com#frag, ''",
            "https://example.com, ''",
            "https://example.com/, ''",
    })
    void dropsQueryAndFragment(String url, String path) {
        assertThat(ParsedUrl.parse(url).path()).isEqualTo(path);
    }

    @Test
    void convertsIdnHostsToPunycode() {
        assertThat(ParsedUrl.parse("https://bücher.example/repo").origin().host()).isEqualTo("xn--bcher-kva.example");
    }

    @Test
    void lowerCasesHostAndScheme() {
        assertThat(ParsedUrl.parse("HTTPS://Example.COM/Repo").origin())
                .isEqualTo(new Origin("https", "example.com", 443));
        assertThat(ParsedUrl.parse("HTTPS://Example.COM/Repo").path()).isEqualTo("Repo");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "https://example.com/r, 443",
            "https://example.com:443/r, 443",
            "http://example.com/r, 80",
            "http://example.com:80/r, 80",
            "https://example.com:8443/r, 8443",
    })
    void makesTheDefaultPortExplicit(String url, int port) {
        assertThat(ParsedUrl.parse(url).origin().port()).isEqualTo(port);
    }

    @Test
    void defaultPortWrittenOrNotGivesTheSameOrigin() {
        assertThat(ParsedUrl.parse("https://example.com:443/r").origin())
                .isEqualTo(ParsedUrl.parse("https://example.com/r").origin());
    }

    @Test
    void aHostWithTheTrustedNameAsPrefixIsAnotherHost() {
        assertThat(ParsedUrl.parse("https://example.com.evil.org/repo").origin().host())
                .isEqualTo("example.com.evil.org");
    }

    @Test
    void theHostIsWhatFollowsTheAtSign() {
        ParsedUrl u = ParsedUrl.parse("https://evil.org@example.com/repo");
        assertThat(u.origin().host()).isEqualTo("example.com");
        assertThat(u.username()).isEqualTo("evil.org");
    }

    @Test
    void aTrustedHostInUserInfoDoesNotMakeTheUrlGoThere() {
        ParsedUrl u = ParsedUrl.parse("https://example.com:443@evil.org/repo");
        assertThat(u.origin()).isEqualTo(new Origin("https", "evil.org", 443));
        assertThat(u.username()).isEqualTo("example.com");
        assertThat(u.hadPassword()).isTrue();
    }

    @Test
    void anAtSignAfterThePathDoesNotChangeTheHost() {
        assertThat(ParsedUrl.parse("https://example.com/evil.org@x/repo").origin().host()).isEqualTo("example.com");
        assertThat(ParsedUrl.parse("https://example.com?@evil.org").origin().host()).isEqualTo("example.com");
        assertThat(ParsedUrl.parse("https://example.com#@evil.org").origin().host()).isEqualTo("example.com");
    }

    @Test
    void parsesIpv6Hosts() {
        assertThat(ParsedUrl.parse("http://[::1]:8080/repo").origin()).isEqualTo(new Origin("http", "[::1]", 8080));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "example.com/repo", "://example.com", "ftp://example.com/", "ssh://example.com/r",
            "https://", "https:///repo", "https://exa mple.com/", "https://example.com:/", "https://example.com:99999/",
            "https://ex%61mple.com/", "https://example.com/../etc", "https://example.com/a//b",
            "https://example.com/%252e%252e", "file:///etc/passwd", "https://[::1/", "https://a@b:c@/"})
    void refusesUrlsItCannotReadWithoutGuessing(String url) {
        assertThatThrownBy(() -> ParsedUrl.parse(url)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errorMessagesDoNotEchoThePassword() {
        assertThatThrownBy(() -> ParsedUrl.parse("https://alice:s3cr3t-value@exa mple.com/"))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("s3cr3t-value");
    }
}
