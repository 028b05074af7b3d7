package org.vcstoken.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.FileSystem;
import java.time.Clock;
import java.util.function.Function;
import org.vcstoken.broker.Brokers;
import org.vcstoken.env.Environment;
import org.vcstoken.env.StatePaths;
import org.vcstoken.server.HttpTransport;
import org.vcstoken.server.KindContext;
import org.vcstoken.server.ServerKinds;
import org.vcstoken.store.TokenStore;
import org.vcstoken.trace.Trace;

/**
 * What every command needs from the outside world, injected so that tests run commands in-process
 * with their own environment, clock, streams and server families.
 *
 * @param families builds the registry of server families; {@link ServerKinds#load} outside tests
 */
record CliContext(Environment env, FileSystem fs, Clock clock, InputStream in, PrintStream out, PrintStream err,
        Function<KindContext, ServerKinds> families) {

    CliContext(Environment env, FileSystem fs, Clock clock, InputStream in, PrintStream out, PrintStream err) {
        this(env, fs, clock, in, out, err, ServerKinds::load);
    }

    TokenStore store() {
        return Brokers.store(env, fs, err);
    }

    StatePaths paths() {
        return StatePaths.from(env, fs);
    }

    /** The trace VCSTOKEN_TRACE asks for (off when unset). */
    Trace trace() {
        return Trace.fromEnvironment(env, fs, err, clock);
    }

    /** The server families, with the default time-outs and {@code trace}. */
    ServerKinds kinds(Trace trace) {
        return families.apply(new KindContext(new HttpTransport(HttpTransport.DEFAULT_CONNECT_TIMEOUT,
                HttpTransport.DEFAULT_REQUEST_TIMEOUT, trace), clock, trace));
    }
}
