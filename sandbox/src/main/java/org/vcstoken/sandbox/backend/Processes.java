package org.vcstoken.sandbox.backend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs short helper commands (hg init, svnadmin) with a bound on their running time. */
public final class Processes {
  /** Exit code and combined output. */
  public record Result(int exitCode, String output) {}

  private Processes() {}

  public static Result run(List<String> command, Map<String, String> env, Path workDir,
      Duration timeout) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    if (workDir != null) {
      pb.directory(workDir.toFile());
    }
    Path out = Files.createTempFile("sandbox-cmd", ".log");
    try {
      pb.redirectOutput(out.toFile());
      Process p = pb.start();
      try {
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          stop(p, Duration.ofSeconds(2));
          throw new IOException(command.get(0) + " did not finish within " + timeout);
        }
      } catch (InterruptedException e) {
        stop(p, Duration.ofSeconds(2));
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while running " + command.get(0), e);
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** Like {@link #run} but fails with the command's output when it exits non-zero. */
  public static String check(List<String> command, Map<String, String> env, Duration timeout)
      throws IOException {
    Result r = run(command, env, null, timeout);
    if (r.exitCode() != 0) {
      throw new IOException(String.join(" ", command) + " failed (exit " + r.exitCode() + "): "
          + r.output().strip());
    }
    return r.output();
  }

  /** SIGTERM to the process and its descendants, then SIGKILL after {@code grace}. */
  public static void stop(Process p, Duration grace) {
    List<ProcessHandle> kids = p.descendants().toList();
    p.destroy();
    kids.forEach(ProcessHandle::destroy);
    try {
      if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    kids.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  /** Whether {@code program} runs at all (e.g. {@code hg --version}). */
  public static String probe(List<String> command, Map<String, String> env) {
    try {
      Result r = run(command, env, null, Duration.ofSeconds(20));
      return r.exitCode() == 0 ? null : String.join(" ", command) + " exited " + r.exitCode();
    } catch (IOException e) {
      return String.join(" ", command) + " cannot run: " + e.getMessage();
    }
  }
}
