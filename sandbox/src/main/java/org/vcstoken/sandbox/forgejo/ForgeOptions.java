package org.vcstoken.sandbox.forgejo;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * How to start a {@link ForgeSandbox}.
 *
 * @param dataDir state ({@code forge-state.json}) and repositories ({@code git/}); created if absent
 * @param port TCP port on 127.0.0.1, 0 = pick a free one
 * @param flavor which forge to answer as
 * @param clock base clock; the server clock is this plus whatever {@code setTime} moved it by
 * @param oauth2Enabled Gitea's {@code [oauth2] ENABLED} (default true); false makes the git
 *     challenge {@code Basic realm="Gitea (Basic Auth)"}. Forgejo has no such switch.
 * @param version what the version endpoints answer; null = the flavor's reference version
 */
public record ForgeOptions(Path dataDir, int port, Flavor flavor, Clock clock, boolean oauth2Enabled,
    String version) {

  public ForgeOptions {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(flavor, "flavor");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (!oauth2Enabled && !flavor.realmFollowsOAuth2Setting()) {
      throw new IllegalArgumentException("oauth2Enabled=false exists on Gitea only; Forgejo's realm is always Gitea");
    }
    clock = clock == null ? Clock.systemUTC() : clock;
    version = version == null ? flavor.defaultVersion() : version;
  }

  /** Free port, system clock, OAuth2 on, the flavor's reference version. */
  public static ForgeOptions defaults(Path dataDir, Flavor flavor) {
    return new ForgeOptions(dataDir, 0, flavor, Clock.systemUTC(), true, null);
  }

  public ForgeOptions withPort(int value) {
    return new ForgeOptions(dataDir, value, flavor, clock, oauth2Enabled, version);
  }

  public ForgeOptions withClock(Clock value) {
    return new ForgeOptions(dataDir, port, flavor, value, oauth2Enabled, version);
  }

  public ForgeOptions withOAuth2Enabled(boolean value) {
    return new ForgeOptions(dataDir, port, flavor, clock, value, version);
  }

  public ForgeOptions withVersion(String value) {
    return new ForgeOptions(dataDir, port, flavor, clock, oauth2Enabled, value);
  }

  /** The challenge realm git sees (githttp.go). */
  public String realm() {
    return oauth2Enabled ? "Gitea" : "Gitea (Basic Auth)";
  }
}
