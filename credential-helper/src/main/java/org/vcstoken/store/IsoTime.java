package org.vcstoken.store;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Parses the instants and durations the store holds. The exact shapes vcstoken writes
 * ({@code 2026-11-27T12:00:00Z}, {@code PT720H}) are read by hand: the JDK's parsers go through
 * formatters and regular expressions built from lambdas, which cost the credential helper a
 * noticeable part of its start-up. Anything else falls back to the JDK.
 */
final class IsoTime {
    private IsoTime() {
    }

    static Instant instant(String s) {
        if (s == null) {
            return null;
        }
        int n = s.length();
        if (n >= 20 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T' && s.charAt(13) == ':'
                && s.charAt(16) == ':' && s.charAt(n - 1) == 'Z') {
            int year = digits(s, 0, 4);
            int month = digits(s, 5, 7);
            int day = digits(s, 8, 10);
            int hour = digits(s, 11, 13);
            int minute = digits(s, 14, 16);
            int second = digits(s, 17, 19);
            int nanos = 0;
            boolean ok = year >= 0 && month >= 0 && day >= 0 && hour >= 0 && minute >= 0 && second >= 0;
            if (ok && n > 20) {
                int fraction = n - 21;
                ok = s.charAt(19) == '.' && fraction >= 1 && fraction <= 9;
                if (ok) {
                    nanos = digits(s, 20, n - 1);
                    ok = nanos >= 0;
                    for (int i = fraction; i < 9 && ok; i++) {
                        nanos *= 10;
                    }
                }
            } else if (ok) {
                ok = n == 20;
            }
            if (ok) {
                return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
            }
        }
        return Instant.parse(s);
    }

    static Duration duration(String s) {
        if (s == null) {
            return null;
        }
        // PT<h>H, PT<m>M, PT<s>S and their combinations, as Duration.toString writes them.
        if (s.startsWith("PT") && s.length() > 3) {
            long total = 0;
            long number = -1;
            boolean ok = true;
            for (int i = 2; i < s.length() && ok; i++) {
                char c = s.charAt(i);
                if (c >= '0' && c <= '9') {
                    number = (number < 0 ? 0 : number * 10) + (c - '0');
                    ok = number < 1_000_000_000L;
                } else if (number >= 0 && (c == 'H' || c == 'M' || c == 'S')) {
                    total += number * (c == 'H' ? 3600 : c == 'M' ? 60 : 1);
                    number = -1;
                } else {
                    ok = false;
                }
            }
            if (ok && number < 0) {
                return Duration.ofSeconds(total);
            }
        }
        return Duration.parse(s);
    }

    /** The decimal number in s[from, to), or -1. */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
