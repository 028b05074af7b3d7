package org.vcstoken.sandbox.gitlab;

import java.time.LocalDate;

/**
 * A token the sandbox created: its id, the {@code glpat-} secret (shown once, as by GitLab),
 * its expiry date (null = never) and the user it belongs to (a project token's bot user).
 */
public record IssuedGitLabToken(long id, String token, LocalDate expiresAt, long userId) {
  @Override
  public String toString() {
    return "IssuedGitLabToken[id=" + id + ", token=glpat-****, expiresAt=" + expiresAt + ", userId=" + userId + "]";
  }
}
