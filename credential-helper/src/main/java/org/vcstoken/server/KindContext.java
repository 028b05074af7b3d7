package org.vcstoken.server;

import java.time.Clock;
import java.util.Objects;
import org.vcstoken.trace.Trace;

/**
 * What every kind is built with, so that a test's clock and the user's trace reach every one.
 *
 * @param http  bounded, redirect-free HTTP, tracing with {@code trace}
 * @param clock the injected clock: the only one a kind reads
 * @param trace where kinds say what they send and receive (secrets masked)
 */
public record KindContext(HttpTransport http, Clock clock, Trace trace) {
    public KindContext {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(trace, "trace");
    }
}
