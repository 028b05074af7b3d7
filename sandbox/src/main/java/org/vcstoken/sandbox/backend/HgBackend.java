package org.vcstoken.sandbox.backend;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code hg serve --web-conf} child on loopback serving every hg repository under
 * {@code root} (paths glob {@code **}, refreshed on every request so new repos appear at once).
 * It has no authentication of its own: only the sandbox, which authenticates first, talks to it.
 */
public final class HgBackend implements AutoCloseable {
  private static final Pattern BOUND = Pattern.compile("bound to [^:]+:(\\d+)");

  private final Path root;
  private final Path runDir;
  private volatile String unavailableReason;
  private Process process;
  private int port;

  private HgBackend(Path root, Path runDir, String unavailableReason) {
    this.root = root;
    this.runDir = runDir;
    this.unavailableReason = unavailableReason;
  }

  /** Environment for every hg we run: no user or system config can change behaviour. */
  static Map<String, String> hgEnv(Path home) {
    return Map.of("HGRCPATH", "", "HGPLAIN", "1", "HOME", home.toString(), "LANG", "C",
        "LC_ALL", "C");
  }

  /** Probes {@code hg}; a missing hg makes an off backend with the reason. */
  public static HgBackend probe(Path root, Path runDir) throws IOException {
    Files.createDirectories(runDir);
    String reason = Processes.probe(List.of("hg", "--version"), hgEnv(runDir));
    return new HgBackend(root, runDir, reason);
  }

  /** Turns the backend off, e.g. when its child process failed to start. */
  public void disable(String reason) {
    unavailableReason = reason;
  }

  public boolean available() {
    return unavailableReason == null;
  }

  public String unavailableReason() {
    return unavailableReason;
  }

  public Path dirOf(String repoName) {
    return root.resolve(repoName);
  }

  public boolean existsOnDisk(String repoName) {
    return Files.isDirectory(dirOf(repoName).resolve(".hg"));
  }

  public synchronized void start() throws IOException {
    if (!available() || process != null) {
      return;
    }
    Files.createDirectories(root);
    Path conf = runDir.resolve("hgweb.conf");
    Files.writeString(conf, "[paths]\n/ = " + root.toAbsolutePath() + "/**\n"
        + "[web]\nrefreshinterval = 0\npush_ssl = false\nallow-push = *\n"
        + "allow_archive =\ndescend = True\n", StandardCharsets.UTF_8);
    Path log = runDir.resolve("hg-serve.log");
    Files.deleteIfExists(log);
    ProcessBuilder pb = new ProcessBuilder("hg", "serve", "--web-conf", conf.toString(),
        "-a", "127.0.0.1", "-p", "0", "--config", "web.push_ssl=false",
        "--config", "web.allow-push=*", "--accesslog", runDir.resolve("hg-access.log").toString(),
        "--errorlog", runDir.resolve("hg-error.log").toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).directory(runDir.toFile());
    pb.environment().putAll(hgEnv(runDir));
    process = pb.start();
    Instant deadline = Instant.now().plusSeconds(20);
    while (Instant.now().isBefore(deadline)) {
      String out = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
      Matcher m = BOUND.matcher(out);
      if (m.find()) {
        port = Integer.parseInt(m.group(1));
        return;
      }
      if (!process.isAlive()) {
        process = null;
        throw new IOException("hg serve exited with " + out.strip());
      }
      awaitChange(process);
    }
    close();
    throw new IOException("hg serve did not report its port within 20 s; see " + log);
  }

  /**
   * Starts {@code hg serve}, or turns the backend off when it cannot start: the sandbox still
   * serves git. An off backend, for this or any reason, is one line on {@code log}.
   */
  public void startOrDisable(PrintStream log) {
    try {
      start();
    } catch (IOException e) {
      disable("hg serve failed to start: " + e.getMessage());
    }
    if (!available()) {
      log.println("sandbox: hg backend off: " + unavailableReason());
    }
  }

  public synchronized String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public void create(String repoName) throws IOException {
    Path dir = dirOf(repoName);
    if (existsOnDisk(repoName)) {
      throw new IOException("an hg repository already exists at " + dir);
    }
    Files.createDirectories(dir.getParent());
    Processes.check(List.of("hg", "init", dir.toString()), hgEnv(runDir), Duration.ofSeconds(30));
  }

  @Override
  public synchronized void close() {
    if (process != null) {
      Processes.stop(process, Duration.ofSeconds(5));
      process = null;
    }
  }

  /**
   * Between two readiness checks, waits on the child itself: this returns at once when the child
   * exits (the caller then reports why) and otherwise after a short interval, within the caller's
   * deadline.
   */
  static void awaitChange(Process child) throws IOException {
    try {
      child.waitFor(50, java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for a backend to start", e);
    }
  }
}
