package org.vcstoken.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.vcstoken.sandbox.forgejo.Flavor;
import org.vcstoken.sandbox.forgejo.ForgeOptions;
import org.vcstoken.sandbox.forgejo.ForgeSandbox;
import org.vcstoken.sandbox.store.Store;

/**
 * {@code vcstoken-sandbox --data DIR [--port N] [--realm TEXT] [--auth-cache-ttl SECONDS] [--edition ce|ee]}:
 * runs the sandbox until SIGTERM/SIGINT, taking its child processes with it.
 * {@code --flavor forgejo|gitea} runs the Forgejo/Gitea imitation instead of RhodeCode, and
 * {@code --flavor gitlab} the GitLab imitation ({@code gitlab.GitLabMain}).
 */
public final class SandboxMain {
  static final String USAGE = String.join("\n",
      // Wrapped by hand at 80 columns, as vcstoken's own help is.
      "usage: vcstoken-sandbox --data DIR [--port N] [--realm TEXT] [--edition ce|ee]",
      "                        [--auth-cache-ttl SECONDS]",
      "       vcstoken-sandbox --flavor forgejo|gitea --data DIR [--port N]",
      "                        [--oauth2 on|off]",
      "       vcstoken-sandbox --flavor gitlab ...   (see: --flavor gitlab --help)",
      "",
      "A test server on 127.0.0.1: RhodeCode (the default) for git, hg and svn, or with",
      "--flavor an imitation of Forgejo or Gitea (git) or of GitLab (git and hg). It",
      "runs until stopped (SIGTERM, Ctrl-C) and writes DIR/sandbox.json with its url,",
      "admin_token, realm and flavor.",
      "",
      "  --data DIR                State, repositories and logs, kept across restarts.",
      "  --port N                  Port on 127.0.0.1; 0 or absent: a free port.",
      "  --flavor NAME             Which server to imitate: rhodecode (the default),",
      "                            gitlab, forgejo or gitea.",
      "  --realm TEXT              RhodeCode: the Basic realm of its 401 answers",
      "                            (default RhodeCode).",
      "  --auth-cache-ttl SECONDS  RhodeCode: reuse a successful VCS login this long",
      "                            (default 30).",
      "  --edition ce|ee           RhodeCode: the web UI's edition; ce (the default)",
      "                            makes server-wide tokens only, ee can limit a token",
      "                            to one repository.",
      "  --oauth2 on|off           Gitea: off gives the realm `Gitea (Basic Auth)`",
      "                            (default on).");

  private SandboxMain() {}

  /** Parsed command line, or a usage error; {@code forge} is set for --flavor forgejo|gitea. */
  record Args(SandboxOptions options, boolean help, ForgeOptions forge) {
    Args(SandboxOptions options, boolean help) {
      this(options, help, null);
    }
  }

  public static void main(String[] argv) {
    int code = run(argv, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  static int run(String[] argv, PrintStream out, PrintStream err) {
    if (isGitLab(argv)) {
      return org.vcstoken.sandbox.gitlab.GitLabMain.run(withoutFlavor(argv), out, err);
    }
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
    if (args.forge() != null) {
      return runForge(args.forge(), out, err);
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

  private static int runForge(ForgeOptions options, PrintStream out, PrintStream err) {
    ForgeSandbox forge;
    try {
      forge = ForgeSandbox.start(options);
      Map<String, Object> info = new LinkedHashMap<>();
      info.put("url", forge.url().toString());
      info.put("admin_token", forge.adminToken());
      info.put("realm", forge.realm());
      info.put("flavor", forge.flavor().wireName());
      info.put("version", options.version());
      Store.writeAtomically(options.dataDir().resolve("sandbox.json"),
          new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(info));
    } catch (IOException | RuntimeException e) {
      err.println("vcstoken-sandbox: error: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        forge.close();
      } finally {
        stopped.countDown();
      }
    }, "sandbox-shutdown"));
    out.println("sandbox listening on " + forge.url());
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
    info.put("flavor", "rhodecode");
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
    String flavor = "rhodecode";
    Boolean oauth2 = null;
    java.util.List<String> rhodecodeOnly = new java.util.ArrayList<>();
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
          && !name.equals("--auth-cache-ttl") && !name.equals("--edition") && !name.equals("--flavor")
          && !name.equals("--oauth2")) {
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
        case "--realm" -> {
          realm = value;
          rhodecodeOnly.add(name);
        }
        case "--flavor" -> {
          if (!value.equals("rhodecode") && !value.equals("forgejo") && !value.equals("gitea")) {
            throw new IllegalArgumentException("--flavor must be rhodecode, gitlab, forgejo or gitea, got `" + value + "`");
          }
          flavor = value;
        }
        case "--oauth2" -> {
          if (!value.equals("on") && !value.equals("off")) {
            throw new IllegalArgumentException("--oauth2 must be on or off, got `" + value + "`");
          }
          oauth2 = value.equals("on");
        }
        case "--auth-cache-ttl" -> {
          ttl = Duration.ofSeconds(parseInt(name, value, 0, 86400));
          rhodecodeOnly.add(name);
        }
        case "--edition" -> {
          if (!value.equalsIgnoreCase("ce") && !value.equalsIgnoreCase("ee")) {
            throw new IllegalArgumentException("--edition must be ce or ee, got `" + value + "`");
          }
          edition = Edition.valueOf(value.toUpperCase(java.util.Locale.ROOT));
          rhodecodeOnly.add(name);
        }
        default -> throw new AssertionError(name);
      }
    }
    if (data == null) {
      throw new IllegalArgumentException("--data DIR is required");
    }
    if (!flavor.equals("rhodecode")) {
      if (!rhodecodeOnly.isEmpty()) {
        throw new IllegalArgumentException(rhodecodeOnly.get(0) + " applies to --flavor rhodecode only");
      }
      if (oauth2 != null && !flavor.equals("gitea")) {
        throw new IllegalArgumentException("--oauth2 applies to --flavor gitea only (Forgejo's realm is always Gitea)");
      }
      ForgeOptions forge = ForgeOptions.defaults(data, Flavor.parse(flavor)).withPort(port)
          .withOAuth2Enabled(oauth2 == null || oauth2);
      return new Args(null, false, forge);
    }
    if (oauth2 != null) {
      throw new IllegalArgumentException("--oauth2 applies to --flavor gitea only");
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

  /** Whether {@code --flavor gitlab} (or {@code --flavor=gitlab}) is given: GitLab has a parser of its own. */
  static boolean isGitLab(String[] argv) {
    for (int i = 0; i < argv.length; i++) {
      if ((argv[i].equals("--flavor") && i + 1 < argv.length && argv[i + 1].equals("gitlab"))
          || argv[i].equals("--flavor=gitlab")) {
        return true;
      }
    }
    return false;
  }

  /** {@code argv} without its {@code --flavor} option, for the flavor's own parser. */
  static String[] withoutFlavor(String[] argv) {
    java.util.List<String> rest = new java.util.ArrayList<>();
    for (int i = 0; i < argv.length; i++) {
      if (argv[i].equals("--flavor")) {
        i++;
      } else if (!argv[i].startsWith("--flavor=")) {
        rest.add(argv[i]);
      }
    }
    return rest.toArray(new String[0]);
  }
}
