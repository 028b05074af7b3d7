package org.vcstoken.sandbox.launch;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * A sandbox process's life, the same for every flavor: read the command line (a mistake gives
 * the usage and exit code 2), start the server (and write {@code sandbox.json}), print the one
 * line scripts wait for, serve until SIGTERM or SIGINT, then stop, taking child processes along.
 */
public final class Foreground {
  /** A flavor's parsed command line. */
  public interface Parsed {
    /** Whether {@code --help} was asked for. */
    boolean help();
  }

  /**
   * A server that is up.
   *
   * @param url what {@code sandbox listening on} announces
   * @param stop stops it and its child processes; runs in the shutdown hook
   */
  public record Started(URI url, Runnable stop) {}

  /** Starts a flavor's server; an {@link IOException} or {@link RuntimeException} means it could not. */
  @FunctionalInterface
  public interface Starter {
    Started start() throws IOException;
  }

  private final PrintStream out;
  private final PrintStream err;

  public Foreground(PrintStream out, PrintStream err) {
    this.out = Objects.requireNonNull(out, "out");
    this.err = Objects.requireNonNull(err, "err");
  }

  /**
   * The whole command: {@code parse} reads {@code argv}, throwing {@link IllegalArgumentException}
   * for a mistake (exit code 2, the error and {@code usage} on stderr); {@code --help} prints
   * {@code usage} (0); otherwise the server {@code start} gives is served as {@link #serve} does.
   */
  public <A extends Parsed> int command(String[] argv, String usage, Function<String[], A> parse,
      Function<A, Starter> start) {
    A args;
    try {
      args = parse.apply(argv);
    } catch (IllegalArgumentException e) {
      err.println("vcstoken-sandbox: error: " + e.getMessage());
      err.println(usage);
      return 2;
    }
    if (args.help()) {
      out.println(usage);
      return 0;
    }
    return serve(start.apply(args));
  }

  /**
   * Starts the server, prints {@code sandbox listening on URL} and returns 0 once the JVM is
   * shutting down and the server has stopped; returns 1 with {@code vcstoken-sandbox: error: …}
   * on stderr when it cannot start.
   */
  public int serve(Starter starter) {
    Started started;
    try {
      started = starter.start();
    } catch (IOException | RuntimeException e) {
      err.println("vcstoken-sandbox: error: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        started.stop().run();
      } finally {
        stopped.countDown();
      }
    }, "sandbox-shutdown"));
    out.println("sandbox listening on " + started.url());
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
