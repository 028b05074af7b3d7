package org.vcstoken.store;

import java.time.Duration;
import java.time.Instant;

/**
 * Parses the instants and durations the store holds. The exact shapes vcstoken writes
 * ({@code 2026-11-27T12:00:00Z}, {@code PT720H}) are read by hand, without even LocalDateTime: the
 * JDK's parsers go through formatters and regular expressions built from lambdas, and its date
 * classes through chronology and field tables, all of which cost the credential helper a
 * noticeable part of its start-up. Anything else (or an impossible date) goes to the JDK, which
 * also makes the error.
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
            if (ok && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour <= 23
                    && minute <= 59 && second <= 59) {
                return Instant.ofEpochSecond(epochDay(year, month, day) * 86_400L + hour * 3600 + minute * 60 + second,
                        nanos);
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

    /** Days from 1970-01-01 to the given proleptic Gregorian date (the "days from civil" method). */
    static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    private static int daysInMonth(int year, int month) {
        if (month == 2) {
            boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            return leap ? 29 : 28;
        }
        return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
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
