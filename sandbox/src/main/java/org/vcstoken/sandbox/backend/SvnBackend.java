package org.vcstoken.sandbox.backend;

import java.io.IOException;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Apache httpd with {@code mod_dav_svn}, started with a config of our own on loopback, one
 * {@code <Location>} per repository (so grouped names work, which SVNParentPath cannot do).
 *
 * <p>Commit authorship: the sandbox replaces the client's Authorization with
 * {@code <authenticated user>:<internal secret>} and Apache checks that against an htpasswd
 * file listing every sandbox user with the secret. So {@code svn:author} is the RhodeCode
 * user, and nobody who bypasses the sandbox can use Apache without the secret.
 *
 * <p>As root, Apache refuses root workers, so they run as {@code www-data}; the repositories
 * are chowned to it and the data directory must be reachable (o+x) for it.
 */
public final class SvnBackend implements AutoCloseable {
  static final Path APACHE = Path.of("/usr/sbin/apache2");
  static final Path MODULES = Path.of("/usr/lib/apache2/modules");
  static final String WORKER_USER = "www-data";

  private final Path root;
  private final Path runDir;
  private volatile String unavailableReason;
  private final boolean asRoot;
  private final String secret;
  private Process process;
  private int port;
  /** Served repositories: name to RhodeCode id; each is served at /NAME and at /_ID. */
  private Map<String, Long> repos = new java.util.LinkedHashMap<>();
  private Collection<String> usernames = List.of();

  private SvnBackend(Path root, Path runDir, String unavailableReason, boolean asRoot, String secret) {
    this.root = root;
    this.runDir = runDir;
    this.unavailableReason = unavailableReason;
    this.asRoot = asRoot;
    this.secret = secret;
  }

  /** Checks Apache, mod_dav_svn and svnadmin; anything missing turns the backend off. */
  public static SvnBackend probe(Path root, Path runDir, String secret) throws IOException {
    Files.createDirectories(runDir);
    Files.createDirectories(root);
    boolean asRoot = isRoot();
    String reason = null;
    if (!Files.isExecutable(APACHE)) {
      reason = APACHE + " not found (install apache2)";
    } else if (!Files.isRegularFile(MODULES.resolve("mod_dav_svn.so"))) {
      reason = MODULES.resolve("mod_dav_svn.so") + " not found (install libapache2-mod-svn)";
    } else {
      reason = Processes.probe(List.of("svnadmin", "--version", "--quiet"), Map.of());
    }
    if (reason == null && asRoot) {
      reason = makeReachable(List.of(root, runDir));
    }
    return new SvnBackend(root, runDir, reason, asRoot, secret);
  }

  static boolean isRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  /**
   * Apache's www-data workers must traverse every ancestor of the repositories. Inside the
   * system temp dir (where tests live) we add o+x ourselves; elsewhere we refuse to touch
   * the user's directories and say what to change.
   */
  static String makeReachable(List<Path> dirs) throws IOException {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toRealPath();
    for (Path dir : dirs) {
      for (Path p = dir.toRealPath(); p != null; p = p.getParent()) {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
        if (perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
          continue;
        }
        if (p.startsWith(tmp) && !p.equals(tmp)) {
          perms.add(PosixFilePermission.OTHERS_EXECUTE);
          Files.setPosixFilePermissions(p, perms);
        } else {
          return "running as root, Apache's " + WORKER_USER + " workers cannot reach " + p
              + " (run `chmod o+x " + p + "`, or use a --data directory under " + tmp + ")";
        }
      }
    }
    return null;
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
    return Files.isRegularFile(dirOf(repoName).resolve("format"));
  }

  public synchronized String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** The Authorization header Apache expects for {@code username}. */
  public String backendAuthorization(String username) {
    return "Basic " + Base64.getEncoder().encodeToString(
        (username + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  public synchronized void start(Map<String, Long> repos, Collection<String> users) throws IOException {
    if (!available() || process != null) {
      return;
    }
    this.repos = new java.util.LinkedHashMap<>(repos);
    this.usernames = List.copyOf(users);
    IOException last = null;
    // A port picked by binding :0 can be taken again before Apache binds it; retry a few times.
    for (int attempt = 0; attempt < 3; attempt++) {
      port = freePort();
      writeHtpasswd();
      writeConfig();
      try {
        launch();
        return;
      } catch (IOException e) {
        last = e;
      }
    }
    throw last;
  }

  /**
   * Starts Apache, or turns the backend off when it cannot start: the sandbox still serves git.
   * An off backend, for this or any reason, is one line on {@code log}.
   */
  public void startOrDisable(Map<String, Long> repos, Collection<String> users, PrintStream log) {
    try {
      start(repos, users);
    } catch (IOException e) {
      disable("apache2 failed to start: " + e.getMessage());
    }
    if (!available()) {
      log.println("sandbox: svn backend off: " + unavailableReason());
    }
  }

  private void launch() throws IOException {
    Path log = runDir.resolve("apache-stdout.log");
    ProcessBuilder pb = new ProcessBuilder(APACHE.toString(), "-f", configFile().toString(),
        "-DFOREGROUND").redirectErrorStream(true).redirectOutput(log.toFile());
    // A self-contained config: nothing from /etc/apache2/envvars is referenced.
    pb.environment().keySet().removeIf(k -> k.startsWith("APACHE_"));
    process = pb.start();
    Instant deadline = Instant.now().plusSeconds(20);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        process = null;
        throw new IOException("apache2 exited at start: " + tail(log) + " " + tail(runDir.resolve("error.log")));
      }
      if (answers("/")) {
        return;
      }
      HgBackend.awaitChange(process);
    }
    close();
    throw new IOException("apache2 did not answer within 20 s; see " + runDir.resolve("error.log"));
  }

  /** Creates the repository with svnadmin and makes Apache serve it (graceful restart). */
  public synchronized void create(String repoName) throws IOException {
    Path dir = dirOf(repoName);
    if (existsOnDisk(repoName)) {
      throw new IOException("an svn repository already exists at " + dir);
    }
    Files.createDirectories(dir.getParent());
    Processes.check(List.of("svnadmin", "create", dir.toString()), Map.of(), Duration.ofSeconds(30));
    if (asRoot) {
      Processes.check(List.of("chown", "-R", WORKER_USER + ":" + WORKER_USER, dir.toString()),
          Map.of(), Duration.ofSeconds(30));
    }
  }

  /** Makes Apache serve a created repository, by name and by id (graceful restart). */
  public synchronized void serve(String repoName, long id) throws IOException {
    repos.put(repoName, id);
    if (process != null) {
      writeConfig();
      Processes.check(List.of("kill", "-USR1", Long.toString(process.pid())), Map.of(), Duration.ofSeconds(10));
      Instant deadline = Instant.now().plusSeconds(20);
      while (!answers("/" + repoName + "/")) {
        if (Instant.now().isAfter(deadline) || !process.isAlive()) {
          throw new IOException("apache2 did not pick up " + repoName + " within 20 s; see "
              + runDir.resolve("error.log"));
        }
        HgBackend.awaitChange(process);
      }
    }
  }

  /** Rewrites the htpasswd file; Apache re-reads it on every request. */
  public synchronized void syncUsers(Collection<String> users) throws IOException {
    usernames = List.copyOf(users);
    if (available()) {
      writeHtpasswd();
    }
  }

  private boolean answers(String path) {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create(baseUrl() + path).toURL().openConnection();
      c.setConnectTimeout(1000);
      c.setReadTimeout(2000);
      c.setRequestMethod("OPTIONS");
      c.setRequestProperty("Authorization", backendAuthorization("default"));
      int code = c.getResponseCode();
      String dav = c.getHeaderField("DAV");
      c.disconnect();
      // The root only has to answer at all; a repo must answer as mod_dav_svn (the root's
      // "Require all denied" 403 would otherwise look like success before the reload).
      return path.equals("/") ? code > 0
          : code == 200 && dav != null && dav.contains("subversion.tigris.org");
    } catch (IOException e) {
      return false;
    }
  }

  private Path configFile() {
    return runDir.resolve("httpd.conf");
  }

  private void writeConfig() throws IOException {
    StringBuilder c = new StringBuilder();
    c.append("ServerRoot \"").append(runDir).append("\"\n")
        .append("DefaultRuntimeDir \"").append(runDir).append("\"\n")
        .append("PidFile \"").append(runDir.resolve("httpd.pid")).append("\"\n")
        .append("ErrorLog \"").append(runDir.resolve("error.log")).append("\"\n")
        .append("LogLevel warn\n")
        .append("Listen 127.0.0.1:").append(port).append("\n")
        .append("ServerName 127.0.0.1\n")
        .append("Timeout 600\n");
    if (asRoot) {
      c.append("User ").append(WORKER_USER).append("\nGroup ").append(WORKER_USER).append("\n");
    }
    for (String m : List.of("mpm_event", "authn_core", "authn_file", "auth_basic", "authz_core",
        "authz_user", "dav", "dav_svn")) {
      c.append("LoadModule ").append(m).append("_module \"").append(MODULES.resolve("mod_" + m + ".so"))
          .append("\"\n");
    }
    c.append("<Location \"/\">\n  Require all denied\n</Location>\n");
    for (Map.Entry<String, Long> repo : repos.entrySet()) {
      // RhodeCode also serves a repository at /_<id>; a second Location on the same repository
      // makes Apache answer there with hrefs under that URL, as the client expects.
      for (String path : List.of(repo.getKey(), "_" + repo.getValue())) {
        appendLocation(c, path, repo.getKey());
      }
    }
    Files.writeString(configFile(), c.toString(), StandardCharsets.UTF_8);
  }

  private void appendLocation(StringBuilder c, String path, String name) {
    c.append("<Location \"/").append(path).append("\">\n")
        .append("  DAV svn\n")
        .append("  SVNPath \"").append(dirOf(name)).append("\"\n")
        .append("  SVNPathAuthz off\n")
        .append("  AuthType Basic\n  AuthName \"sandbox-internal\"\n  AuthBasicProvider file\n")
        .append("  AuthUserFile \"").append(runDir.resolve("htpasswd")).append("\"\n")
        .append("  Require valid-user\n")
        .append("</Location>\n");
  }

  private void writeHtpasswd() throws IOException {
    String hash = "{SHA}" + Base64.getEncoder().encodeToString(sha1(secret));
    StringBuilder b = new StringBuilder();
    for (String u : usernames) {
      b.append(u).append(':').append(hash).append('\n');
    }
    Path file = runDir.resolve("htpasswd");
    org.vcstoken.sandbox.store.Store.writeAtomically(file, b.toString().getBytes(StandardCharsets.UTF_8));
    // Workers (www-data when we are root) read it on each request; it holds no real password.
    Files.setPosixFilePermissions(file, EnumSet.of(PosixFilePermission.OWNER_READ,
        PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ));
  }

  private static byte[] sha1(String s) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-1", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String tail(Path log) {
    try {
      String s = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8).strip() : "";
      return s.length() > 800 ? s.substring(s.length() - 800) : s;
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  @Override
  public synchronized void close() {
    if (process != null) {
      Processes.stop(process, Duration.ofSeconds(10));
      process = null;
    }
  }
}
