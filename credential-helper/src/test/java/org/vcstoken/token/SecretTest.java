package org.vcstoken.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretTest {
    private static final String VALUE = "rc-token-0123456789abcdef";

    @Test
    void neverShowsItsValueInToString() {
        Secret s = Secret.of(VALUE);
        assertThat(s.toString()).doesNotContain(VALUE).doesNotContain("0123");
        assertThat(String.valueOf(s)).isEqualTo("****");
    }

    @Test
    void matchesOnlyTheExactValue() {
        Secret s = Secret.of(VALUE);
        assertThat(s.matches(VALUE)).isTrue();
        assertThat(s.matches(VALUE + "x")).isFalse();
        assertThat(s.matches(VALUE.substring(1))).isFalse();
        assertThat(s.matches(VALUE.toUpperCase())).isFalse();
        assertThat(s.matches(null)).isFalse();
    }

    @Test
    void equalSecretsAreEqual() {
        assertThat(Secret.of(VALUE)).isEqualTo(Secret.of(VALUE)).hasSameHashCodeAs(Secret.of(VALUE));
        assertThat(Secret.of(VALUE)).isNotEqualTo(Secret.of(VALUE + "1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc\n", "a\rb", "\u0000", "a\tb", "x\u007f"})
    void refusesControlCharactersWithoutEchoingTheValue(String value) {
        assertThatThrownBy(() -> Secret.of(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("secret contains a control character");
    }

    @Test
    void refusesEmptySecrets() {
        assertThatThrownBy(() -> Secret.of("")).hasMessage("secret is empty");
        assertThatThrownBy(() -> Secret.of(null)).hasMessage("secret is empty");
    }

    @Test
    void tokenToStringNeverShowsTheSecret() {
        Token t = new Token("id1", "https://h", "u", Role.VCS, "g/r", null, "d", java.time.Instant.EPOCH,
                TokenOrigin.MANUAL, null, null, Secret.of(VALUE));
        assertThat(t.toString()).doesNotContain(VALUE).contains("id1");
    }
}
