package org.vcstoken.sandbox;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.vcstoken.sandbox.forgejo.Flavor;
import org.vcstoken.sandbox.forgejo.ForgeOptions;
import org.vcstoken.sandbox.forgejo.ForgeSandbox;
import org.vcstoken.sandbox.launch.CommandLine;
import org.vcstoken.sandbox.launch.Foreground;
import org.vcstoken.sandbox.launch.SandboxJson;
import org.vcstoken.sandbox.web.Edition;

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

  private static final Set<String> WITH_VALUE = Set.of("--data", "--port", "--realm", "--auth-cache-ttl", "--edition",
      "--flavor", "--oauth2");

  private SandboxMain() {}

  /** Parsed command line, or a usage error; {@code forge} is set for --flavor forgejo|gitea. */
  record Args(SandboxOptions options, boolean help, ForgeOptions forge) implements Foreground.Parsed {
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
    return new Foreground(out, err).command(argv, USAGE, SandboxMain::parse, args -> starter(args, err));
  }

  /** RhodeCode, or the Forgejo/Gitea imitation for --flavor forgejo|gitea. */
  private static Foreground.Starter starter(Args args, PrintStream log) {
    if (args.forge() != null) {
      ForgeOptions options = args.forge();
      return () -> {
        ForgeSandbox forge = ForgeSandbox.start(options);
        new SandboxJson(forge.url(), forge.adminToken(), forge.realm(), forge.flavor().wireName())
            .write(options.dataDir(), Map.of("version", options.version()));
        return new Foreground.Started(forge.url(), forge::close);
      };
    }
    return () -> {
      Sandbox sandbox = Sandbox.start(args.options(), log);
      writeInfo(sandbox);
      return new Foreground.Started(sandbox.url(), sandbox::close);
    };
  }

  static void writeInfo(Sandbox sandbox) throws IOException {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("edition", sandbox.options().edition().name().toLowerCase(java.util.Locale.ROOT));
    details.put("hg", SandboxJson.backendState(sandbox.hgUnavailableReason()));
    details.put("svn", SandboxJson.backendState(sandbox.svnUnavailableReason()));
    new SandboxJson(sandbox.url(), sandbox.adminToken(), sandbox.realm(), "rhodecode")
        .write(sandbox.options().dataDir(), details);
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
    CommandLine line = new CommandLine(argv, WITH_VALUE, Set.of());
    for (CommandLine.Option o = line.next(); o != null; o = line.next()) {
      if (o.isHelp()) {
        return new Args(null, true);
      }
      String name = o.name();
      String value = o.value();
      switch (name) {
        case "--data" -> data = Path.of(value);
        case "--port" -> port = CommandLine.number(o, 0, 65535);
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
          ttl = Duration.ofSeconds(CommandLine.number(o, 0, 86400));
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
