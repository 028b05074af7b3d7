package org.vcstoken.sandbox.gitlab;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * How to start a {@link GitLabSandbox}.
 *
 * @param dataDir state, repositories and child-process files (created if absent)
 * @param port TCP port on 127.0.0.1, 0 = a free one
 * @param version the GitLab release imitated; features newer than it are off
 * @param clock base clock; the server clock is this plus whatever {@code setTime} moved it by
 * @param maxTokenLifetimeDays 365 (GitLab's default) or 400 (the
 *     {@code buffered_token_expiration_limit} feature flag of 17.6 and later)
 * @param passwordForGit GitLab's "Allow password authentication for Git over HTTP(S)"
 *     setting (on by default): the account password works as a git password
 */
public record GitLabOptions(Path dataDir, int port, GitLabVersion version, Clock clock,
    int maxTokenLifetimeDays, boolean passwordForGit) {

  public GitLabOptions {
    Objects.requireNonNull(dataDir, "dataDir");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    version = version == null ? GitLabVersion.DEFAULT : version;
    clock = clock == null ? Clock.systemUTC() : clock;
    if (maxTokenLifetimeDays != 365 && maxTokenLifetimeDays != 400) {
      throw new IllegalArgumentException("maxTokenLifetimeDays must be 365 or 400, got " + maxTokenLifetimeDays);
    }
  }

  /** Free port, GitLab {@link GitLabVersion#DEFAULT}, system clock, 365 days, passwords for git on. */
  public static GitLabOptions defaults(Path dataDir) {
    return new GitLabOptions(dataDir, 0, GitLabVersion.DEFAULT, Clock.systemUTC(), 365, true);
  }

  public GitLabOptions withPort(int value) {
    return new GitLabOptions(dataDir, value, version, clock, maxTokenLifetimeDays, passwordForGit);
  }

  public GitLabOptions withVersion(String value) {
    return new GitLabOptions(dataDir, port, GitLabVersion.parse(value), clock, maxTokenLifetimeDays, passwordForGit);
  }

  public GitLabOptions withClock(Clock value) {
    return new GitLabOptions(dataDir, port, version, value, maxTokenLifetimeDays, passwordForGit);
  }

  public GitLabOptions withMaxTokenLifetimeDays(int value) {
    return new GitLabOptions(dataDir, port, version, clock, value, passwordForGit);
  }

  public GitLabOptions withPasswordForGit(boolean value) {
    return new GitLabOptions(dataDir, port, version, clock, maxTokenLifetimeDays, value);
  }
}
