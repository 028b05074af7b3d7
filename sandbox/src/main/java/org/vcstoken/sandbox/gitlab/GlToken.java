package org.vcstoken.sandbox.gitlab;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A personal access token (a project access token is the personal access token of the
 * project's bot user, as in GitLab). Only the SHA-256 digest of the secret is kept.
 *
 * @param expiresAt ISO date ({@code YYYY-MM-DD}) or null; the token stops working at 00:00
 *     UTC of that date
 * @param previousId the token this one replaced by rotation; the chain is the token family
 * @param createdAt epoch milliseconds
 * @param lastUsedAt epoch milliseconds or null
 */
record GlToken(long id, long userId, String name, String description, List<String> scopes,
    List<GranularScope> granularScopes, String digest, long createdAt, Long lastUsedAt, String expiresAt,
    boolean revoked, Long previousId) {

  GlToken {
    scopes = List.copyOf(scopes);
    granularScopes = granularScopes == null ? List.of() : List.copyOf(granularScopes);
  }

  LocalDate expiryDate() {
    return expiresAt == null ? null : LocalDate.parse(expiresAt);
  }

  /** GitLab's {@code Expirable#expired?}: the date's midnight UTC has come. */
  boolean expired(Instant now) {
    LocalDate d = expiryDate();
    return d != null && !now.isBefore(d.atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  boolean active(Instant now) {
    return !revoked && !expired(now);
  }

  boolean granular() {
    return !granularScopes.isEmpty();
  }

  GlToken revoke() {
    return new GlToken(id, userId, name, description, scopes, granularScopes, digest, createdAt, lastUsedAt,
        expiresAt, true, previousId);
  }

  GlToken usedAt(long millis) {
    return new GlToken(id, userId, name, description, scopes, granularScopes, digest, createdAt, millis,
        expiresAt, revoked, previousId);
  }
}
