package org.vcstoken.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any host text either becomes a plain lower-case ASCII host or is refused; nothing else escapes. */
class OriginPropertyTest {

    @Provide
    Arbitrary<String> hosts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(70),
                Arbitraries.strings().withChars("aZ09.-_[]:%@/\\ \u00fc\u3002\uff0e\u00ad\u200b\u0000xn".toCharArray())
                        .ofMaxLength(30),
                Arbitraries.strings().withCharRange('0', '9').withChars('.').ofMaxLength(20).map(s -> "127." + s));
    }

    @Property(tries = 3000)
    void aHostIsNormalisedOrRefused(@ForAll("hosts") String host) {
        Throwable thrown = catchThrowable(() -> {
            Origin o = Origin.of("https", host, -1);
            assertThat(o.host()).matches("[a-z0-9.\\-]+|\\[[0-9a-f:.]+\\]");
            assertThat(Origin.of("https", o.host(), -1)).isEqualTo(o);
            if (o.isLoopback()) {
                assertThat(o.host()).matches("localhost|\\[::1\\]|127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
            }
        });
        assertThat(thrown).satisfiesAnyOf(
                t -> assertThat(t).isNull(),
                t -> assertThat(t).isExactlyInstanceOf(IllegalArgumentException.class));
    }
}
