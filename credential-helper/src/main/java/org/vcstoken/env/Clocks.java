package org.vcstoken.env;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.vcstoken.messages.Messages;

/** The clock a process runs with. */
public final class Clocks {
    private Clocks() {
    }

    /**
     * The system clock in UTC, shifted by {@code VCSTOKEN_CLOCK_OFFSET} seconds when set. The offset
     * lets tests move a child process's idea of "now" past a token's expiry without waiting for it;
     * shifting it only changes which tokens vcstoken considers expired, never what a server accepts.
     * Because it can get tokens that still work replaced, every process it is in effect in says so
     * on {@code err}, in one line.
     */
    public static Clock from(Environment env, PrintStream err) {
        String offset = env.variables().get("VCSTOKEN_CLOCK_OFFSET");
        if (offset == null || offset.isEmpty()) {
            return SystemUtc.INSTANCE;
        }
        long seconds;
        try {
            seconds = Long.parseLong(offset.trim());
        } catch (NumberFormatException e) {
            err.println(Messages.warning(Messages.clockOffsetIgnored()));
            return SystemUtc.INSTANCE;
        }
        if (seconds == 0) {
            return SystemUtc.INSTANCE;
        }
        err.println(Messages.warning(Messages.clockOffset(seconds)));
        return Clock.offset(Clock.systemUTC(), Duration.ofSeconds(seconds));
    }

    /**
     * The system clock in UTC, to the millisecond. Unlike {@link Clock#systemUTC()} it loads and
     * sets up ZoneOffset and ZoneId (tables built at class initialisation, on every credential
     * helper start) only when someone asks for its zone, which a credential lookup never does.
     */
    static final class SystemUtc extends Clock {
        static final SystemUtc INSTANCE = new SystemUtc();

        private SystemUtc() {
        }

        @Override
        public ZoneId getZone() {
            // Through Clock, not ZoneOffset.UTC: naming ZoneOffset here makes the JVM load it (and
            // its interfaces) when it links this class, to check that it is a ZoneId.
            return Clock.systemUTC().getZone();
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return Clock.system(zone);
        }

        @Override
        public long millis() {
            return System.currentTimeMillis();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(System.currentTimeMillis());
        }
    }
}
