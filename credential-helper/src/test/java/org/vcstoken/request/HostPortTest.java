package org.vcstoken.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {

    @ParameterizedTest(name = "{0} -> {1} port {2}")
    @CsvSource({
            "example.com, example.com, -1",
            "example.com:8443, example.com, 8443",
            "example.com:1, example.com, 1",
            "example.com:65535, example.com, 65535",
            "example.com:00443, example.com, 443",
            "[::1], [::1], -1",
            "[::1]:8080, [::1], 8080",
            "[2001:db8::1]:443, [2001:db8::1], 443",
            "127.0.0.1:80, 127.0.0.1, 80",
    })
    void splitsHostAndPort(String text, String host, int port) {
        assertThat(HostPort.parse(text)).isEqualTo(new HostPort(host, port));
    }

    @Test
    void keepsTheHostAsGivenForOriginToNormalise() {
        assertThat(HostPort.parse("EXAMPLE.com:8080").host()).isEqualTo("EXAMPLE.com");
    }

    @ParameterizedTest
    @NullAndEmptySource
    void rejectsAMissingHost(String text) {
        assertThatThrownBy(() -> HostPort.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host is empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com:", "example.com:http", "example.com:-1", "example.com:+443",
            "example.com: 443", "example.com:443 ", "example.com:123456", "example.com:0x50", "[::1]:", "[::1]:abc",
            "example.com:４４３"})
    void rejectsPortsThatAreNotNumbers(String text) {
        assertThatThrownBy(() -> HostPort.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com:0", "example.com:65536", "example.com:99999", "[::1]:0"})
    void rejectsPortsOutOfRange(String text) {
        assertThatThrownBy(() -> HostPort.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("out of range");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[::1", "[::1]x", "[::1]]", "[::1]8080", "[::1]/x"})
    void rejectsMalformedIpv6Literals(String text) {
        assertThatThrownBy(() -> HostPort.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("IPv6 literal");
    }

    @Test
    void portErrorsDoNotEchoControlCharacters() {
        assertThatThrownBy(() -> HostPort.parse("example.com:4\n43"))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("\n");
    }
}
