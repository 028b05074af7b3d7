package org.vcstoken.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The store's hand-written time parsing agrees with the JDK's on every instant it accepts. */
class IsoTimeTest {
    @Property(tries = 2000)
    void instantsAgreeWithTheJdk(@ForAll @LongRange(min = -62_167_219_200L, max = 253_402_300_799L) long second,
            @ForAll @IntRange(min = 0, max = 999_999_999) int nanos, @ForAll boolean whole) {
        Instant expected = Instant.ofEpochSecond(second, whole ? 0 : nanos);
        String text = expected.toString(); // 0000-01-01T00:00:00Z .. 9999-12-31T23:59:59.999999999Z
        assertThat(IsoTime.instant(text)).as(text).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-04-31T00:00:00Z", "2026-01-01T00:60:00Z", "2026-01-01T00:00:60Z", "2026-00-10T00:00:00Z", "2026-01-00T00:00:00Z", "1900-02-29T00:00:00Z",
"2026-01-01 00:00:00Z", "yesterday"})
    void impossibleOrMalformedTimesAreRefused(String text) {
        assertThatThrownBy(() -> IsoTime.instant(text)).isInstanceOf(DateTimeException.class);
    }

    @Property(tries = 200)
    void leapDaysOfLeapYearsAreAccepted(@ForAll @IntRange(min = 0, max = 2499) int quad) {
        int year = quad * 4;
        String text = String.format("%04d-02-29T12:00:00Z", year);
        boolean leap = year % 100 != 0 || year % 400 == 0;
        if (leap) {
            assertThat(IsoTime.instant(text)).isEqualTo(Instant.parse(text));
        } else {
            assertThatThrownBy(() -> IsoTime.instant(text)).isInstanceOf(DateTimeException.class);
        }
    }

    @Property(tries = 500)
    void durationsAgreeWithTheJdk(@ForAll @LongRange(min = 0, max = 100_000_000L) long seconds) {
        Duration d = Duration.ofSeconds(seconds);
        assertThat(IsoTime.duration(d.toString())).isEqualTo(d);
    }
}
