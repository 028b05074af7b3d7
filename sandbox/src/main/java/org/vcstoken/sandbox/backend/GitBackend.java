package org.vcstoken.sandbox.backend;

import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.transport.PreReceiveHook;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.util.FS;
import org.vcstoken.sandbox.store.Repo;

/**
 * git through JGit's {@link GitServlet} in-process. The sandbox has already authenticated and
 * authorised the request; this class only maps the repository and records the pusher.
 */
public final class GitBackend {
  /** Request attribute carrying the resolved repository to the resolver. */
  private static final String REPO_DIR = GitBackend.class.getName() + ".dir";
  /** Request attribute carrying an optional pre-receive hook to the receive-pack factory. */
  private static final String PRE_RECEIVE = GitBackend.class.getName() + ".preReceive";

  private final Path root;
  private final GitServlet servlet = new GitServlet();

  public GitBackend(Path root) {
    this.root = root;
  }

  public Path dirOf(String repoName) {
    return root.resolve(repoName);
  }

  public void init(ServletContext context) throws ServletException {
    servlet.setRepositoryResolver((req, name) -> {
      Object dir = req.getAttribute(REPO_DIR);
      if (dir == null) {
        throw new RepositoryNotFoundException(name);
      }
      try {
        return RepositoryCache.open(RepositoryCache.FileKey.exact(((Path) dir).toFile(), FS.DETECTED), true);
      } catch (IOException e) {
        throw new RepositoryNotFoundException(name, e);
      }
    });
    // Push is allowed here because the sandbox checked write permission before dispatching.
    servlet.setReceivePackFactory((req, db) -> {
      ReceivePack rp = new ReceivePack(db);
      String user = req.getRemoteUser() == null ? "anonymous" : req.getRemoteUser();
      rp.setRefLogIdent(new PersonIdent(user, user + "@example.test"));
      if (req.getAttribute(PRE_RECEIVE) instanceof PreReceiveHook hook) {
        rp.setPreReceiveHook(hook);
      }
      return rp;
    });
    servlet.init(new ServletConfig() {
      @Override
      public String getServletName() {
        return "git";
      }

      @Override
      public ServletContext getServletContext() {
        return context;
      }

      @Override
      public String getInitParameter(String name) {
        return null;
      }

      @Override
      public Enumeration<String> getInitParameterNames() {
        return Collections.emptyEnumeration();
      }
    });
  }

  public void create(String repoName) throws IOException {
    Path dir = dirOf(repoName);
    Files.createDirectories(dir.getParent());
    if (existsOnDisk(repoName)) {
      throw new IOException("a git repository already exists at " + dir);
    }
    try (Repository r = new org.eclipse.jgit.storage.file.FileRepositoryBuilder()
        .setGitDir(dir.toFile()).setBare().build()) {
      r.create(true);
      // Let clients push to a fresh empty repo without a HEAD branch surprise.
      r.getConfig().setBoolean("http", null, "receivepack", true);
      r.getConfig().save();
    }
  }

  public boolean existsOnDisk(String repoName) {
    return Files.isRegularFile(dirOf(repoName).resolve("HEAD"));
  }

  /** Serves {@code req} for {@code repo}; {@code rest} is e.g. {@code /info/refs}. */
  public void serve(HttpServletRequest req, HttpServletResponse resp, Repo repo, String rest,
      String username) throws IOException, ServletException {
    serve(req, resp, repo, rest, username, null);
  }

  /**
   * As {@link #serve(HttpServletRequest, HttpServletResponse, Repo, String, String)}, with a
   * pre-receive hook for pushes (null for none): the forge imitations decide the write
   * permission there, as Gitea and Forgejo do in their pre-receive hook.
   */
  public void serve(HttpServletRequest req, HttpServletResponse resp, Repo repo, String rest,
      String username, PreReceiveHook preReceive) throws IOException, ServletException {
    req.setAttribute(REPO_DIR, dirOf(repo.name()));
    if (preReceive != null) {
      req.setAttribute(PRE_RECEIVE, preReceive);
    }
    String pathInfo = "/" + repo.name() + rest;
    servlet.service(new HttpServletRequestWrapper(req) {
      @Override
      public String getPathInfo() {
        return pathInfo;
      }

      @Override
      public String getServletPath() {
        return "";
      }

      @Override
      public String getRemoteUser() {
        return username;
      }
    }, resp);
  }

  public void destroy() {
    servlet.destroy();
  }
}
