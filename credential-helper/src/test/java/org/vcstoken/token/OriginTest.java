package org.vcstoken.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OriginTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "127.255.255.255", "127.0.0.001", "localhost", "LOCALHOST",
            "localhost.", "[::1]", "[0:0::1]", "[0000:0000:0000:0000:0000:0000:0000:0001]", "[::0:1]"})
    void treatsLoopbackHostsAsLoopback(String host) {
        assertThat(Origin.of("http", host, -1).isLoopback()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1.evil.com", "0x7f000001", "2130706433", "1.2.3.4", "128.0.0.1", "127.0.0",
            "127.0.0.1.1", "127.256.0.1", "127.0.0.1000", "localhost.evil.com", "evil-localhost", "127.1",
            "[::2]", "[::ffff:7f00:1]", "0177.0.0.1", "10.0.0.1"})
    void treatsOtherHostsAsRemote(String host) {
        assertThat(Origin.of("http", host, -1).isLoopback()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"exa mple.com", "example.com/", "exa_mple.com", "a@b", "example.com:80", "ex\u0000ample",
            "ex\nample.com", "[::1", "[]", "[::1]x", "[fe80::1%eth0]", "[::g]", "[1::2::3]", "[1:2:3:4:5:6:7:8:9]", "[12345::]",
            "[::1.2.3]", "[::256.1.1.1]", "[::01.1.1.1]", "[1:2:3:4:5:6:7::8]", "[:1::2]", "[1::2:]", "[:::]", "ex\\ample.com", "%2e", ".", "..", "a..b", ".example.com", "example.com..",
            "127..", "-a.com", "a-.com", "a.-b.com", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com"})
    void refusesInvalidHosts(String host) {
        assertThatThrownBy(() -> Origin.of("https", host, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsLabelsUpToSixtyThreeCharactersAndInnerHyphens() {
        String label = "a".repeat(63);
        assertThat(Origin.of("https", label + ".com", -1).host()).isEqualTo(label + ".com");
        assertThat(Origin.of("https", "my-host.ex-ample.com", -1).host()).isEqualTo("my-host.ex-ample.com");
    }

    @Test
    void refusesAnEmptyOrMissingHost() {
        assertThatThrownBy(() -> Origin.of("https", "", -1)).hasMessageContaining("host is empty");
        assertThatThrownBy(() -> Origin.of("https", null, -1)).hasMessageContaining("host is empty");
    }

    @Test
    void invalidHostMessagesReplaceControlCharacters() {
        assertThatThrownBy(() -> Origin.of("https", "a\nb c", -1))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("\n");
    }

    @Test
    void lowerCasesHostAndScheme() {
        assertThat(Origin.of("HTTPS", "Example.COM", -1)).isEqualTo(new Origin("https", "example.com", 443));
        assertThat(Origin.of("http", "[FE80::1]", 8080).host()).isEqualTo("[fe80::1]");
    }

    @Test
    void dropsTheTrailingDotOfAFullyQualifiedName() {
        assertThat(Origin.of("https", "example.com.", -1)).isEqualTo(Origin.of("https", "example.com", -1));
    }

    @Test
    void convertsIdnToAscii() {
        assertThat(Origin.of("https", "Bücher.example", -1).host()).isEqualTo("xn--bcher-kva.example");
    }

    @Test
    void fillsInTheDefaultPort() {
        assertThat(Origin.of("https", "h", -1).port()).isEqualTo(443);
        assertThat(Origin.of("http", "h", -1).port()).isEqualTo(80);
    }

    @Test
    void refusesSchemesOtherThanHttpAndHttps() {
        assertThatThrownBy(() -> Origin.of("ftp", "h", -1)).hasMessageContaining("unsupported scheme");
        assertThatThrownBy(() -> Origin.of(null, "h", -1)).hasMessageContaining("unsupported scheme");
        assertThatThrownBy(() -> new Origin("HTTPS", "h", 443)).hasMessageContaining("unsupported scheme");
    }

    @Test
    void refusesPortsOutOfRange() {
        assertThatThrownBy(() -> Origin.of("https", "h", 0)).hasMessageContaining("out of range");
        assertThatThrownBy(() -> Origin.of("https", "h", 65536)).hasMessageContaining("out of range");
    }

    @Test
    void writesTheUrlTheWayGitDoes() {
        assertThat(Origin.of("https", "h", 443).url()).isEqualTo("https://h");
        assertThat(Origin.of("https", "h", 8443).url()).isEqualTo("https://h:8443");
        assertThat(Origin.of("http", "h", 443).url()).isEqualTo("http://h:443");
        assertThat(Origin.of("https", "h", 8443).hostAndPort()).isEqualTo("h:8443");
    }

    @Test
    void originsDifferWhenSchemeOrPortDiffer() {
        assertThat(Origin.of("https", "h", -1)).isNotEqualTo(Origin.of("http", "h", 443));
        assertThat(Origin.of("https", "h", -1)).isNotEqualTo(Origin.of("https", "h", 8443));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
            "[::1], [::1]",
            "[0:0::1], [::1]",
            "[0:0:0:0:0:0:0:1], [::1]",
            "[2001:DB8::0001], [2001:db8::1]",
            "[2001:db8:0:0:1:0:0:1], [2001:db8::1:0:0:1]",
            "[2001:0:0:1:0:0:0:1], [2001:0:0:1::1]",
            "[2001:db8:0:1:1:1:1:1], [2001:db8:0:1:1:1:1:1]",
            "[::ffff:192.0.2.1], [::ffff:c000:201]",
            "[::], [::]",
            "[1::], [1::]"})
    void everySpellingOfAnIpv6AddressIsOneOrigin(String spelled, String canonical) {
        assertThat(Origin.of("https", spelled, -1).host()).isEqualTo(canonical);
        assertThat(Origin.of("https", spelled, 8443)).isEqualTo(Origin.of("https", canonical, 8443));
    }
}
