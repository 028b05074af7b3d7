package org.vcstoken.token;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.vcstoken.messages.InputMessages;

/** Parses the lifetimes and dates people type: {@code 30d}, {@code 12h}, {@code 2w}, ISO-8601. */
public final class Durations {
    private Durations() {
    }

    /** {@code 90m}, {@code 12h}, {@code 30d}, {@code 2w}, or ISO-8601 ({@code P30D}); {@code null} for "never". */
    public static Duration parseLifetime(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("never") || t.equals("forever")) {
            return null;
        }
        try {
            if (t.startsWith("p")) {
                return positive(Duration.parse(t.toUpperCase(Locale.ROOT)), text);
            }
            if (t.length() >= 2) {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                Duration d = switch (t.charAt(t.length() - 1)) {
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    case 'd' -> Duration.ofDays(n);
                    case 'w' -> Duration.ofDays(7 * n);
                    default -> null;
                };
                if (d != null) {
                    return positive(d, text);
                }
            }
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException(InputMessages.unreadableLifetime(text));
    }

    /** Longer than anyone keeps a token, and short enough that adding it to any date stays a date. */
    static final Duration LONGEST = Duration.ofDays(36525);
    /** The last instant an expiry may name: four-digit years, as every store and server writes them. */
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private static Duration positive(Duration d, String text) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(InputMessages.lifetimeNotPositive(text));
        }
        if (d.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException(InputMessages.lifetimeTooLong(text));
        }
        return d;
    }

    /** An ISO-8601 instant ({@code 2027-01-31T12:00:00Z}) or a date (end of that day, UTC). */
    public static Instant parseExpiry(String text) {
        String t = text.trim();
        Instant expiry;
        try {
            expiry = Instant.parse(t);
        } catch (DateTimeParseException e) {
            try {
                expiry = LocalDate.parse(t).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusSeconds(1);
            } catch (java.time.DateTimeException e2) {
                throw new IllegalArgumentException(InputMessages.unreadableExpiry(text));
            }
        }
        if (expiry.isAfter(LATEST)) {
            throw new IllegalArgumentException(InputMessages.expiryTooLate(text));
        }
        return expiry;
    }

    /** Compact form for listings: 30d, 12h, 45m. */
    public static String format(Duration d) {
        if (d == null) {
            return "never";
        }
        if (d.toMinutes() % (24 * 60) == 0) {
            return d.toDays() + "d";
        }
        if (d.toMinutes() % 60 == 0) {
            return d.toHours() + "h";
        }
        return d.toMinutes() + "m";
    }
}
