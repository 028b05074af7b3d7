package org.vcstoken.sandbox.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Users, repositories, grants and tokens, kept in memory and written to {@code state.json}
 * after every change (temp file, fsync, rename) so that a restart on the same data directory
 * keeps them. One lock guards everything: the sandbox is small and correctness matters more
 * than throughput.
 */
public final class Store {
  /** RhodeCode's anonymous user; its grants are what anonymous requests may do. */
  public static final String DEFAULT_USER = "default";
  public static final String ADMIN_USER = "admin";

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}");

  /** The file format; a record so Jackson reads and writes it without annotations. */
  record StateFile(long nextUserId, long nextRepoId, long nextTokenId, List<User> users,
      List<Repo> repos, List<Grant> grants, List<Token> tokens) {}

  private final JsonStateFile<StateFile> file;
  private final SandboxClock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<Long, User> users = new LinkedHashMap<>();
  private final Map<Long, Repo> repos = new LinkedHashMap<>();
  private final List<Grant> grants = new ArrayList<>();
  private final Map<Long, Token> tokens = new LinkedHashMap<>();
  private long nextUserId = 1;
  private long nextRepoId = 1;
  private long nextTokenId = 1;

  private Store(JsonStateFile<StateFile> file, SandboxClock clock) {
    this.file = file;
    this.clock = clock;
  }

  /** Loads {@code state.json} from {@code dataDir}, or starts empty. */
  public static Store open(Path dataDir, SandboxClock clock) throws IOException {
    Store store = new Store(new JsonStateFile<>(dataDir.resolve("state.json"), StateFile.class), clock);
    Optional<StateFile> read = store.file.read();
    if (read.isPresent()) {
      StateFile s = read.get();
      store.nextUserId = s.nextUserId();
      store.nextRepoId = s.nextRepoId();
      store.nextTokenId = s.nextTokenId();
      s.users().forEach(u -> store.users.put(u.id(), u));
      s.repos().forEach(r -> store.repos.put(r.id(), r));
      store.grants.addAll(s.grants());
      s.tokens().forEach(t -> store.tokens.put(t.id(), t));
    }
    return store;
  }

  // ---- users ---------------------------------------------------------------------------

  public synchronized User createUser(String username, String password, String email,
      boolean active, boolean admin) {
    if (username == null || !USERNAME.matcher(username).matches()) {
      throw new SandboxException("username `" + username + "` is not valid");
    }
    if (findUserByName(username).isPresent()) {
      throw new SandboxException("user `" + username + "` already exist");
    }
    if (email != null && users.values().stream().anyMatch(u -> email.equalsIgnoreCase(u.email()))) {
      throw new SandboxException("email `" + email + "` already exist");
    }
    String salt = newHex(8);
    User user = new User(nextUserId++, username, email, salt,
        hashPassword(salt, password == null ? newHex(20) : password), active, admin);
    users.put(user.id(), user);
    save();
    return user;
  }

  public synchronized Optional<User> findUserByName(String username) {
    return users.values().stream().filter(u -> u.username().equals(username)).findFirst();
  }

  public synchronized Optional<User> findUserById(long id) {
    return Optional.ofNullable(users.get(id));
  }

  /** RhodeCode's {@code userid} argument: a numeric id or a username. */
  public synchronized User resolveUser(Object userid) {
    Optional<User> found = Optional.empty();
    if (userid instanceof Number n) {
      found = findUserById(n.longValue());
    } else if (userid instanceof String s) {
      found = findUserByName(s);
      if (found.isEmpty() && s.matches("\\d{1,18}")) {
        found = findUserById(Long.parseLong(s));
      }
    }
    return found.orElseThrow(() -> new SandboxException("user `" + userid + "` does not exist"));
  }

  public synchronized User setActive(long userId, boolean active) {
    User u = requireUser(userId).withActive(active);
    users.put(userId, u);
    save();
    return u;
  }

  public synchronized User setPassword(long userId, String password) {
    String salt = newHex(8);
    User u = requireUser(userId).withPassword(salt, hashPassword(salt, password));
    users.put(userId, u);
    save();
    return u;
  }

  public synchronized User setEmail(long userId, String email) {
    User u = requireUser(userId).withEmail(email);
    users.put(userId, u);
    save();
    return u;
  }

  public boolean passwordMatches(User user, String password) {
    return MessageDigest.isEqual(
        hashPassword(user.salt(), password).getBytes(StandardCharsets.US_ASCII),
        user.passwordHash().getBytes(StandardCharsets.US_ASCII));
  }

  private User requireUser(long userId) {
    User u = users.get(userId);
    if (u == null) {
      throw new SandboxException("user `" + userId + "` does not exist");
    }
    return u;
  }

  // ---- repositories --------------------------------------------------------------------

  /** Checks a repo name the way the sandbox accepts them: segments of [A-Za-z0-9._-]. */
  public static String validateRepoName(String name) {
    if (name == null || name.isEmpty()) {
      throw new SandboxException("repo_name must not be empty");
    }
    for (String seg : name.split("/", -1)) {
      if (!SEGMENT.matcher(seg).matches() || seg.equals("..") || seg.endsWith(".git")) {
        throw new SandboxException("repo_name `" + name + "` is not valid: each /-separated"
            + " part must match [A-Za-z0-9][A-Za-z0-9._-]* and not end in .git");
      }
    }
    return name;
  }

  /** Checks that {@code name} is free; call before creating anything on disk. */
  public synchronized void checkRepoNameFree(String name) {
    validateRepoName(name);
    for (Repo r : repos.values()) {
      if (r.name().equals(name)) {
        throw new SandboxException("repository `" + name + "` already exists");
      }
      // A repo cannot also be a group: RhodeCode keeps the two name spaces apart.
      if (name.startsWith(r.name() + "/") || r.name().startsWith(name + "/")) {
        throw new SandboxException("repo_name `" + name + "` clashes with repository `"
            + r.name() + "` (a repository cannot also be a group)");
      }
    }
  }

  public synchronized Repo createRepo(String name, RepoType type, long ownerId, String description) {
    checkRepoNameFree(name);
    requireUser(ownerId);
    Repo repo = new Repo(nextRepoId++, name, type, ownerId, description == null ? "" : description);
    repos.put(repo.id(), repo);
    save();
    return repo;
  }

  public synchronized Optional<Repo> findRepoByName(String name) {
    return repos.values().stream().filter(r -> r.name().equals(name)).findFirst();
  }

  public synchronized Optional<Repo> findRepoById(long id) {
    return Optional.ofNullable(repos.get(id));
  }

  public synchronized List<Repo> repos() {
    return List.copyOf(repos.values());
  }

  public synchronized List<User> users() {
    return List.copyOf(users.values());
  }

  /** RhodeCode's {@code repoid} argument: a numeric id or a full repo name. */
  public synchronized Repo resolveRepo(Object repoid) {
    Optional<Repo> found = Optional.empty();
    if (repoid instanceof Number n) {
      found = findRepoById(n.longValue());
    } else if (repoid instanceof String s) {
      found = findRepoByName(s);
      if (found.isEmpty() && s.matches("\\d{1,18}")) {
        found = findRepoById(Long.parseLong(s));
      }
    }
    return found.orElseThrow(() -> new SandboxException("repository `" + repoid + "` does not exist"));
  }

  // ---- permissions ---------------------------------------------------------------------

  public synchronized void grant(long repoId, long userId, Perm perm) {
    requireUser(userId);
    if (!repos.containsKey(repoId)) {
      throw new SandboxException("repository `" + repoId + "` does not exist");
    }
    grants.removeIf(g -> g.repoId() == repoId && g.userId() == userId);
    grants.add(new Grant(repoId, userId, perm));
    save();
  }

  /**
   * The effective permission: super-admins and owners have admin; otherwise an explicit
   * grant, else what the anonymous {@code default} user has (as in RhodeCode).
   */
  public synchronized Perm permission(User user, Repo repo) {
    if (user.admin() || repo.ownerId() == user.id()) {
      return Perm.ADMIN;
    }
    Optional<Perm> explicit = explicitGrant(repo.id(), user.id());
    if (explicit.isPresent()) {
      return explicit.get();
    }
    return findUserByName(DEFAULT_USER)
        .flatMap(d -> explicitGrant(repo.id(), d.id()))
        .orElse(Perm.NONE);
  }

  public synchronized Optional<Perm> explicitGrant(long repoId, long userId) {
    return grants.stream().filter(g -> g.repoId() == repoId && g.userId() == userId)
        .map(Grant::perm).findFirst();
  }

  public synchronized List<Grant> grantsFor(long repoId) {
    return grants.stream().filter(g -> g.repoId() == repoId).toList();
  }

  // ---- tokens --------------------------------------------------------------------------

  /**
   * Creates a token like RhodeCode: 40 lowercase hex (sha1 of username and random bytes),
   * expires = now + lifetime minutes * 60, or -1 for never.
   */
  public synchronized Token addToken(long userId, String role, long lifetimeMinutes,
      String description, Long repoId) {
    User user = requireUser(userId);
    if (role == null || !Roles.USER_CREATABLE.contains(role)) {
      throw new SandboxException("role `" + role + "` is not one of " + Roles.USER_CREATABLE);
    }
    if (lifetimeMinutes < -1 || lifetimeMinutes == 0) {
      throw new SandboxException("lifetime must be -1 (never) or a positive number of minutes, got "
          + lifetimeMinutes);
    }
    if (repoId != null && !repos.containsKey(repoId)) {
      throw new SandboxException("repository `" + repoId + "` does not exist");
    }
    double now = clock.epochSeconds();
    double expires = lifetimeMinutes == -1 ? Token.NEVER : now + lifetimeMinutes * 60.0;
    String value = sha1Hex(user.username() + newHex(32));
    Token token = new Token(nextTokenId++, userId, value, description == null ? "" : description,
        expires, role, repoId, now);
    tokens.put(token.id(), token);
    save();
    return token;
  }

  public synchronized boolean deleteToken(long tokenId) {
    boolean removed = tokens.remove(tokenId) != null;
    if (removed) {
      save();
    }
    return removed;
  }

  public synchronized Optional<Token> findToken(long tokenId) {
    return Optional.ofNullable(tokens.get(tokenId));
  }

  public synchronized Optional<Token> findTokenByValue(String value) {
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    byte[] wanted = value.getBytes(StandardCharsets.UTF_8);
    return tokens.values().stream()
        .filter(t -> MessageDigest.isEqual(t.value().getBytes(StandardCharsets.UTF_8), wanted))
        .findFirst();
  }

  public synchronized List<Token> tokensOf(long userId) {
    return tokens.values().stream().filter(t -> t.userId() == userId).toList();
  }

  // ---- persistence ---------------------------------------------------------------------

  private void save() {
    StateFile s = new StateFile(nextUserId, nextRepoId, nextTokenId, List.copyOf(users.values()),
        List.copyOf(repos.values()), List.copyOf(grants), List.copyOf(tokens.values()));
    file.write(s);
  }

  /** Temp file in the same directory, fsync, rename: readers see the old or the new file. */
  public static void writeAtomically(Path target, byte[] content) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(content));
      ch.force(true);
    }
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  // ---- helpers -------------------------------------------------------------------------

  public String newHex(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static String hashPassword(String salt, String password) {
    return sha256Hex(salt + ":" + password);
  }

  private static String sha1Hex(String s) {
    return digestHex("SHA-1", s);
  }

  public static String sha256Hex(String s) {
    return digestHex("SHA-256", s);
  }

  private static String digestHex(String alg, String s) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance(alg).digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has " + alg, e);
    }
  }
}
