package org.vcstoken.sandbox;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.vcstoken.sandbox.web.Edition;

/**
 * How to start a {@link Sandbox}.
 *
 * @param dataDir where state, repositories and child-process files live (created if absent)
 * @param port TCP port on 127.0.0.1, 0 = pick a free one
 * @param realm Basic realm in the 401 challenge; RhodeCode's default is {@code RhodeCode}
 * @param authCacheTtl how long a successful VCS authentication is reused per
 *     (username, password); RhodeCode's default is 30 s, tests mostly want 0
 * @param clock base clock; the server clock is this plus whatever {@code setTime} moved it by
 * @param edition which edition the web UI imitates; default {@link Edition#CE}, the open-source
 *     release most installations run
 */
public record SandboxOptions(Path dataDir, int port, String realm, Duration authCacheTtl, Clock clock,
    Edition edition) {

  public SandboxOptions {
    Objects.requireNonNull(dataDir, "dataDir");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    realm = realm == null ? "RhodeCode" : realm;
    authCacheTtl = authCacheTtl == null ? Duration.ofSeconds(30) : authCacheTtl;
    if (authCacheTtl.isNegative()) {
      throw new IllegalArgumentException("authCacheTtl must not be negative, got " + authCacheTtl);
    }
    clock = clock == null ? Clock.systemUTC() : clock;
    edition = edition == null ? Edition.CE : edition;
  }

  /** The five-argument form of the agreed API; the edition defaults to CE. */
  public SandboxOptions(Path dataDir, int port, String realm, Duration authCacheTtl, Clock clock) {
    this(dataDir, port, realm, authCacheTtl, clock, Edition.CE);
  }

  /** Free port, realm {@code RhodeCode}, 30 s auth cache, system clock, CE. */
  public static SandboxOptions defaults(Path dataDir) {
    return new SandboxOptions(dataDir, 0, "RhodeCode", Duration.ofSeconds(30), Clock.systemUTC(), Edition.CE);
  }

  public SandboxOptions withDataDir(Path value) {
    return new SandboxOptions(value, port, realm, authCacheTtl, clock, edition);
  }

  public SandboxOptions withPort(int value) {
    return new SandboxOptions(dataDir, value, realm, authCacheTtl, clock, edition);
  }

  public SandboxOptions withRealm(String value) {
    return new SandboxOptions(dataDir, port, value, authCacheTtl, clock, edition);
  }

  public SandboxOptions withAuthCacheTtl(Duration value) {
    return new SandboxOptions(dataDir, port, realm, value, clock, edition);
  }

  public SandboxOptions withClock(Clock value) {
    return new SandboxOptions(dataDir, port, realm, authCacheTtl, value, edition);
  }

  public SandboxOptions withEdition(Edition value) {
    return new SandboxOptions(dataDir, port, realm, authCacheTtl, clock, value);
  }
}
