package org.vcstoken.sandbox.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.vcstoken.sandbox.backend.GitBackend;
import org.vcstoken.sandbox.backend.HgBackend;
import org.vcstoken.sandbox.backend.SvnBackend;
import org.vcstoken.sandbox.store.Repo;
import org.vcstoken.sandbox.store.RepoType;
import org.vcstoken.sandbox.store.Roles;
import org.vcstoken.sandbox.store.SandboxException;
import org.vcstoken.sandbox.store.Store;
import org.vcstoken.sandbox.store.User;

/**
 * Seeding operations shared by the Java API and JSON-RPC, so both have the same effect:
 * they keep the store and the repositories on disk (and Apache's user list) in step.
 */
public final class Operations {
  private final Store store;
  private final GitBackend git;
  private final HgBackend hg;
  private final SvnBackend svn;

  public Operations(Store store, GitBackend git, HgBackend hg, SvnBackend svn) {
    this.store = store;
    this.git = git;
    this.hg = hg;
    this.svn = svn;
  }

  public Store store() {
    return store;
  }

  public GitBackend git() {
    return git;
  }

  public HgBackend hg() {
    return hg;
  }

  public SvnBackend svn() {
    return svn;
  }

  /** Description of the feed token every new account gets ({@code model/user.py UserModel.create}). */
  public static final String FEED_TOKEN_DESCRIPTION = "Generated feed token";

  public User createUser(String username, String password, String email, boolean active, boolean admin) {
    User u = store.createUser(username, password, email, active, admin);
    addFeedToken(store, u);
    syncSvnUsers();
    return u;
  }

  /** RhodeCode gives every account it creates a never-expiring feed (RSS) token. */
  public static void addFeedToken(Store store, User u) {
    store.addToken(u.id(), Roles.FEED, -1, FEED_TOKEN_DESCRIPTION, null);
  }

  public void syncSvnUsers() {
    try {
      svn.syncUsers(store.users().stream().map(User::username).toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot update Apache's user list", e);
    }
  }

  /** Creates the repository on disk first, then records it; a failure leaves no record. */
  public synchronized Repo createRepo(String name, RepoType type, User owner, String description) {
    store.checkRepoNameFree(name);
    try {
      switch (type) {
        case GIT -> git.create(name);
        case HG -> {
          requireOn(type);
          hg.create(name);
        }
        case SVN -> {
          requireOn(type);
          svn.create(name);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + type.wireName() + " repository `" + name
          + "`: " + e.getMessage(), e);
    }
    Repo repo = store.createRepo(name, type, owner.id(), description);
    if (type == RepoType.SVN) {
      try {
        // Served once recorded: Apache also needs the id, for the /_<id> address.
        svn.serve(repo.name(), repo.id());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot serve svn repository `" + name + "`: " + e.getMessage(), e);
      }
    }
    return repo;
  }

  public boolean backendOn(RepoType type) {
    return switch (type) {
      case GIT -> true;
      case HG -> hg.available();
      case SVN -> svn.available();
    };
  }

  public String backendOffReason(RepoType type) {
    return switch (type) {
      case GIT -> null;
      case HG -> hg.unavailableReason();
      case SVN -> svn.unavailableReason();
    };
  }

  private void requireOn(RepoType type) {
    if (!backendOn(type)) {
      throw new SandboxException("the " + type.wireName() + " backend is off: " + backendOffReason(type));
    }
  }

  public boolean existsOnDisk(Repo repo) {
    return switch (repo.type()) {
      case GIT -> git.existsOnDisk(repo.name());
      case HG -> hg.existsOnDisk(repo.name());
      case SVN -> svn.existsOnDisk(repo.name());
    };
  }

  /** The svn repositories, name to id, for Apache's configuration. */
  public java.util.Map<String, Long> svnRepos() {
    java.util.Map<String, Long> repos = new java.util.LinkedHashMap<>();
    for (Repo r : store.repos()) {
      if (r.type() == RepoType.SVN) {
        repos.put(r.name(), r.id());
      }
    }
    return repos;
  }
}
