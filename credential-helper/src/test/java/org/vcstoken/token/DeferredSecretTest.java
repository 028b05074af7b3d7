package org.vcstoken.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A secret kept in a keyring is loaded on first use, once, and never for display or comparison of places. */
class DeferredSecretTest {
    private static final String VALUE = "rc-token-0123456789abcdef";

    /** Counts its loads; equal by name, as the real loaders are equal by back end and key. */
    private static final class Counting implements Secret.Loader {
        private final String name;
        private final AtomicInteger loads;
        private final String value;

        Counting(String name, AtomicInteger loads, String value) {
            this.name = name;
            this.loads = loads;
            this.value = value;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Counting c && c.name.equals(name);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }

        @Override
        public String load() {
            loads.incrementAndGet();
            if (value == null) {
                throw new Secret.UnavailableException("the keyring is locked");
            }
            return value;
        }
    }

    @Test
    void loadsOnFirstRevealAndOnlyOnce() {
        AtomicInteger loads = new AtomicInteger();
        Secret s = Secret.deferred("pass", new Counting("a", loads, VALUE));

        assertThat(s.isLoaded()).isFalse();
        assertThat(s.reveal()).isEqualTo(VALUE);
        assertThat(s.matches(VALUE)).isTrue();
        assertThat(s.matches("other")).isFalse();
        assertThat(s.reveal()).isEqualTo(VALUE);
        assertThat(loads).hasValue(1);
        assertThat(s.backend()).isEqualTo("pass");
    }

    @Test
    void printingAndComparingNeverLoad() {
        AtomicInteger loads = new AtomicInteger();
        Secret s = Secret.deferred("secret-service", new Counting("a", loads, VALUE));
        Secret same = Secret.deferred("secret-service", new Counting("a", new AtomicInteger(), VALUE));

        assertThat(s.toString()).isEqualTo("****");
        assertThat(s).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(s).isNotEqualTo(Secret.deferred("pass", new Counting("a", new AtomicInteger(), VALUE)));
        assertThat(s).isNotEqualTo(Secret.deferred("secret-service", new Counting("b", new AtomicInteger(), VALUE)));
        assertThat(loads).hasValue(0);
    }

    @Test
    void aHeldAndADeferredSecretAreNeverEqualSoMovingASecretIsAChange() {
        Secret held = Secret.of(VALUE);
        Secret deferred = Secret.deferred("pass", new Counting("a", new AtomicInteger(), VALUE));

        assertThat(held).isNotEqualTo(deferred);
        assertThat(deferred).isNotEqualTo(held);
        assertThat(held.backend()).isNull();
    }

    @Test
    void anUnavailableBackEndFailsEveryUseWithItsMessageAndRetries() {
        AtomicInteger loads = new AtomicInteger();
        Secret s = Secret.deferred("secret-service", new Counting("a", loads, null));

        assertThatThrownBy(s::reveal).isInstanceOf(Secret.UnavailableException.class).hasMessage("the keyring is locked");
        assertThatThrownBy(() -> s.matches(VALUE)).isInstanceOf(Secret.UnavailableException.class);
        assertThat(loads).hasValue(2);
        assertThat(s.isLoaded()).isFalse();
    }

    @Test
    void aLoadedValueWithAControlCharacterIsRefusedWithoutShowingIt() {
        Secret s = Secret.deferred("pass", new Counting("a", new AtomicInteger(), "abc\u0007def"));

        assertThatThrownBy(s::reveal).isInstanceOf(Secret.UnavailableException.class)
                .hasMessageContaining("pass").hasMessageNotContaining("abc");
    }
}
