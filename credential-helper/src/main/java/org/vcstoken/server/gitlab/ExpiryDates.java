package org.vcstoken.server.gitlab;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.vcstoken.server.HttpTransport;
import org.vcstoken.server.ServerException;

/**
 * GitLab's expiry is a date: "The token expires on that date at midnight UTC" (GitLab's
 * personal access token docs), so a token with {@code expires_at} 2026-12-31 stops working at
 * 2026-12-31T00:00:00Z. Lifetimes become dates the same way GitLab's own form does: today (UTC)
 * plus the lifetime.
 */
final class ExpiryDates {
    /** GitLab refuses an expiry more than 365 days ahead (400 with the 17.6 flag; not assumed). */
    static final int MAX_DAYS = 365;

    private ExpiryDates() {
    }

    /** The instant a token with this {@code expires_at} stops working; {@code null} for none. */
    static Instant instantOf(Object expiresAt, String what) throws ServerException {
        if (expiresAt == null) {
            return null;
        }
        if (!(expiresAt instanceof String s)) {
            throw new ServerException(GitLabMessages.expiryNotADate(what));
        }
        try {
            return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new ServerException(GitLabMessages.expiryUnreadable(what, HttpTransport.printable(s, 40)));
        }
    }

    /** Today on {@code clock}, in UTC: the date GitLab compares expiry dates with. */
    static LocalDate today(Clock clock) {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /**
     * The {@code expires_at} for a token living {@code lifetime} from now: today + lifetime,
     * never before tomorrow (a date of today would have expired at midnight already) and never
     * past today + 365 days, which GitLab refuses; {@code null} (never) takes the maximum, as
     * expiry is mandatory on GitLab.
     */
    static LocalDate dateFor(Clock clock, Duration lifetime) {
        return dateOf(clock, lifetime == null ? null : clock.instant().plus(lifetime));
    }

    /** The {@code expires_at} for a token wanted until {@code expires} ({@code null}: the maximum). */
    static LocalDate dateOf(Clock clock, Instant expires) {
        LocalDate today = today(clock);
        LocalDate max = today.plusDays(MAX_DAYS);
        if (expires == null) {
            return max;
        }
        LocalDate d = LocalDate.ofInstant(expires, ZoneOffset.UTC);
        if (d.isAfter(max)) {
            return max;
        }
        return d.isAfter(today) ? d : today.plusDays(1);
    }
}
