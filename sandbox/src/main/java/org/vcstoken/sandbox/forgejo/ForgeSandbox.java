package org.vcstoken.sandbox.forgejo;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.vcstoken.sandbox.backend.GitBackend;
import org.vcstoken.sandbox.forgejo.ForgeStore.ForgeRepo;
import org.vcstoken.sandbox.forgejo.ForgeStore.ForgeUser;
import org.vcstoken.sandbox.http.LocalServer;
import org.vcstoken.sandbox.store.SandboxClock;

/**
 * A Forgejo or Gitea imitation for tests and the demo: git smart HTTP with the forge's
 * 401/403/404 rules, and the token API (Basic password only, OTP, Forgejo's repository-specific
 * tokens), on 127.0.0.1. Seeding methods do what the forge's admin API (or its web UI, for 2FA
 * enrolment) does; refused calls throw {@link IllegalArgumentException} naming the bad value.
 */
public final class ForgeSandbox implements AutoCloseable {
  static final String ADMIN_USER = "admin";
  static final String ADMIN_TOKEN_NAME = "vcstoken sandbox admin token";

  private final ForgeOptions options;
  private final ForgeOps ops;
  private final LocalServer server;
  private final String adminToken;

  private ForgeSandbox(ForgeOptions options, ForgeOps ops, LocalServer server, String adminToken) {
    this.options = options;
    this.ops = ops;
    this.server = server;
    this.adminToken = adminToken;
  }

  /** Starts the server on 127.0.0.1; state in {@code options.dataDir()} survives a restart. */
  public static ForgeSandbox start(ForgeOptions options) throws IOException {
    Objects.requireNonNull(options, "options");
    Path data = options.dataDir().toAbsolutePath();
    Files.createDirectories(data);
    SandboxClock clock = new SandboxClock(options.clock());
    Secrets secrets = new Secrets();
    ForgeStore store = ForgeStore.open(data, options.flavor(), clock, secrets);
    GitBackend git = new GitBackend(data.resolve("git"));
    ForgeOps ops = new ForgeOps(options.flavor(), store, git, clock, secrets);
    String adminToken = ensureAdmin(store, ops, secrets);

    String[] appUrl = new String[1];
    Authenticator authenticator = new Authenticator(options.flavor(), store, clock);
    ForgeApi api = new ForgeApi(options.flavor(), options.version(), store, ops::createRepo, () -> appUrl[0]);
    GitHttp gitHttp = new GitHttp(options.flavor(), store, git, options.realm());
    ForgeServlet servlet = new ForgeServlet(options.flavor(), ops, authenticator, api, gitHttp, git);

    LocalServer server = LocalServer.start(
        new LocalServer.Settings("sandbox", options.flavor().wireName(), options.port(),
            LocalServer.DEFAULT_HEADER_SIZE, false), servlet);
    // setting.AppURL always ends with a slash.
    appUrl[0] = server.url() + "/";
    return new ForgeSandbox(options, ops, server, adminToken);
  }

  /** User {@code admin} (site admin, random password) and its scope-all token, kept across restarts. */
  private static String ensureAdmin(ForgeStore store, ForgeOps ops, Secrets secrets) {
    ForgeUser admin = store.findUser(ADMIN_USER).orElseGet(() ->
        store.createUser(ADMIN_USER, "admin@example.test", secrets.newToken(), true, false));
    String secret = store.adminTokenSecret();
    if (secret != null && store.findToken(secret).isPresent()) {
      return secret;
    }
    String fresh = ops.createToken(admin.name(), ADMIN_TOKEN_NAME + " " + store.now(), List.of(Scopes.ALL), null)
        .secret();
    store.setAdminTokenSecret(fresh);
    return fresh;
  }

  /** e.g. {@code http://127.0.0.1:PORT}, no trailing slash. */
  public URI url() {
    return server.url();
  }

  /** A token of user {@code admin} (site admin) with scope {@code all}; kept across restarts. */
  public String adminToken() {
    return adminToken;
  }

  public Flavor flavor() {
    return options.flavor();
  }

  /** {@code Gitea}, or {@code Gitea (Basic Auth)} for a Gitea with OAuth2 disabled. */
  public String realm() {
    return options.realm();
  }

  public ForgeOptions options() {
    return options;
  }

  /** An account with email {@code username@example.test} that need not change its password. */
  public void createUser(String username, String password) {
    Objects.requireNonNull(password, "password");
    ops.store().createUser(username, username + "@example.test", password, false, false);
  }

  /** Enrols TOTP with a new random secret (base32) and returns it. */
  public String enrollTotp(String username) {
    return ops.enrollTotp(username, null);
  }

  /** Enrols TOTP with the given base32 secret. */
  public void enrollTotp(String username, String base32Secret) {
    ops.enrollTotp(username, Objects.requireNonNull(base32Secret, "base32Secret"));
  }

  public void disableTotp(String username) {
    ops.disableTotp(username);
  }

  /** The code an authenticator app would show now (on the sandbox clock) for the user's secret. */
  public String totpCode(String username) {
    return ops.currentTotpCode(username);
  }

  /** Marks a WebAuthn key as enrolled (Forgejo and current Gitea then refuse Basic password logins). */
  public void enrollWebAuthn(String username) {
    ops.setWebAuthn(username, true);
  }

  public void removeWebAuthn(String username) {
    ops.setWebAuthn(username, false);
  }

  /** A private repository {@code owner/name} with a real empty bare git repository on disk. */
  public void createRepo(String owner, String name) {
    createRepo(owner, name, true);
  }

  public void createRepo(String owner, String name, boolean isPrivate) {
    ops.createRepo(ops.store().requireUser(owner), name, isPrivate);
  }

  /** Adds (or changes) a collaborator; {@code permission} is read, write or admin. */
  public void addCollaborator(String owner, String repo, String username, String permission) {
    ops.store().setCollaborator(ops.requireRepo(owner, repo), ops.store().requireUser(username),
        ForgeOps.parseMode(permission));
  }

  public void removeCollaborator(String owner, String repo, String username) {
    ops.store().removeCollaborator(ops.requireRepo(owner, repo), ops.store().requireUser(username));
  }

  /** A token valid on every repository the user can reach (no duplicate-name check, see ForgeOps). */
  public IssuedForgeToken createToken(String username, String name, List<String> scopes) {
    return ops.createToken(username, name, scopes, null);
  }

  /** Forgejo only: a token limited to {@code repositories} ({@code owner/name} each). */
  public IssuedForgeToken createToken(String username, String name, List<String> scopes, List<String> repositories) {
    return ops.createToken(username, name, scopes, Objects.requireNonNull(repositories, "repositories"));
  }

  /** The user's tokens as the server holds them, newest first. */
  public List<ForgeToken> tokens(String username) {
    return ops.tokens(username);
  }

  public Optional<ForgeToken> token(String username, long id) {
    return tokens(username).stream().filter(t -> t.id() == id).findFirst();
  }

  public boolean hasToken(String username, long id) {
    return token(username, id).isPresent();
  }

  /** The bare repository on disk, for assertions about what a push stored. */
  public Path repositoryPath(String owner, String name) {
    ForgeRepo r = ops.requireRepo(owner, name);
    return options.dataDir().toAbsolutePath().resolve("git").resolve(r.diskName());
  }

  /** Moves the server clock (TOTP and timestamps use it); it keeps ticking from there. */
  public void setTime(Instant now) {
    ops.clock().setTime(now);
  }

  public Instant now() {
    return ops.clock().instant();
  }

  /** Stops the HTTP server. Idempotent. */
  @Override
  public void close() {
    server.close();
  }
}
