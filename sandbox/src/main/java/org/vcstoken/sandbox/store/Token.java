package org.vcstoken.sandbox.store;

/**
 * A row of RhodeCode's {@code user_api_keys}: {@code expires} is float epoch seconds or -1 for
 * never, {@code repoId} the optional repository scope.
 */
public record Token(long id, long userId, String value, String description, double expires,
    String role, Long repoId, double createdOn) {

  public static final double NEVER = -1;

  /** RhodeCode's rule: expired when {@code expires != -1 and now > expires}. */
  public boolean expiredAt(double nowEpochSeconds) {
    return expires != NEVER && nowEpochSeconds > expires;
  }
}
