package org.vcstoken.sandbox.gitlab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.vcstoken.sandbox.store.JsonStateFile;
import org.vcstoken.sandbox.store.SandboxClock;
import org.vcstoken.sandbox.store.SandboxException;
import org.vcstoken.sandbox.store.Store;

/**
 * Users, namespaces, projects, memberships and tokens of the GitLab imitation, in memory and
 * in {@code gitlab-state.json} (rewritten atomically after every change). One lock guards
 * everything; a rotation (revoke the old token, create the new one) is one change.
 */
final class GitLabState {
  static final String FILE = "gitlab-state.json";
  static final String TOKEN_PREFIX = "glpat-";

  /** GitLab's namespace path rule, simplified: no leading dot or dash, no .git/.atom ending. */
  private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}");

  /** The file format. {@code adminToken} is the one secret kept in plain text, for sandbox.json. */
  record StateFile(long nextUserId, long nextNamespaceId, long nextProjectId, long nextTokenId,
      String adminToken, List<GlUser> users, List<GlNamespace> namespaces, List<GlProject> projects,
      List<GlMember> members, List<GlToken> tokens) {}

  /** A token just created: the record and its secret, which is never stored. */
  record Created(GlToken token, String secret) {
    @Override
    public String toString() {
      return "Created[token=" + token.id() + ", secret=glpat-****]";
    }
  }

  private final JsonStateFile<StateFile> file;
  private final SandboxClock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<Long, GlUser> users = new LinkedHashMap<>();
  private final Map<Long, GlNamespace> namespaces = new LinkedHashMap<>();
  private final Map<Long, GlProject> projects = new LinkedHashMap<>();
  private final List<GlMember> members = new ArrayList<>();
  private final Map<Long, GlToken> tokens = new LinkedHashMap<>();
  private long nextUserId = 1;
  private long nextNamespaceId = 1;
  private long nextProjectId = 1;
  private long nextTokenId = 1;
  private String adminToken;

  private GitLabState(JsonStateFile<StateFile> file, SandboxClock clock) {
    this.file = file;
    this.clock = clock;
  }

  /** Loads the state file from {@code dataDir}, or starts empty; never overwrites a file it cannot read. */
  static GitLabState open(Path dataDir, SandboxClock clock) throws IOException {
    GitLabState s = new GitLabState(new JsonStateFile<>(dataDir.resolve(FILE), StateFile.class), clock);
    Optional<StateFile> read = s.file.read();
    if (read.isPresent()) {
      StateFile f = read.get();
      s.nextUserId = f.nextUserId();
      s.nextNamespaceId = f.nextNamespaceId();
      s.nextProjectId = f.nextProjectId();
      s.nextTokenId = f.nextTokenId();
      s.adminToken = f.adminToken();
      f.users().forEach(u -> s.users.put(u.id(), u));
      f.namespaces().forEach(n -> s.namespaces.put(n.id(), n));
      f.projects().forEach(p -> s.projects.put(p.id(), p));
      s.members.addAll(f.members());
      f.tokens().forEach(t -> s.tokens.put(t.id(), t));
    }
    return s;
  }

  Instant now() {
    return clock.instant();
  }

  LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
  }

  synchronized String adminToken() {
    return adminToken;
  }

  synchronized void setAdminToken(String secret) {
    adminToken = secret;
    save();
  }

  // ---- users -----------------------------------------------------------------------------

  synchronized GlUser createUser(String username, String name, String email, String password, boolean admin) {
    checkPath("username", username);
    if (findUserByUsername(username).isPresent()) {
      throw new SandboxException("Username has already been taken");
    }
    if (email == null || !email.contains("@")) {
      throw new SandboxException("email `" + email + "` is not valid");
    }
    if (users.values().stream().anyMatch(u -> u.email().equalsIgnoreCase(email))) {
      throw new SandboxException("Email has already been taken");
    }
    if (findNamespaceByFullPath(username).isPresent()) {
      throw new SandboxException("Username has already been taken");
    }
    GlNamespace ns = new GlNamespace(nextNamespaceId++, username, username, GlNamespace.USER, null);
    namespaces.put(ns.id(), ns);
    String salt = hex(8);
    GlUser u = new GlUser(nextUserId++, username, name == null ? username : name, email, salt,
        hashPassword(salt, password == null ? hex(24) : password), admin, null, ns.id(), clock.millis());
    users.put(u.id(), u);
    save();
    return u;
  }

  /** The bot user behind a project access token, a member of {@code project} only. */
  synchronized GlUser createBot(GlProject project, String name, int accessLevel) {
    String suffix = hex(16);
    String username = "project_" + project.id() + "_bot_" + suffix;
    GlUser u = new GlUser(nextUserId++, username, name, username + "@noreply.gitlab.example", hex(8),
        hashPassword("x", hex(24)), false, project.id(), 0, clock.millis());
    users.put(u.id(), u);
    members.add(new GlMember(project.id(), u.id(), accessLevel, clock.millis()));
    save();
    return u;
  }

  synchronized Optional<GlUser> findUser(long id) {
    return Optional.ofNullable(users.get(id));
  }

  /** GitLab looks usernames up case-insensitively. */
  synchronized Optional<GlUser> findUserByUsername(String username) {
    return users.values().stream().filter(u -> u.username().equalsIgnoreCase(username)).findFirst();
  }

  /** {@code User.find_by_login}: a username or an email address. */
  synchronized Optional<GlUser> findUserByLogin(String login) {
    if (login == null || login.isEmpty()) {
      return Optional.empty();
    }
    Optional<GlUser> byName = findUserByUsername(login);
    return byName.isPresent() ? byName
        : users.values().stream().filter(u -> u.email().equalsIgnoreCase(login)).findFirst();
  }

  boolean passwordMatches(GlUser user, String password) {
    return MessageDigest.isEqual(hashPassword(user.salt(), password).getBytes(StandardCharsets.US_ASCII),
        user.passwordHash().getBytes(StandardCharsets.US_ASCII));
  }

  // ---- namespaces and projects -----------------------------------------------------------

  synchronized GlNamespace createGroup(String name, String path, Long parentId) {
    checkPath("path", path);
    if (parentId != null && !namespaces.containsKey(parentId)) {
      throw new SandboxException("parent group `" + parentId + "` does not exist");
    }
    if (parentId != null && !namespaces.get(parentId).kind().equals(GlNamespace.GROUP)) {
      throw new SandboxException("parent `" + parentId + "` is not a group");
    }
    String full = parentId == null ? path : fullPath(namespaces.get(parentId)) + "/" + path;
    if (findNamespaceByFullPath(full).isPresent() || findProjectByFullPath(full).isPresent()) {
      throw new SandboxException("Failed to save group {:path=>[\"has already been taken\"]}");
    }
    GlNamespace ns = new GlNamespace(nextNamespaceId++, name == null ? path : name, path, GlNamespace.GROUP,
        parentId);
    namespaces.put(ns.id(), ns);
    save();
    return ns;
  }

  synchronized Optional<GlNamespace> findNamespace(long id) {
    return Optional.ofNullable(namespaces.get(id));
  }

  synchronized Optional<GlNamespace> findNamespaceByFullPath(String full) {
    return namespaces.values().stream().filter(n -> fullPath(n).equalsIgnoreCase(full)).findFirst();
  }

  synchronized String fullPath(GlNamespace ns) {
    StringBuilder b = new StringBuilder(ns.path());
    GlNamespace cur = ns;
    while (cur.parentId() != null) {
      cur = namespaces.get(cur.parentId());
      b.insert(0, cur.path() + "/");
    }
    return b.toString();
  }

  synchronized String fullPath(GlProject p) {
    return fullPath(namespaces.get(p.namespaceId())) + "/" + p.path();
  }

  /** Checks a new project's path is free in {@code ns}; call before creating anything on disk. */
  synchronized void checkProjectPathFree(GlNamespace ns, String path) {
    checkPath("path", path);
    String full = fullPath(ns) + "/" + path;
    if (findProjectByFullPath(full).isPresent() || findNamespaceByFullPath(full).isPresent()) {
      throw new SandboxException("path has already been taken");
    }
  }

  synchronized GlProject createProject(GlNamespace ns, String name, String path, String visibility,
      String vcsType, String description) {
    checkProjectPathFree(ns, path);
    GlProject p = new GlProject(nextProjectId++, name, path, ns.id(), visibility, vcsType,
        description == null ? "" : description, clock.millis());
    projects.put(p.id(), p);
    save();
    return p;
  }

  synchronized Optional<GlProject> findProject(long id) {
    return Optional.ofNullable(projects.get(id));
  }

  /** {@code Project.find_by_full_path}, which ignores case. */
  synchronized Optional<GlProject> findProjectByFullPath(String full) {
    return projects.values().stream().filter(p -> fullPath(p).equalsIgnoreCase(full)).findFirst();
  }

  // ---- members ---------------------------------------------------------------------------

  synchronized GlMember addMember(long projectId, long userId, int accessLevel) {
    if (memberLevel(projectId, userId) > 0) {
      throw new SandboxException("Member already exists");
    }
    GlMember m = new GlMember(projectId, userId, accessLevel, clock.millis());
    members.add(m);
    save();
    return m;
  }

  /** The direct member's access level, 0 when not a member. */
  synchronized int memberLevel(long projectId, long userId) {
    return members.stream().filter(m -> m.projectId() == projectId && m.userId() == userId)
        .mapToInt(GlMember::accessLevel).max().orElse(0);
  }

  synchronized List<GlUser> botsOf(long projectId) {
    return users.values().stream().filter(u -> u.botProjectId() != null && u.botProjectId() == projectId)
        .toList();
  }

  // ---- tokens ----------------------------------------------------------------------------

  synchronized Created addToken(long userId, String name, String description, List<String> scopes,
      List<GranularScope> granular, LocalDate expiresAt, Long previousId) {
    if (!users.containsKey(userId)) {
      throw new SandboxException("user `" + userId + "` does not exist");
    }
    Created c = newToken(userId, name, description, scopes, granular, expiresAt, previousId);
    save();
    return c;
  }

  private Created newToken(long userId, String name, String description, List<String> scopes,
      List<GranularScope> granular, LocalDate expiresAt, Long previousId) {
    String secret = TOKEN_PREFIX + friendlyToken();
    GlToken t = new GlToken(nextTokenId++, userId, name, description, scopes, granular, digest(secret),
        clock.millis(), null, expiresAt == null ? null : expiresAt.toString(), false, previousId);
    tokens.put(t.id(), t);
    return new Created(t, secret);
  }

  /**
   * {@code PersonalAccessTokens::RotateService}: the old token is revoked and its successor
   * (same name, description, scopes, owner; previous = old) created in one change.
   */
  synchronized Created rotate(GlToken old, LocalDate expiresAt) {
    GlToken current = tokens.get(old.id());
    tokens.put(current.id(), current.revoke());
    Created c = newToken(current.userId(), current.name(), current.description(), current.scopes(),
        current.granularScopes(), expiresAt, current.id());
    save();
    return c;
  }

  synchronized Optional<GlToken> findToken(long id) {
    return Optional.ofNullable(tokens.get(id));
  }

  synchronized Optional<GlToken> findTokenBySecret(String secret) {
    if (secret == null || secret.isEmpty()) {
      return Optional.empty();
    }
    byte[] wanted = digest(secret).getBytes(StandardCharsets.US_ASCII);
    return tokens.values().stream()
        .filter(t -> MessageDigest.isEqual(t.digest().getBytes(StandardCharsets.US_ASCII), wanted))
        .findFirst();
  }

  synchronized List<GlToken> tokens() {
    return List.copyOf(tokens.values());
  }

  synchronized List<GlToken> tokensOf(long userId) {
    return tokens.values().stream().filter(t -> t.userId() == userId).toList();
  }

  synchronized GlToken revoke(long tokenId) {
    GlToken t = tokens.get(tokenId);
    if (t == null) {
      throw new SandboxException("token `" + tokenId + "` does not exist");
    }
    GlToken r = t.revoke();
    tokens.put(tokenId, r);
    save();
    return r;
  }

  /**
   * {@code PersonalAccessTokens::RevokeTokenFamilyService}: every active token that descends
   * from {@code tokenId} through rotations is revoked.
   */
  synchronized List<Long> revokeFamilyOf(long tokenId) {
    List<Long> revoked = new ArrayList<>();
    List<Long> frontier = new ArrayList<>(List.of(tokenId));
    Instant now = now();
    while (!frontier.isEmpty()) {
      long parent = frontier.remove(0);
      for (GlToken t : List.copyOf(tokens.values())) {
        if (t.previousId() != null && t.previousId() == parent) {
          frontier.add(t.id());
          if (t.active(now)) {
            tokens.put(t.id(), t.revoke());
            revoked.add(t.id());
          }
        }
      }
    }
    if (!revoked.isEmpty()) {
      save();
    }
    return revoked;
  }

  synchronized void touch(long tokenId) {
    GlToken t = tokens.get(tokenId);
    if (t != null) {
      tokens.put(tokenId, t.usedAt(clock.millis()));
      save();
    }
  }

  // ---- persistence and helpers -----------------------------------------------------------

  private void save() {
    StateFile s = new StateFile(nextUserId, nextNamespaceId, nextProjectId, nextTokenId, adminToken,
        List.copyOf(users.values()), List.copyOf(namespaces.values()), List.copyOf(projects.values()),
        List.copyOf(members), List.copyOf(tokens.values()));
    file.write(s);
  }

  private static void checkPath(String what, String value) {
    if (value == null || !PATH.matcher(value).matches() || value.endsWith(".git") || value.endsWith(".atom")) {
      throw new SandboxException(what + " `" + value + "` is not valid: use letters, digits, _ . -"
          + " (not first), and no .git or .atom ending");
    }
  }

  /**
   * Devise's {@code friendly_token(20)}: 15 random bytes, URL-safe base64, with {@code lIO0}
   * replaced by {@code sxyz} so the text is unambiguous to read.
   */
  private String friendlyToken() {
    byte[] b = new byte[15];
    random.nextBytes(b);
    String s = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      out.append(switch (c) {
        case 'l' -> 's';
        case 'I' -> 'x';
        case 'O' -> 'y';
        case '0' -> 'z';
        default -> c;
      });
    }
    return out.toString();
  }

  String hex(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  static String digest(String secret) {
    return Store.sha256Hex(secret);
  }

  private static String hashPassword(String salt, String password) {
    return Store.sha256Hex(salt + ":" + password);
  }
}
