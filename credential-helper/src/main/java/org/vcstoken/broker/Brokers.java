package org.vcstoken.broker;

import java.io.PrintStream;
import java.nio.file.FileSystem;
import java.time.Clock;
import java.time.Duration;
import org.vcstoken.Messages;
import org.vcstoken.env.Environment;
import org.vcstoken.env.StatePaths;
import org.vcstoken.store.TokenStore;
import org.vcstoken.token.TokenIds;
import org.vcstoken.trace.Trace;

/** Wires a broker from the process's environment; the front doors' only way to get one. */
public final class Brokers {
    static final Duration LOCK_TIMEOUT = Duration.ofSeconds(30);

    private Brokers() {
    }

    public static TokenStore store(Environment env, FileSystem fs, PrintStream stderr) {
        return new TokenStore(StatePaths.from(env, fs), LOCK_TIMEOUT, line -> stderr.println(Messages.warning(line)));
    }

    public static Broker broker(Environment env, FileSystem fs, Clock clock, PrintStream stderr, Trace trace) {
        return new Broker(store(env, fs, stderr), clock, trace, stderr::println, new TokenIds());
    }
}
