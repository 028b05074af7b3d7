package org.vcstoken.sandbox.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.vcstoken.sandbox.store.Repo;
import org.vcstoken.sandbox.store.Roles;
import org.vcstoken.sandbox.store.SandboxClock;
import org.vcstoken.sandbox.store.Store;
import org.vcstoken.sandbox.store.Token;
import org.vcstoken.sandbox.store.User;

/**
 * RhodeCode's VCS authentication order (RHODECODE.md, steps 5-9): anonymous, then the token
 * plugin, then the password plugin, with successful results cached per (username, password)
 * for a settable TTL so the client's behaviour while a deleted token still works is testable.
 */
public final class VcsAuthenticator {
  /** What a cached success remembers: who, and the token's repo scope if it was a token. */
  private record CachedAuth(long userId, boolean viaToken, Long scopeRepoId, Instant at) {}

  private final Store store;
  private final SandboxClock clock;
  private volatile Duration cacheTtl;
  private final ConcurrentHashMap<String, CachedAuth> cache = new ConcurrentHashMap<>();

  public VcsAuthenticator(Store store, SandboxClock clock, Duration cacheTtl) {
    this.store = store;
    this.clock = clock;
    this.cacheTtl = cacheTtl;
  }

  public void setCacheTtl(Duration ttl) {
    this.cacheTtl = ttl;
    cache.clear();
  }

  public Duration cacheTtl() {
    return cacheTtl;
  }

  public VcsDecision decide(Repo repo, boolean push, String authorizationHeader) {
    Optional<User> anonymous = store.findUserByName(Store.DEFAULT_USER);
    if (anonymous.isPresent() && anonymous.get().active()
        && store.permission(anonymous.get(), repo).allows(push)) {
      return new VcsDecision.Allow(anonymous.get());
    }
    Optional<BasicCredentials> creds = BasicCredentials.parse(authorizationHeader);
    if (creds.isEmpty() || creds.get().username().isEmpty()) {
      return new VcsDecision.Challenge();
    }
    Optional<User> user = authenticate(creds.get(), repo);
    if (user.isEmpty()) {
      return new VcsDecision.Challenge();
    }
    User u = user.get();
    if (!u.active()) {
      return new VcsDecision.Forbidden("user `" + u.username() + "` is inactive");
    }
    if (!store.permission(u, repo).allows(push)) {
      return new VcsDecision.Forbidden("user `" + u.username() + "` may not "
          + (push ? "push to" : "pull from") + " `" + repo.name() + "`");
    }
    return new VcsDecision.Allow(u);
  }

  private Optional<User> authenticate(BasicCredentials creds, Repo repo) {
    String key = creds.username() + '\0' + creds.password();
    Duration ttl = cacheTtl;
    Instant now = clock.instant();
    CachedAuth cached = cache.get(key);
    if (cached != null && !ttl.isZero() && now.isBefore(cached.at().plus(ttl))
        && (!cached.viaToken() || cached.scopeRepoId() == null
            || cached.scopeRepoId() == repo.id())) {
      // Fresh user record: the cache covers the credential check, not activity or perms.
      return store.findUserById(cached.userId());
    }
    Optional<CachedAuth> fresh = tokenPlugin(creds, repo, now).or(() -> passwordPlugin(creds, now));
    fresh.ifPresent(a -> {
      if (!ttl.isZero()) {
        cache.put(key, a);
      }
    });
    return fresh.flatMap(a -> store.findUserById(a.userId()));
  }

  private Optional<CachedAuth> tokenPlugin(BasicCredentials creds, Repo repo, Instant now) {
    Optional<Token> token = store.findTokenByValue(creds.password());
    if (token.isEmpty()) {
      return Optional.empty();
    }
    Token t = token.get();
    Optional<User> owner = store.findUserById(t.userId());
    boolean ok = owner.isPresent()
        && owner.get().username().equals(creds.username())
        && (t.role().equals(Roles.VCS) || t.role().equals(Roles.ALL))
        && !t.expiredAt(clock.epochSeconds())
        && (t.repoId() == null || t.repoId() == repo.id());
    return ok ? Optional.of(new CachedAuth(t.userId(), true, t.repoId(), now)) : Optional.empty();
  }

  private Optional<CachedAuth> passwordPlugin(BasicCredentials creds, Instant now) {
    return store.findUserByName(creds.username())
        .filter(u -> !u.username().equals(Store.DEFAULT_USER))
        .filter(u -> store.passwordMatches(u, creds.password()))
        .map(u -> new CachedAuth(u.id(), false, null, now));
  }
}
