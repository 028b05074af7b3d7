package org.vcstoken.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.vcstoken.sandbox.store.Store;

/**
 * {@code vcstoken-sandbox --data DIR [--port N] [--realm TEXT] [--auth-cache-ttl SECONDS] [--edition ce|ee]}:
 * runs the sandbox until SIGTERM/SIGINT, taking its child processes with it.
 */
public final class SandboxMain {
  static final String USAGE = String.join("\n",
      "usage: vcstoken-sandbox --data DIR [--port N] [--realm TEXT] [--auth-cache-ttl SECONDS] [--edition ce|ee]",
      "",
      "A RhodeCode-compatible test server for git, hg and svn on 127.0.0.1.",
      "  --data DIR                state, repositories and logs (kept across restarts)",
      "  --port N                  port on 127.0.0.1; 0 or absent = a free port",
      "  --realm TEXT              Basic realm of the 401 challenge (default RhodeCode)",
      "  --auth-cache-ttl SECONDS  reuse a successful VCS login this long (default 30)",
      "  --edition ce|ee           web UI edition: ce (default) makes server-wide tokens only,",
      "                            ee can scope a token to one repository",
      "Writes DIR/sandbox.json with url and admin_token.");

  private SandboxMain() {}

  /** Parsed command line, or a usage error. */
  record Args(SandboxOptions options, boolean help) {}

  public static void main(String[] argv) {
    int code = run(argv, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  static int run(String[] argv, PrintStream out, PrintStream err) {
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
    Sandbox sandbox;
    try {
      sandbox = Sandbox.start(args.options(), err);
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
    }, "sandbox-shutdown"));
    out.println("sandbox listening on " + sandbox.url());
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  static void writeInfo(Sandbox sandbox) throws IOException {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("url", sandbox.url().toString());
    info.put("admin_token", sandbox.adminToken());
    info.put("realm", sandbox.realm());
    info.put("edition", sandbox.options().edition().name().toLowerCase(java.util.Locale.ROOT));
    info.put("hg", sandbox.hgAvailable() ? "on" : "off: " + sandbox.hgUnavailableReason());
    info.put("svn", sandbox.svnAvailable() ? "on" : "off: " + sandbox.svnUnavailableReason());
    Path file = sandbox.options().dataDir().resolve("sandbox.json");
    Store.writeAtomically(file, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(info));
  }

  static Args parse(String[] argv) {
    Path data = null;
    int port = 0;
    String realm = "RhodeCode";
    Duration ttl = Duration.ofSeconds(30);
    Edition edition = Edition.CE;
    for (int i = 0; i < argv.length; i++) {
      String a = argv[i];
      if (a.equals("--help") || a.equals("-h")) {
        return new Args(null, true);
      }
      String name = a;
      String value = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        name = a.substring(0, eq);
        value = a.substring(eq + 1);
      }
      if (!name.equals("--data") && !name.equals("--port") && !name.equals("--realm")
          && !name.equals("--auth-cache-ttl") && !name.equals("--edition")) {
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
        case "--port" -> port = parseInt(name, value, 0, 65535);
        case "--realm" -> realm = value;
        case "--auth-cache-ttl" -> ttl = Duration.ofSeconds(parseInt(name, value, 0, 86400));
        case "--edition" -> {
          if (!value.equalsIgnoreCase("ce") && !value.equalsIgnoreCase("ee")) {
            throw new IllegalArgumentException("--edition must be ce or ee, got `" + value + "`");
          }
          edition = Edition.valueOf(value.toUpperCase(java.util.Locale.ROOT));
        }
        default -> throw new AssertionError(name);
      }
    }
    if (data == null) {
      throw new IllegalArgumentException("--data DIR is required");
    }
    return new Args(new SandboxOptions(data, port, realm, ttl, null, edition), false);
  }

  private static int parseInt(String name, String value, int min, int max) {
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
