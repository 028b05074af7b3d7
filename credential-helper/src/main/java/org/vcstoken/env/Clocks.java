package org.vcstoken.env;

import java.time.Clock;
import java.time.Duration;

/** The clock a process runs with. */
public final class Clocks {
    private Clocks() {
    }

    /**
     * The system clock in UTC, shifted by {@code VCSTOKEN_CLOCK_OFFSET} seconds when set. The offset
     * lets tests move a child process's idea of "now" past a token's expiry without waiting for it;
     * shifting it only changes which tokens vcstoken considers expired, never what a server accepts.
     */
    public static Clock from(Environment env) {
        String offset = env.variables().get("VCSTOKEN_CLOCK_OFFSET");
        if (offset == null || offset.isEmpty()) {
            return Clock.systemUTC();
        }
        try {
            return Clock.offset(Clock.systemUTC(), Duration.ofSeconds(Long.parseLong(offset.trim())));
        } catch (NumberFormatException e) {
            return Clock.systemUTC();
        }
    }
}
