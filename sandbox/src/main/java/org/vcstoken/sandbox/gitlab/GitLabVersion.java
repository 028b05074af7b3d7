package org.vcstoken.sandbox.gitlab;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The GitLab release the sandbox imitates. Each feature gate names the release that brought
 * the feature (see sandbox/README.md, "GitLab", for the sources); a gated feature answers as
 * an older GitLab does, not with a sandbox-specific error.
 *
 * @param major e.g. 17
 * @param minor e.g. 9
 */
public record GitLabVersion(int major, int minor) implements Comparable<GitLabVersion> {
  /** Oldest release imitated: expiry became mandatory and rotation arrived in 16.0. */
  public static final GitLabVersion OLDEST = new GitLabVersion(16, 0);
  /** Used when none is given. */
  public static final GitLabVersion DEFAULT = new GitLabVersion(17, 9);

  private static final Pattern FORM = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})(?:\\.\\d{1,3})?");

  public GitLabVersion {
    if (major < 0 || minor < 0) {
      throw new IllegalArgumentException("GitLab version must not be negative, got " + major + "." + minor);
    }
  }

  /**
   * Parses {@code 16.10} or {@code 16.10.2}; refuses anything else and releases before 16.0,
   * naming the bad value.
   */
  public static GitLabVersion parse(String text) {
    Matcher m = text == null ? null : FORM.matcher(text.trim());
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException("GitLab version must look like 17.9, got `" + text + "`");
    }
    GitLabVersion v = new GitLabVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    if (v.compareTo(OLDEST) < 0) {
      throw new IllegalArgumentException("GitLab version must be " + OLDEST + " or later, got `" + text + "`");
    }
    return v;
  }

  boolean atLeast(int otherMajor, int otherMinor) {
    return compareTo(new GitLabVersion(otherMajor, otherMinor)) >= 0;
  }

  /** 16.3: rotating with a revoked token revokes the token's whole family. */
  boolean reuseDetection() {
    return atLeast(16, 3);
  }

  /** 16.5: {@code POST /user/personal_access_tokens}. */
  boolean userTokenEndpoint() {
    return atLeast(16, 5);
  }

  /** 16.6: rotate endpoints accept {@code expires_at}. */
  boolean rotateExpiresAt() {
    return atLeast(16, 6);
  }

  /** 16.10: {@code POST /personal_access_tokens/self/rotate}. */
  boolean selfRotate() {
    return atLeast(16, 10);
  }

  /** 17.2: {@code GET /projects/:id/access_tokens?state=}. */
  boolean projectTokenStateFilter() {
    return atLeast(17, 2);
  }

  /** 17.7: the Planner role (15). */
  boolean plannerRole() {
    return atLeast(17, 7);
  }

  /**
   * 17.9: the {@code self_rotate} scope, project tokens rotating themselves
   * ({@code …/access_tokens/self/rotate}); both came in one merge request.
   */
  boolean selfRotateScope() {
    return atLeast(17, 9);
  }

  /** 19.2: fine-grained personal access tokens ({@code granular_scopes}) are generally available. */
  boolean granularScopes() {
    return atLeast(19, 2);
  }

  /** What {@code GET /version} reports, e.g. {@code 17.9.0}. */
  String full() {
    return major + "." + minor + ".0";
  }

  @Override
  public int compareTo(GitLabVersion o) {
    return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
