package org.vcstoken.sandbox.gitlab;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.vcstoken.sandbox.launch.CommandLine;
import org.vcstoken.sandbox.launch.Foreground;
import org.vcstoken.sandbox.launch.SandboxJson;

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
  record Args(GitLabOptions options, boolean help) implements Foreground.Parsed {}

  /**
   * Runs with {@code argv} (the {@code --flavor} option already removed); returns the exit
   * code once the sandbox stopped, 2 for a usage error, 1 when it cannot start.
   */
  public static int run(String[] argv, PrintStream out, PrintStream err) {
    return new Foreground(out, err).command(argv, USAGE, GitLabMain::parse, args -> () -> {
      GitLabSandbox sandbox = GitLabSandbox.start(args.options(), err);
      writeInfo(sandbox);
      return new Foreground.Started(sandbox.url(), sandbox::close);
    });
  }

  static void writeInfo(GitLabSandbox sandbox) throws IOException {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("version", sandbox.version().toString());
    details.put("max_token_lifetime_days", sandbox.options().maxTokenLifetimeDays());
    details.put("hg", SandboxJson.backendState(sandbox.hgUnavailableReason()));
    new SandboxJson(sandbox.url(), sandbox.adminToken(), sandbox.realm(), "gitlab")
        .write(sandbox.options().dataDir(), details);
  }

  static Args parse(String[] argv) {
    Path data = null;
    int port = 0;
    GitLabVersion version = GitLabVersion.DEFAULT;
    int maxDays = 365;
    boolean passwordForGit = true;
    CommandLine line = new CommandLine(argv, WITH_VALUE, Set.of("--no-password-for-git"));
    for (CommandLine.Option o = line.next(); o != null; o = line.next()) {
      if (o.isHelp()) {
        return new Args(null, true);
      }
      switch (o.name()) {
        case "--no-password-for-git" -> passwordForGit = false;
        case "--data" -> data = Path.of(o.value());
        case "--port" -> port = CommandLine.number(o, 0, 65535);
        case "--gitlab-version" -> version = GitLabVersion.parse(o.value());
        case "--max-token-lifetime" -> {
          maxDays = CommandLine.number(o, 0, 1000);
          if (maxDays != 365 && maxDays != 400) {
            throw new IllegalArgumentException("--max-token-lifetime must be 365 or 400, got `" + o.value() + "`");
          }
        }
        default -> throw new AssertionError(o.name());
      }
    }
    if (data == null) {
      throw new IllegalArgumentException("--data DIR is required");
    }
    return new Args(new GitLabOptions(data, port, version, null, maxDays, passwordForGit), false);
  }
}
