package org.vcstoken.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs real git/hg/svn clients isolated from the machine: own HOME, no system git config, no
 * prompts, no hgrc, and a hard timeout after which the process tree is killed.
 */
final class Cli {
  /** Exit code and combined stdout/stderr. */
  record Result(int exit, String out) {
    Result assertOk() {
      if (exit != 0) {
        throw new AssertionError("command failed (exit " + exit + "):\n" + out);
      }
      return this;
    }
  }

  private Cli() {}

  /** An isolated environment rooted at {@code home}. */
  static Map<String, String> env(Path home) {
    return Map.of("HOME", home.toString(), "GIT_CONFIG_NOSYSTEM", "1", "GIT_CONFIG_GLOBAL",
        home.resolve(".gitconfig").toString(), "GIT_TERMINAL_PROMPT", "0", "GIT_ASKPASS", "",
        "SSH_ASKPASS", "", "HGRCPATH", "", "HGPLAIN", "1", "LANG", "C", "LC_ALL", "C");
  }

  static Result run(List<String> command, Path dir, Map<String, String> env, int timeoutSeconds) {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    pb.environment().keySet().removeIf(k -> k.startsWith("GIT_") || k.startsWith("HG") || k.startsWith("SVN"));
    pb.environment().putAll(env);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    try {
      Path out = Files.createTempFile("cli", ".log");
      try {
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        boolean done;
        try {
          done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          done = false;
        }
        if (!done) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
          throw new AssertionError(String.join(" ", command) + " timed out after " + timeoutSeconds
              + " s:\n" + Files.readString(out, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    }
  }

  static Result git(Path dir, Path home, String... args) {
    List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=Test", "-c", "user.email=test@example.test",
        "-c", "init.defaultBranch=master", "-c", "credential.helper="));
    cmd.addAll(List.of(args));
    return run(cmd, dir, env(home), 90);
  }

  static Result hg(Path dir, Path home, String... args) {
    List<String> cmd = new ArrayList<>(List.of("hg", "--config", "ui.username=Test <test@example.test>",
        "--config", "ui.interactive=false"));
    cmd.addAll(List.of(args));
    return run(cmd, dir, env(home), 90);
  }

  /** svn with explicit credentials, isolated config dir, no cache, never interactive. */
  static Result svn(Path dir, Path home, String user, String password, String... args) {
    List<String> cmd = new ArrayList<>(List.of("svn", "--config-dir", home.resolve("svnconfig").toString(),
        "--non-interactive", "--no-auth-cache", "--username", user, "--password", password));
    cmd.addAll(List.of(args));
    return run(cmd, dir, env(home), 90);
  }

  /** {@code http://user:secret@host:port/path} from the sandbox URL. */
  static String url(Sandbox sandbox, String user, String secret, String path) {
    String base = sandbox.url().toString();
    return base.replace("http://", "http://" + user + ":" + secret + "@") + "/" + path;
  }
}
