package org.vcstoken.sandbox;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import org.vcstoken.sandbox.auth.VcsAuthenticator;
import org.vcstoken.sandbox.backend.GitBackend;
import org.vcstoken.sandbox.backend.HgBackend;
import org.vcstoken.sandbox.backend.SvnBackend;
import org.vcstoken.sandbox.http.LocalServer;
import org.vcstoken.sandbox.store.Perm;
import org.vcstoken.sandbox.store.Repo;
import org.vcstoken.sandbox.store.RepoType;
import org.vcstoken.sandbox.store.Roles;
import org.vcstoken.sandbox.store.SandboxClock;
import org.vcstoken.sandbox.store.SandboxException;
import org.vcstoken.sandbox.store.Store;
import org.vcstoken.sandbox.store.Token;
import org.vcstoken.sandbox.store.User;
import org.vcstoken.sandbox.web.ApiHandler;
import org.vcstoken.sandbox.web.Operations;
import org.vcstoken.sandbox.web.SandboxServlet;
import org.vcstoken.sandbox.web.WebSettings;
import org.vcstoken.sandbox.web.WebUi;

/**
 * A RhodeCode-compatible server for tests and the demo: it checks tokens the way RhodeCode
 * does and serves real git (JGit), hg ({@code hg serve}) and svn (Apache mod_dav_svn)
 * repositories on 127.0.0.1. Seeding methods have the same effect as the JSON-RPC methods.
 * Refused seeding calls throw {@link IllegalArgumentException} naming the bad value.
 */
public final class Sandbox implements AutoCloseable {
  static final String ADMIN_TOKEN_DESCRIPTION = "vcstoken sandbox admin token";

  private final SandboxOptions options;
  private final SandboxClock clock;
  private final Store store;
  private final Operations ops;
  private final LocalServer server;
  private final String adminToken;
  private final WebSettings web;

  private Sandbox(SandboxOptions options, SandboxClock clock, Store store, Operations ops, LocalServer server,
      String adminToken, WebSettings web) {
    this.options = options;
    this.web = web;
    this.clock = clock;
    this.store = store;
    this.ops = ops;
    this.server = server;
    this.adminToken = adminToken;
  }

  /** Starts the server on 127.0.0.1; prints one line per backend that is off to stderr. */
  public static Sandbox start(SandboxOptions options) throws IOException {
    return start(options, System.err);
  }

  static Sandbox start(SandboxOptions options, PrintStream log) throws IOException {
    Objects.requireNonNull(options, "options");
    Path data = options.dataDir().toAbsolutePath();
    Files.createDirectories(data);
    Path run = data.resolve("run");
    Files.createDirectories(run);
    SandboxClock clock = new SandboxClock(options.clock());
    Store store = Store.open(data, clock);
    if (store.findUserByName(Store.DEFAULT_USER).isEmpty()) {
      Operations.addFeedToken(store, store.createUser(Store.DEFAULT_USER, null, "anonymous@example.test", true, false));
    }
    User admin = store.findUserByName(Store.ADMIN_USER).orElseGet(() -> {
      User created = store.createUser(Store.ADMIN_USER, null, "admin@example.test", true, true);
      Operations.addFeedToken(store, created);
      return created;
    });
    String adminToken = store.tokensOf(admin.id()).stream()
        .filter(t -> t.description().equals(ADMIN_TOKEN_DESCRIPTION) && t.role().equals(Roles.ALL)
            && t.expires() == Token.NEVER && t.repoId() == null)
        .findFirst()
        .orElseGet(() -> store.addToken(admin.id(), Roles.ALL, -1, ADMIN_TOKEN_DESCRIPTION, null))
        .value();

    GitBackend git = new GitBackend(data.resolve("git"));
    HgBackend hg = HgBackend.probe(data.resolve("hg"), run.resolve("hg"));
    SvnBackend svn = SvnBackend.probe(data.resolve("svn"), run.resolve("apache"), store.newHex(20));
    Operations ops = new Operations(store, git, hg, svn);
    VcsAuthenticator authenticator = new VcsAuthenticator(store, clock, options.authCacheTtl());
    WebSettings settings = new WebSettings();
    Sandbox[] self = new Sandbox[1];
    ApiHandler api = new ApiHandler(ops, clock, authenticator, () -> self[0].url().toString(), settings);
    WebUi web = new WebUi(store, clock, options.edition(), settings);
    SandboxServlet servlet = new SandboxServlet(ops, authenticator, api, web, options.realm());
    LocalServer server = LocalServer.start(
        new LocalServer.Settings("sandbox", "sandbox", options.port(), LocalServer.HG_HEADER_SIZE, false), servlet,
        () -> {
          hg.startOrDisable(log);
          svn.startOrDisable(ops.svnRepos(), store.users().stream().map(User::username).toList(), log);
        },
        () -> {
          hg.close();
          svn.close();
        });
    Sandbox sandbox = new Sandbox(options, clock, store, ops, server, adminToken, settings);
    self[0] = sandbox;
    return sandbox;
  }

  /** e.g. {@code http://127.0.0.1:PORT}, no trailing slash. */
  public URI url() {
    return server.url();
  }

  /** Token of user {@code admin}, role {@code token_role_all}, never expires; kept across restarts. */
  public String adminToken() {
    return adminToken;
  }

  public String realm() {
    return options.realm();
  }

  public SandboxOptions options() {
    return options;
  }

  public boolean hgAvailable() {
    return ops.hg().available();
  }

  public boolean svnAvailable() {
    return ops.svn().available();
  }

  /** Why hg is off, or null when it is on. */
  public String hgUnavailableReason() {
    return ops.hg().unavailableReason();
  }

  /** Why svn is off, or null when it is on. */
  public String svnUnavailableReason() {
    return ops.svn().unavailableReason();
  }

  /** An active user with email {@code username@example.test}. */
  public void createUser(String username, String password) {
    Objects.requireNonNull(password, "password");
    ops.createUser(username, password, username + "@example.test", true, false);
  }

  public void setUserActive(String username, boolean active) {
    store.setActive(user(username).id(), active);
  }

  /** Creates a real empty repository on disk; names may contain groups ({@code a/b/repo}). */
  public void createRepo(String repoName, String repoType, String owner) {
    ops.createRepo(repoName, RepoType.parse(repoType), user(owner), "");
  }

  /** {@code perm}: repository.read|write|admin|none. */
  public void grant(String repoName, String username, String perm) {
    store.grant(repo(repoName).id(), user(username).id(), Perm.parse(perm));
  }

  /**
   * @param lifetimeMinutes minutes from the server clock's now, or -1 for never
   * @param scopeRepo a repository name, or null for all repositories
   */
  public IssuedToken addToken(String username, String role, long lifetimeMinutes, String description,
      String scopeRepo) {
    Long repoId = scopeRepo == null ? null : repo(scopeRepo).id();
    Token t = store.addToken(user(username).id(), role, lifetimeMinutes, description, repoId);
    return new IssuedToken(t.id(), t.value(), t.expires());
  }

  public void deleteToken(long tokenId) {
    if (!store.deleteToken(tokenId)) {
      throw new SandboxException("auth token `" + tokenId + "` does not exist");
    }
  }

  /**
   * The admin's custom code, which RhodeCode writes unescaped into every page: {@code pre} at the
   * end of {@code <head>}, {@code post} at the end of {@code <body>} (Admin → Settings → Visual →
   * "Custom header/footer code"). Kept in memory only.
   */
  public void setCustomCode(String pre, String post) {
    web.setCustomCode(pre, post);
  }

  /**
   * The addresses {@code username} may use the web UI from (RhodeCode's per-user IP whitelist);
   * none = any. From another address the login succeeds but every page then sends the browser
   * back to the login page with the flash "IP … not allowed". Web UI only, kept in memory only.
   */
  public void setAllowedIps(String username, java.util.List<String> ips) {
    user(username);
    web.setAllowedIps(username, ips);
  }

  /** Moves the server clock used for expiry (and for the auth cache); it keeps ticking. */
  public void setTime(Instant now) {
    clock.setTime(now);
  }

  /** The server clock's current time. */
  public Instant now() {
    return clock.instant();
  }

  public int repoId(String repoName) {
    return Math.toIntExact(repo(repoName).id());
  }

  private User user(String username) {
    return store.findUserByName(username)
        .orElseThrow(() -> new SandboxException("user `" + username + "` does not exist"));
  }

  private Repo repo(String repoName) {
    return store.findRepoByName(repoName)
        .orElseThrow(() -> new SandboxException("repository `" + repoName + "` does not exist"));
  }

  /** Stops the HTTP server and the child processes (hg serve, Apache). Idempotent. */
  @Override
  public void close() {
    server.close();
  }
}
