package org.vcstoken.sandbox.forgejo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.vcstoken.sandbox.store.JsonStateFile;
import org.vcstoken.sandbox.store.SandboxClock;
import org.vcstoken.sandbox.store.SandboxException;

/**
 * Users, repositories, collaborators and access tokens of one forge imitation, in memory and
 * in {@code DIR/forge-state.json} (rewritten atomically after every change). Tokens are kept
 * as the forge keeps them: salt, PBKDF2 hash and last eight characters, never the secret. One
 * lock guards everything.
 */
final class ForgeStore {
  static final String FILE = "forge-state.json";
  /** Gitea's username rule, simplified: alphanumerics with '-', '_' and '.' inside, at most 40. */
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,38}[A-Za-z0-9])?");
  /** binding AlphaDashDot + MaxSize(100), and the reserved suffixes of IsUsableRepoName. */
  private static final Pattern REPO_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

  /** Repository access as models/perm: none < read < write < admin < owner. */
  enum Access { NONE, READ, WRITE, ADMIN, OWNER }

  record ForgeUser(long id, String name, String email, String salt, String passwordHash, boolean admin,
      boolean mustChangePassword, String totpSecret, boolean webAuthn, long createdUnix) {

    String lowerName() {
      return name.toLowerCase(Locale.ROOT);
    }

    ForgeUser withTotp(String secret) {
      return new ForgeUser(id, name, email, salt, passwordHash, admin, mustChangePassword, secret, webAuthn,
          createdUnix);
    }

    ForgeUser withWebAuthn(boolean value) {
      return new ForgeUser(id, name, email, salt, passwordHash, admin, mustChangePassword, totpSecret, value,
          createdUnix);
    }

    @Override
    public String toString() {
      return "ForgeUser[id=" + id + ", name=" + name + "]";
    }
  }

  record ForgeRepo(long id, long ownerId, String ownerName, String name, boolean isPrivate, long createdUnix) {
    String fullName() {
      return ownerName + "/" + name;
    }

    /** Where the bare repository lives below DIR/git, as the forges lay them out: lower-case owner/name.git. */
    String diskName() {
      return ownerName.toLowerCase(Locale.ROOT) + "/" + name.toLowerCase(Locale.ROOT) + ".git";
    }
  }

  record Collaborator(long repoId, long userId, Access mode) {}

  record StoredToken(long id, long uid, String name, String salt, String hash, String lastEight, String scope,
      boolean allRepos, List<Long> repoIds, long createdUnix, long updatedUnix) {

    StoredToken usedAt(long unix) {
      return new StoredToken(id, uid, name, salt, hash, lastEight, scope, allRepos, repoIds, createdUnix, unix);
    }

    @Override
    public String toString() {
      return "StoredToken[id=" + id + ", uid=" + uid + ", name=" + name + "]";
    }
  }

  record StateFile(String flavor, long nextUserId, long nextRepoId, long nextTokenId, String adminTokenSecret,
      List<ForgeUser> users, List<ForgeRepo> repos, List<Collaborator> collaborators, List<StoredToken> tokens) {

    @Override
    public String toString() {
      return "StateFile[flavor=" + flavor + "]";
    }
  }

  private final JsonStateFile<StateFile> file;
  private final Flavor flavor;
  private final SandboxClock clock;
  private final Secrets secrets;
  private final Map<Long, ForgeUser> users = new LinkedHashMap<>();
  private final Map<Long, ForgeRepo> repos = new LinkedHashMap<>();
  private final List<Collaborator> collaborators = new ArrayList<>();
  private final Map<Long, StoredToken> tokens = new LinkedHashMap<>();
  private long nextUserId = 1;
  private long nextRepoId = 1;
  private long nextTokenId = 1;
  private String adminTokenSecret;

  private ForgeStore(JsonStateFile<StateFile> file, Flavor flavor, SandboxClock clock, Secrets secrets) {
    this.file = file;
    this.flavor = flavor;
    this.clock = clock;
    this.secrets = secrets;
  }

  /** Loads {@code DIR/forge-state.json}, or starts empty; a file of the other flavor is refused. */
  static ForgeStore open(Path dataDir, Flavor flavor, SandboxClock clock, Secrets secrets) throws IOException {
    ForgeStore store = new ForgeStore(new JsonStateFile<>(dataDir.resolve(FILE), StateFile.class), flavor, clock,
        secrets);
    Optional<StateFile> read = store.file.read();
    if (read.isPresent()) {
      StateFile s = read.get();
      if (!flavor.wireName().equals(s.flavor())) {
        throw new IOException(store.file.path() + " holds a " + s.flavor() + " sandbox; start it with --flavor "
            + s.flavor() + " or use another --data directory");
      }
      store.nextUserId = s.nextUserId();
      store.nextRepoId = s.nextRepoId();
      store.nextTokenId = s.nextTokenId();
      store.adminTokenSecret = s.adminTokenSecret();
      s.users().forEach(u -> store.users.put(u.id(), u));
      s.repos().forEach(r -> store.repos.put(r.id(), r));
      store.collaborators.addAll(s.collaborators());
      s.tokens().forEach(t -> store.tokens.put(t.id(), t));
    }
    return store;
  }

  long now() {
    return clock.instant().getEpochSecond();
  }

  // ---- users ---------------------------------------------------------------------------

  synchronized ForgeUser createUser(String name, String email, String password, boolean admin,
      boolean mustChangePassword) {
    if (name == null || !USERNAME.matcher(name).matches()) {
      throw new SandboxException("username `" + name + "` is not valid (letters, digits, '-', '_', '.'; at most 40)");
    }
    if (findUser(name).isPresent()) {
      throw new SandboxException("user already exists [name: " + name + "]");
    }
    if (email != null && users.values().stream().anyMatch(u -> email.equalsIgnoreCase(u.email()))) {
      throw new SandboxException("e-mail already in use [email: " + email + "]");
    }
    String salt = secrets.newSalt(10);
    ForgeUser u = new ForgeUser(nextUserId++, name, email, salt, Secrets.hash(password, salt), admin,
        mustChangePassword, null, false, now());
    users.put(u.id(), u);
    save();
    return u;
  }

  /** GetUserByName: by lower-case name. */
  synchronized Optional<ForgeUser> findUser(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String lower = name.toLowerCase(Locale.ROOT);
    return users.values().stream().filter(u -> u.lowerName().equals(lower)).findFirst();
  }

  synchronized Optional<ForgeUser> user(long id) {
    return Optional.ofNullable(users.get(id));
  }

  synchronized ForgeUser requireUser(String name) {
    return findUser(name).orElseThrow(() -> new SandboxException("user `" + name + "` does not exist"));
  }

  synchronized ForgeUser update(ForgeUser u) {
    users.put(u.id(), u);
    save();
    return u;
  }

  boolean passwordMatches(ForgeUser u, String password) {
    return Secrets.matches(password, u.salt(), u.passwordHash());
  }

  // ---- repositories --------------------------------------------------------------------

  synchronized ForgeRepo createRepo(ForgeUser owner, String name, boolean isPrivate) {
    if (name == null || !REPO_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")
        || name.toLowerCase(Locale.ROOT).endsWith(".git") || name.toLowerCase(Locale.ROOT).endsWith(".wiki")) {
      throw new SandboxException("repository name `" + name + "` is not valid");
    }
    if (findRepo(owner.name(), name).isPresent()) {
      throw new RepoExists(owner.name(), name);
    }
    ForgeRepo r = new ForgeRepo(nextRepoId++, owner.id(), owner.name(), name, isPrivate, now());
    repos.put(r.id(), r);
    save();
    return r;
  }

  /** A repository that already exists; the API answers 409. */
  static final class RepoExists extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    RepoExists(String owner, String name) {
      super("repository already exists [uname: " + owner + ", name: " + name + "]");
    }
  }

  synchronized void dropRepo(long id) {
    repos.remove(id);
    save();
  }

  /** GetRepositoryByOwnerAndName: both compared in lower case. */
  synchronized Optional<ForgeRepo> findRepo(String owner, String name) {
    if (owner == null || name == null) {
      return Optional.empty();
    }
    String o = owner.toLowerCase(Locale.ROOT);
    String n = name.toLowerCase(Locale.ROOT);
    return repos.values().stream()
        .filter(r -> r.ownerName().toLowerCase(Locale.ROOT).equals(o) && r.name().toLowerCase(Locale.ROOT).equals(n))
        .findFirst();
  }

  synchronized Optional<ForgeRepo> repo(long id) {
    return Optional.ofNullable(repos.get(id));
  }

  synchronized void setCollaborator(ForgeRepo repo, ForgeUser user, Access mode) {
    collaborators.removeIf(c -> c.repoId() == repo.id() && c.userId() == user.id());
    collaborators.add(new Collaborator(repo.id(), user.id(), mode));
    save();
  }

  synchronized boolean removeCollaborator(ForgeRepo repo, ForgeUser user) {
    boolean removed = collaborators.removeIf(c -> c.repoId() == repo.id() && c.userId() == user.id());
    save();
    return removed;
  }

  /**
   * GetUserRepoPermission reduced to what the sandbox models: the owner and site admins have
   * everything, collaborators their mode, everyone (even anonymous) reads a public repository.
   */
  synchronized Access access(ForgeUser user, ForgeRepo repo) {
    if (user != null && (user.id() == repo.ownerId() || user.admin())) {
      return Access.OWNER;
    }
    Access a = Access.NONE;
    if (user != null) {
      for (Collaborator c : collaborators) {
        if (c.repoId() == repo.id() && c.userId() == user.id()) {
          a = c.mode();
        }
      }
    }
    if (!repo.isPrivate() && a.compareTo(Access.READ) < 0) {
      a = Access.READ;
    }
    return a;
  }

  // ---- tokens --------------------------------------------------------------------------

  /** NewAccessToken: a fresh secret, salt and hash; returns the row and the secret (shown once). */
  synchronized Map.Entry<StoredToken, String> addToken(long uid, String name, String scope, boolean allRepos,
      List<Long> repoIds) {
    String secret = secrets.newToken();
    String salt = secrets.newSalt(10);
    long now = now();
    StoredToken t = new StoredToken(nextTokenId++, uid, name, salt, Secrets.hash(secret, salt),
        secret.substring(secret.length() - 8), scope, allRepos, List.copyOf(repoIds), now, now);
    tokens.put(t.id(), t);
    save();
    return Map.entry(t, secret);
  }

  /**
   * GetAccessTokenBySHA: 40 lowercase hex or nothing; candidates by last eight, then the hash.
   * A hit records the use (last_used_at) in memory; it is written with the next change.
   */
  synchronized Optional<StoredToken> findToken(String secret) {
    if (secret == null || secret.length() != 40 || !secret.chars().allMatch(c -> (c >= '0' && c <= '9')
        || (c >= 'a' && c <= 'f'))) {
      return Optional.empty();
    }
    String lastEight = secret.substring(32);
    for (StoredToken t : tokens.values()) {
      if (t.lastEight().equals(lastEight) && Secrets.matches(secret, t.salt(), t.hash())) {
        StoredToken used = t.usedAt(now());
        tokens.put(t.id(), used);
        return Optional.of(used);
      }
    }
    return Optional.empty();
  }

  /** ListAccessTokensOptions.ToOrders: newest first ("created_unix DESC"), then by id for equal seconds. */
  synchronized List<StoredToken> tokensOf(long uid) {
    return tokens.values().stream().filter(t -> t.uid() == uid)
        .sorted(Comparator.comparingLong(StoredToken::createdUnix).thenComparingLong(StoredToken::id).reversed())
        .toList();
  }

  synchronized List<StoredToken> tokensNamed(long uid, String name) {
    return tokensOf(uid).stream().filter(t -> t.name().equals(name)).toList();
  }

  synchronized boolean tokenNameExists(long uid, String name) {
    return tokens.values().stream().anyMatch(t -> t.uid() == uid && t.name().equals(name));
  }

  /** DeleteAccessTokenByID: deletes only when both id and owner match. */
  synchronized boolean deleteToken(long id, long uid) {
    StoredToken t = tokens.get(id);
    if (t == null || t.uid() != uid) {
      return false;
    }
    tokens.remove(id);
    save();
    return true;
  }

  synchronized String adminTokenSecret() {
    return adminTokenSecret;
  }

  synchronized void setAdminTokenSecret(String secret) {
    adminTokenSecret = secret;
    save();
  }

  synchronized List<ForgeRepo> repos() {
    return List.copyOf(repos.values());
  }

  private void save() {
    StateFile s = new StateFile(flavor.wireName(), nextUserId, nextRepoId, nextTokenId, adminTokenSecret,
        List.copyOf(users.values()), List.copyOf(repos.values()), List.copyOf(collaborators),
        List.copyOf(tokens.values()));
    file.write(s);
  }
}
