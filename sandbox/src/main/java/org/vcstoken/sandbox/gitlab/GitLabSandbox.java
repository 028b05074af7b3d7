package org.vcstoken.sandbox.gitlab;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.vcstoken.sandbox.backend.GitBackend;
import org.vcstoken.sandbox.backend.HgBackend;
import org.vcstoken.sandbox.http.LocalServer;
import org.vcstoken.sandbox.store.SandboxClock;
import org.vcstoken.sandbox.store.SandboxException;

/**
 * An imitation of GitLab (and of Heptapod, GitLab with Mercurial) for tests and the demo: git
 * and hg over HTTP behind GitLab's authentication rules, and the token REST API under
 * {@code /api/v4}, on 127.0.0.1. What is imitated, with GitLab's sources, is in
 * sandbox/README.md. Seeding methods have the same effect as the admin API; refused ones
 * throw {@link IllegalArgumentException} with GitLab's message or naming the bad value.
 */
public final class GitLabSandbox implements AutoCloseable {
  /** GitLab's first administrator. */
  public static final String ADMIN_USER = "root";
  static final String ADMIN_TOKEN_NAME = "vcstoken sandbox admin token";

  private final GitLabOptions options;
  private final SandboxClock clock;
  private final GitLabOps ops;
  private final GitLabState state;
  private final LocalServer server;

  private GitLabSandbox(GitLabOptions options, SandboxClock clock, GitLabOps ops, LocalServer server) {
    this.options = options;
    this.clock = clock;
    this.ops = ops;
    this.state = ops.state();
    this.server = server;
  }

  /** Starts the server on 127.0.0.1; prints one line to stderr when the hg backend is off. */
  public static GitLabSandbox start(GitLabOptions options) throws IOException {
    return start(options, System.err);
  }

  /** As {@link #start(GitLabOptions)}, logging to {@code log}. */
  public static GitLabSandbox start(GitLabOptions options, PrintStream log) throws IOException {
    Objects.requireNonNull(options, "options");
    Path data = options.dataDir().toAbsolutePath();
    Files.createDirectories(data);
    Path run = Files.createDirectories(data.resolve("run"));
    SandboxClock clock = new SandboxClock(options.clock());
    GitLabState state = GitLabState.open(data, clock);
    GlUser root = state.findUserByUsername(ADMIN_USER)
        .orElseGet(() -> state.createUser(ADMIN_USER, "Administrator", "admin@example.test", null, true));
    if (state.adminToken() == null || state.findTokenBySecret(state.adminToken()).isEmpty()) {
      // No expiry, as an instance with "require expiry" turned off allows, so that moving the
      // clock for tests never locks the administrator out.
      state.setAdminToken(state.addToken(root.id(), ADMIN_TOKEN_NAME, "", List.of("api", "sudo"), List.of(),
          null, null).secret());
    }
    GitBackend git = new GitBackend(data.resolve("repositories").resolve("git"));
    HgBackend hg = HgBackend.probe(data.resolve("repositories").resolve("hg"), run.resolve("hg"));
    Policy policy = new Policy(state);
    GitLabOps ops = new GitLabOps(state, policy, options.version(), options.maxTokenLifetimeDays(), git, hg);
    VcsGate gate = new VcsGate(state, policy, options.version(), options.passwordForGit(), ops::repositoryExists);
    GitLabServlet servlet = new GitLabServlet(ops, gate, new RestApi(ops), clock);
    // GitLab's API addresses projects by URL-encoded path (group%2Fproject).
    LocalServer server = LocalServer.start(
        new LocalServer.Settings("GitLab sandbox", "gitlab", options.port(), LocalServer.HG_HEADER_SIZE, true),
        servlet, () -> hg.startOrDisable(log), hg::close);
    return new GitLabSandbox(options, clock, ops, server);
  }

  /** e.g. {@code http://127.0.0.1:PORT}, no trailing slash. */
  public URI url() {
    return server.url();
  }

  /** A personal access token of {@code root} with scopes {@code api} and {@code sudo}, no expiry; kept across restarts. */
  public String adminToken() {
    return state.adminToken();
  }

  /** The Basic realm of git's 401: always {@code GitLab}. */
  public String realm() {
    return "GitLab";
  }

  public GitLabVersion version() {
    return options.version();
  }

  public GitLabOptions options() {
    return options;
  }

  public boolean hgAvailable() {
    return ops.hg().available();
  }

  /** Why hg is off, or null when it is on. */
  public String hgUnavailableReason() {
    return ops.hg().unavailableReason();
  }

  /** A user with email {@code username@example.test}; returns the user id. */
  public long createUser(String username, String password) {
    return state.createUser(username, username, username + "@example.test", password, false).id();
  }

  /** A group, with its missing parent groups ({@code a/b/c}); returns the group's namespace id. */
  public long createGroup(String fullPath) {
    Objects.requireNonNull(fullPath, "fullPath");
    GlNamespace parent = null;
    StringBuilder sofar = new StringBuilder();
    for (String part : fullPath.split("/", -1)) {
      sofar.append(sofar.length() == 0 ? "" : "/").append(part);
      Optional<GlNamespace> existing = state.findNamespaceByFullPath(sofar.toString());
      if (existing.isPresent()) {
        if (!existing.get().kind().equals(GlNamespace.GROUP)) {
          throw new SandboxException("`" + sofar + "` is a user's namespace, not a group");
        }
        parent = existing.get();
      } else {
        parent = state.createGroup(part, part, parent == null ? null : parent.id());
      }
    }
    return parent.id();
  }

  /**
   * A project with a real empty repository. {@code fullPath} is {@code namespace/project};
   * the namespace is a user's (who becomes Owner) or a group (created if missing). {@code owner}
   * becomes an Owner member as well.
   *
   * @param vcsType {@code git} or {@code hg} (Heptapod)
   * @param visibility {@code private}, {@code internal} or {@code public}
   * @return the project id
   */
  public long createProject(String fullPath, String vcsType, String owner, String visibility) {
    Objects.requireNonNull(fullPath, "fullPath");
    int slash = fullPath.lastIndexOf('/');
    if (slash <= 0) {
      throw new SandboxException("project path must be namespace/project, got `" + fullPath + "`");
    }
    String nsPath = fullPath.substring(0, slash);
    GlUser member = user(owner);
    GlNamespace ns = state.findNamespaceByFullPath(nsPath)
        .orElseGet(() -> state.findNamespace(createGroup(nsPath)).orElseThrow());
    return ops.createProject(ns, fullPath.substring(slash + 1), fullPath.substring(slash + 1), visibility, vcsType,
        "", member).id();
  }

  /** A direct membership: 10 Guest, 15 Planner (17.7+), 20 Reporter, 30 Developer, 40 Maintainer, 50 Owner. */
  public void addMember(String projectPath, String username, int accessLevel) {
    if (!ops.accessLevels().contains(accessLevel)) {
      throw new SandboxException("access level must be one of " + ops.accessLevels() + ", got " + accessLevel);
    }
    state.addMember(project(projectPath).id(), user(username).id(), accessLevel);
  }

  /**
   * A personal access token, checked like the administrator's API does (a name, scopes, an
   * expiry at most the maximum lifetime from today; a past date is allowed, so tests can seed
   * expired tokens).
   *
   * @param expiresAt null = today + the maximum lifetime
   */
  public IssuedGitLabToken addPersonalToken(String username, String name, List<String> scopes, LocalDate expiresAt) {
    GitLabState.Created c = ops.createPersonalToken(user(username), name, "", List.copyOf(scopes), List.of(),
        expiresAt);
    return issued(c);
  }

  /**
   * A project access token created by the administrator: a bot user joins the project with
   * {@code accessLevel} and owns the token.
   */
  public IssuedGitLabToken addProjectToken(String projectPath, String name, List<String> scopes, int accessLevel,
      LocalDate expiresAt) {
    if (!ops.accessLevels().contains(accessLevel)) {
      throw new SandboxException("access level must be one of " + ops.accessLevels() + ", got " + accessLevel);
    }
    GitLabState.Created c = ops.createProjectToken(user(ADMIN_USER), project(projectPath), name, "",
        List.copyOf(scopes), accessLevel, expiresAt);
    return issued(c);
  }

  /** Revokes a token (as its owner would with {@code DELETE /personal_access_tokens/:id}). */
  public void revokeToken(long tokenId) {
    state.revoke(tokenId);
  }

  /** Every personal token of a user (not project tokens), oldest first, revoked and expired included. */
  public List<TokenView> personalTokens(String username) {
    List<TokenView> out = new ArrayList<>();
    state.tokensOf(user(username).id()).forEach(t -> out.add(view(t)));
    return out;
  }

  /** Every token of a project's bots, oldest first, revoked and expired included. */
  public List<TokenView> projectTokens(String projectPath) {
    GlProject p = project(projectPath);
    List<TokenView> out = new ArrayList<>();
    for (GlUser bot : state.botsOf(p.id())) {
      state.tokensOf(bot.id()).forEach(t -> out.add(view(t)));
    }
    out.sort(java.util.Comparator.comparingLong(TokenView::id));
    return out;
  }

  /** One token by id, if it exists. */
  public Optional<TokenView> token(long tokenId) {
    return state.findToken(tokenId).map(this::view);
  }

  public long userId(String username) {
    return user(username).id();
  }

  public long projectId(String projectPath) {
    return project(projectPath).id();
  }

  /** Moves the server clock (token expiry, rotation defaults, created_at); it keeps ticking. */
  public void setTime(Instant now) {
    clock.setTime(now);
  }

  public Instant now() {
    return clock.instant();
  }

  /** Today on the server clock, in UTC: the date GitLab compares {@code expires_at} with. */
  public LocalDate today() {
    return state.today();
  }

  private TokenView view(GlToken t) {
    GlUser u = state.findUser(t.userId()).orElseThrow();
    GlProject p = ops.botProject(u);
    return new TokenView(t.id(), t.name(), u.id(), u.username(), p == null ? null : state.fullPath(p), t.scopes(),
        t.expiryDate(), t.revoked(), t.active(state.now()), p == null ? 0 : state.memberLevel(p.id(), u.id()),
        t.previousId());
  }

  private static IssuedGitLabToken issued(GitLabState.Created c) {
    return new IssuedGitLabToken(c.token().id(), c.secret(), c.token().expiryDate(), c.token().userId());
  }

  private GlUser user(String username) {
    return state.findUserByUsername(username)
        .orElseThrow(() -> new SandboxException("user `" + username + "` does not exist"));
  }

  private GlProject project(String path) {
    return state.findProjectByFullPath(path)
        .orElseThrow(() -> new SandboxException("project `" + path + "` does not exist"));
  }

  /** Stops the HTTP server and {@code hg serve}. Idempotent. */
  @Override
  public void close() {
    server.close();
  }
}
