package org.vcstoken.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RepoPathTest {

    @Test
    void treatsNullAndEmptyAsNoPath() {
        assertThat(RepoPath.normalise(null)).isEmpty();
        assertThat(RepoPath.normalise("")).isEmpty();
        assertThat(RepoPath.normalise("/")).isEmpty();
        assertThat(RepoPath.normalise("///")).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "repo, repo",
            "/repo, repo",
            "repo/, repo",
            "//group/repo//, group/repo",
            "group/sub/repo, group/sub/repo",
            "repo.git, repo",
            "/group/repo.git/, group/repo",
            "repo/.git, repo",
            "repo.github, repo.github",
            "repo.git.git, repo.git",
            "My Repo, My Repo",
            "Group/Repo, Group/Repo",
    })
    void dropsSlashesAndGitSuffix(String raw, String expected) {
        assertThat(RepoPath.normalise(raw)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "group%2Frepo, group/repo",
            "gr%6Fup/repo, group/repo",
            "%E6%97%A5%E6%9C%AC/repo, 日本/repo",
            "my%20repo, my repo",
            "repo%2Egit, repo",
    })
    void percentDecodesOnce(String raw, String expected) {
        assertThat(RepoPath.normalise(raw)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../repo", "group/../repo", "group/..", "./repo", "group/./repo", ".",
            "%2e%2e/repo", "%2E%2E", "group/%2e%2e/other", "%2e/repo", "..%2Fsecret", "group/..%2frepo",
            "..\u002f..\u002fetc"})
    void rejectsDotSegments(String raw) {
        assertThatThrownBy(() -> RepoPath.normalise(raw))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"group//repo", "a/b//c", "group/%2F/repo", "group%2F%2Frepo"})
    void rejectsEmptySegments(String raw) {
        assertThatThrownBy(() -> RepoPath.normalise(raw))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty segment");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%252e%252e/repo", "repo%2541", "%25", "100%25done"})
    void rejectsDoubleEncoding(String raw) {
        assertThatThrownBy(() -> RepoPath.normalise(raw))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("percent-encoded twice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%", "repo%", "repo%4", "repo%zz", "%g0", "%%", "repo%2"})
    void rejectsMalformedEscapes(String raw) {
        assertThatThrownBy(() -> RepoPath.normalise(raw))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed percent escape");
    }

    @ParameterizedTest
    @ValueSource(strings = {"repo\u0000", "re\npo", "re\rpo", "re\tpo", "re\u007fpo", "repo%00", "repo%0a",
            "repo%0D", "%1b[31m", "repo%7F", "repo%C2%85", "repo%C2%9B31m", "repo\u0085"})
    void rejectsControlCharacters(String raw) {
        assertThatThrownBy(() -> RepoPath.normalise(raw))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("control character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"group\\repo", "..\\repo", "group%5Crepo", "group%5c..%5crepo"})
    void rejectsBackslashes(String raw) {
        assertThatThrownBy(() -> RepoPath.normalise(raw))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backslash");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%C3%28", "%FF", "%C0%AE%C0%AE/repo", "%ED%A0%80"})
    void rejectsBytesThatAreNotUtf8(String raw) {
        assertThatThrownBy(() -> RepoPath.normalise(raw))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("UTF-8");
    }
}
