package org.vcstoken.sandbox.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The server clock: a base clock plus an offset that {@code sandbox_set_time} moves, so that
 * tests can make tokens expire without sleeping while time still flows between requests.
 */
public final class SandboxClock extends Clock {
  private final Clock base;
  private volatile Duration offset = Duration.ZERO;

  public SandboxClock(Clock base) {
    this.base = base;
  }

  /** Moves the clock so that "now" is {@code now}; it keeps ticking from there. */
  public void setTime(Instant now) {
    offset = Duration.between(base.instant(), now);
  }

  /**
   * Moves the clock to {@code epoch} seconds since 1970, fractions kept to the nanosecond: what
   * every flavor's "set the time" call takes, as {@link #epochSeconds} is what they answer.
   */
  public void setEpochSeconds(double epoch) {
    double whole = Math.floor(epoch);
    setTime(Instant.ofEpochSecond((long) whole, (long) ((epoch - whole) * 1e9)));
  }

  /** Unix epoch seconds as a float, the unit RhodeCode stores token expiry in. */
  public double epochSeconds() {
    Instant now = instant();
    return now.getEpochSecond() + now.getNano() / 1e9;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the sandbox clock is always UTC");
  }

  @Override
  public Instant instant() {
    return base.instant().plus(offset);
  }
}
