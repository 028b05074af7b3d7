package org.vcstoken.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.FileSystem;
import java.time.Clock;
import org.vcstoken.broker.Brokers;
import org.vcstoken.env.Environment;
import org.vcstoken.env.StatePaths;
import org.vcstoken.store.TokenStore;

/**
 * What every command needs from the outside world, injected so that tests run commands in-process
 * with their own environment, clock and streams.
 */
record CliContext(Environment env, FileSystem fs, Clock clock, InputStream in, PrintStream out, PrintStream err) {

    TokenStore store() {
        return Brokers.store(env, fs, err);
    }

    StatePaths paths() {
        return StatePaths.from(env, fs);
    }
}
