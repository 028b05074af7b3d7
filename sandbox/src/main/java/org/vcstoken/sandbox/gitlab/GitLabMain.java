package org.vcstoken.sandbox.gitlab;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.vcstoken.sandbox.store.Store;

/**
 * {@code vcstoken-sandbox --flavor gitlab --data DIR …}: runs the GitLab imitation until
 * SIGTERM/SIGINT, taking {@code hg serve} with it.
 */
public final class GitLabMain {
  static final String USAGE = String.join("\n",
      // Wrapped by hand at 80 columns, as vcstoken's own help is.
      "usage: vcstoken-sandbox --flavor gitlab --data DIR [--port N]",
      "                        [--gitlab-version X.Y] [--max-token-lifetime 365|400]",
      "                        [--no-password-for-git]",
      "",
      "A GitLab (and Heptapod) imitation for git and hg on 127.0.0.1. It runs until",
      "stopped (SIGTERM, Ctrl-C) and writes DIR/sandbox.json with its url,",
      "admin_token, realm, flavor and version.",
      "",
      "  --data DIR                  State, repositories, logs (kept across restarts).",
      "  --port N                    Port on 127.0.0.1; 0 or absent: a free port.",
      "  --gitlab-version X.Y        The release imitated: " + GitLabVersion.OLDEST + " or later",
      "                              (default " + GitLabVersion.DEFAULT + ").",
      "  --max-token-lifetime DAYS   365 (the default) or 400",
      "                              (buffered_token_expiration_limit).",
      "  --no-password-for-git       Refuse account passwords for git and hg (tokens",
      "                              only).");

  private static final Set<String> WITH_VALUE = Set.of("--data", "--port", "--gitlab-version", "--max-token-lifetime");

  private GitLabMain() {}

  /** Parsed command line. */
  record Args(GitLabOptions options, boolean help) {}

  /**
   * Runs with {@code argv} (the {@code --flavor} option already removed); returns the exit
   * code once the sandbox stopped, 2 for a usage error, 1 when it cannot start.
   */
  public static int run(String[] argv, PrintStream out, PrintStream err) {
    Args args;
    try {
      args = parse(argv);
    } catch (IllegalArgumentException e) {
      err.println("vcstoken-sandbox: error: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    if (args.help()) {
      out.println(USAGE);
      return 0;
    }
    GitLabSandbox sandbox;
    try {
      sandbox = GitLabSandbox.start(args.options(), err);
      writeInfo(sandbox);
    } catch (IOException | RuntimeException e) {
      err.println("vcstoken-sandbox: error: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        sandbox.close();
      } finally {
        stopped.countDown();
      }
    }, "gitlab-sandbox-shutdown"));
    out.println("sandbox listening on " + sandbox.url());
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  static void writeInfo(GitLabSandbox sandbox) throws IOException {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("url", sandbox.url().toString());
    info.put("admin_token", sandbox.adminToken());
    info.put("realm", sandbox.realm());
    info.put("flavor", "gitlab");
    info.put("version", sandbox.version().toString());
    info.put("max_token_lifetime_days", sandbox.options().maxTokenLifetimeDays());
    info.put("hg", sandbox.hgAvailable() ? "on" : "off: " + sandbox.hgUnavailableReason());
    Path file = sandbox.options().dataDir().resolve("sandbox.json");
    Store.writeAtomically(file, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(info));
  }

  static Args parse(String[] argv) {
    Path data = null;
    int port = 0;
    GitLabVersion version = GitLabVersion.DEFAULT;
    int maxDays = 365;
    boolean passwordForGit = true;
    for (int i = 0; i < argv.length; i++) {
      String a = argv[i];
      if (a.equals("--help") || a.equals("-h")) {
        return new Args(null, true);
      }
      if (a.equals("--no-password-for-git")) {
        passwordForGit = false;
        continue;
      }
      String name = a;
      String value = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        name = a.substring(0, eq);
        value = a.substring(eq + 1);
      }
      if (!WITH_VALUE.contains(name)) {
        throw new IllegalArgumentException("unknown argument `" + a + "`");
      }
      if (value == null) {
        if (i + 1 >= argv.length) {
          throw new IllegalArgumentException(name + " needs a value");
        }
        value = argv[++i];
      }
      switch (name) {
        case "--data" -> data = Path.of(value);
        case "--port" -> port = number(name, value, 0, 65535);
        case "--gitlab-version" -> version = GitLabVersion.parse(value);
        case "--max-token-lifetime" -> {
          maxDays = number(name, value, 0, 1000);
          if (maxDays != 365 && maxDays != 400) {
            throw new IllegalArgumentException("--max-token-lifetime must be 365 or 400, got `" + value + "`");
          }
        }
        default -> throw new AssertionError(name);
      }
    }
    if (data == null) {
      throw new IllegalArgumentException("--data DIR is required");
    }
    return new Args(new GitLabOptions(data, port, version, null, maxDays, passwordForGit), false);
  }

  private static int number(String name, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value.trim());
      if (n < min || n > max) {
        throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", got `" + value + "`");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, got `" + value + "`", e);
    }
  }
}
