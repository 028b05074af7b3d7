package org.vcstoken.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClocksTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Clock clock(Map<String, String> variables) {
        return Clocks.from(new Environment(variables), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutTheOffsetTheClockIsTheSystemClockAndNothingIsSaid() {
        Instant before = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Instant now = clock(Map.of()).instant();

        assertThat(now).isBetween(before, Instant.now());
        assertThat(err()).isEmpty();
    }

    @Test
    void anOffsetMovesTheClockAndSaysSoInOneWarningLine() {
        Instant before = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Instant now = clock(Map.of("VCSTOKEN_CLOCK_OFFSET", "14400")).instant();

        assertThat(now).isBetween(before.plus(Duration.ofHours(4)), Instant.now().plus(Duration.ofHours(4)));
        assertThat(err()).isEqualTo("vcstoken: warning: VCSTOKEN_CLOCK_OFFSET=14400 runs vcstoken's clock 14400 s ahead"
                + " (a test setting): tokens may count as expired, and be replaced, while the server still accepts them;"
                + " unset it unless you are testing" + System.lineSeparator());
    }

    @Test
    void aNegativeOffsetRunsTheClockBehind() {
        Instant before = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Instant now = clock(Map.of("VCSTOKEN_CLOCK_OFFSET", " -60 ")).instant();

        assertThat(now).isBetween(before.minusSeconds(60), Instant.now().minusSeconds(60));
        assertThat(err().lines()).singleElement().asString().contains("VCSTOKEN_CLOCK_OFFSET=-60", "60 s behind");
    }

    @Test
    void aZeroOffsetChangesNothingAndSaysNothing() {
        Instant before = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);

        assertThat(clock(Map.of("VCSTOKEN_CLOCK_OFFSET", "0")).instant()).isBetween(before, Instant.now());
        assertThat(err()).isEmpty();
    }

    @Test
    void anOffsetThatIsNotANumberIsIgnoredWithOneWarningLine() {
        Instant before = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);

        assertThat(clock(Map.of("VCSTOKEN_CLOCK_OFFSET", "4h")).instant()).isBetween(before, Instant.now());
        assertThat(err()).isEqualTo("vcstoken: warning: VCSTOKEN_CLOCK_OFFSET is not a whole number of seconds; it is "
                + "ignored (unset it)" + System.lineSeparator());
    }
}
