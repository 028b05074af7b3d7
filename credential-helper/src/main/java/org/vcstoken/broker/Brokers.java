package org.vcstoken.broker;

import java.io.PrintStream;
import java.nio.file.FileSystem;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import org.vcstoken.messages.Messages;
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
        StatePaths paths = StatePaths.from(env, fs);
        // Issue 10: secrets in a keyring or pass; costs nothing until a secret there is used.
        return new TokenStore(paths, LOCK_TIMEOUT, new Lines(stderr, true),
                org.vcstoken.secret.SecretBackends.from(env, paths));
    }

    /** @param mirror what keeps a copy of the tokens elsewhere (svn's cache) in step with the store */
    public static Broker broker(Environment env, FileSystem fs, Clock clock, PrintStream stderr, Trace trace,
            Mirror mirror) {
        return new Broker(store(env, fs, stderr), clock, trace, new Lines(stderr, false), new TokenIds(),
                EnvironmentToken.from(env), mirror);
    }

    /** Prints lines to stderr. A named class, not a lambda: lambdas cost the helper start-up time. */
    private static final class Lines implements Consumer<String> {
        private final PrintStream stderr;
        private final boolean asWarning;

        Lines(PrintStream stderr, boolean asWarning) {
            this.stderr = stderr;
            this.asWarning = asWarning;
        }

        @Override
        public void accept(String line) {
            stderr.println(asWarning ? Messages.warning(line) : line);
        }
    }
}
