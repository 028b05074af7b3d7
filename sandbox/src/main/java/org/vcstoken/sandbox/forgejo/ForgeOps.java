package org.vcstoken.sandbox.forgejo;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vcstoken.sandbox.backend.GitBackend;
import org.vcstoken.sandbox.forgejo.ForgeStore.Access;
import org.vcstoken.sandbox.forgejo.ForgeStore.ForgeRepo;
import org.vcstoken.sandbox.forgejo.ForgeStore.ForgeUser;
import org.vcstoken.sandbox.forgejo.ForgeStore.StoredToken;
import org.vcstoken.sandbox.store.SandboxClock;
import org.vcstoken.sandbox.store.SandboxException;

/**
 * The seeding and inspection operations shared by the Java facade, the forge's admin API and
 * the sandbox-only control endpoints, so each has one implementation.
 */
final class ForgeOps {
  private final Flavor flavor;
  private final ForgeStore store;
  private final GitBackend git;
  private final SandboxClock clock;
  private final Secrets secrets;

  ForgeOps(Flavor flavor, ForgeStore store, GitBackend git, SandboxClock clock, Secrets secrets) {
    this.flavor = flavor;
    this.store = store;
    this.git = git;
    this.clock = clock;
    this.secrets = secrets;
  }

  ForgeStore store() {
    return store;
  }

  SandboxClock clock() {
    return clock;
  }

  /** The row and the real bare repository; the row is dropped again when the disk refuses. */
  ForgeRepo createRepo(ForgeUser owner, String name, boolean isPrivate) {
    ForgeRepo r = store.createRepo(owner, name, isPrivate);
    try {
      git.create(r.diskName());
    } catch (IOException | RuntimeException e) {
      store.dropRepo(r.id());
      throw new SandboxException("cannot create repository " + r.fullName() + ": " + e.getMessage());
    }
    return r;
  }

  ForgeRepo requireRepo(String owner, String name) {
    return store.findRepo(owner, name)
        .orElseThrow(() -> new SandboxException("repository `" + owner + "/" + name + "` does not exist"));
  }

  static Access parseMode(String permission) {
    return switch (permission == null ? "" : permission.toLowerCase(Locale.ROOT)) {
      case "read" -> Access.READ;
      case "write" -> Access.WRITE;
      case "admin" -> Access.ADMIN;
      default -> throw new SandboxException("permission must be read, write or admin, got `" + permission + "`");
    };
  }

  /** Enrols TOTP with {@code secret}, or a new random one when null; returns the secret. */
  String enrollTotp(String username, String secret) {
    ForgeUser u = store.requireUser(username);
    String s = secret == null ? Totp.newSecret(secrets.random()) : secret;
    try {
      Totp.decodeBase32(s);
    } catch (IllegalArgumentException e) {
      throw new SandboxException("the TOTP secret must be base32: " + e.getMessage());
    }
    store.update(u.withTotp(s));
    return s;
  }

  void disableTotp(String username) {
    store.update(store.requireUser(username).withTotp(null));
  }

  void setWebAuthn(String username, boolean enrolled) {
    store.update(store.requireUser(username).withWebAuthn(enrolled));
  }

  String currentTotpCode(String username) {
    ForgeUser u = store.requireUser(username);
    if (u.totpSecret() == null) {
      throw new SandboxException("user `" + username + "` has no TOTP enrolled");
    }
    return Totp.code(u.totpSecret(), clock.instant());
  }

  /**
   * A token straight into the store, as the web UI would make it; unlike the API it does not
   * refuse a duplicate name (two racing creations can leave two, which DELETE by name then
   * answers 422 for).
   */
  IssuedForgeToken createToken(String username, String name, List<String> scopes, List<String> repositories) {
    ForgeUser u = store.requireUser(username);
    String scope;
    try {
      scope = Scopes.normalize(scopes, flavor);
    } catch (Scopes.InvalidScope e) {
      throw new SandboxException(e.getMessage());
    }
    if (scope.isEmpty()) {
      throw new SandboxException("access token must have a scope");
    }
    List<Long> ids = new ArrayList<>();
    if (repositories != null) {
      if (!flavor.repositoryTokens()) {
        throw new SandboxException("repository-specific tokens exist on Forgejo only");
      }
      for (String full : repositories) {
        int slash = full.indexOf('/');
        if (slash < 0) {
          throw new SandboxException("repository `" + full + "` must be owner/name");
        }
        ids.add(requireRepo(full.substring(0, slash), full.substring(slash + 1)).id());
      }
      if (ids.isEmpty()) {
        throw new SandboxException("a repository-specific token needs at least one repository");
      }
    }
    Map.Entry<StoredToken, String> t = store.addToken(u.id(), name, scope, repositories == null, ids);
    return new IssuedForgeToken(t.getKey().id(), name, t.getValue());
  }

  List<ForgeToken> tokens(String username) {
    ForgeUser u = store.requireUser(username);
    List<ForgeToken> out = new ArrayList<>();
    for (StoredToken t : store.tokensOf(u.id())) {
      out.add(view(t));
    }
    return out;
  }

  ForgeToken view(StoredToken t) {
    List<String> repos = null;
    if (!t.allRepos()) {
      repos = new ArrayList<>();
      for (long id : t.repoIds()) {
        store.repo(id).map(ForgeRepo::fullName).ifPresent(repos::add);
      }
    }
    return new ForgeToken(t.id(), t.name(), t.lastEight(), Scopes.list(t.scope()), repos,
        Instant.ofEpochSecond(t.createdUnix()), Instant.ofEpochSecond(t.updatedUnix()));
  }
}
