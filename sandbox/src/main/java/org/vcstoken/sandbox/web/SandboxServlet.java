package org.vcstoken.sandbox.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.vcstoken.sandbox.auth.VcsAuthenticator;
import org.vcstoken.sandbox.auth.VcsDecision;
import org.vcstoken.sandbox.auth.VcsDetector;
import org.vcstoken.sandbox.auth.VcsRequest;
import org.vcstoken.sandbox.backend.ReverseProxy;
import org.vcstoken.sandbox.http.RequestPaths;
import org.vcstoken.sandbox.store.Repo;
import org.vcstoken.sandbox.store.RepoType;
import org.vcstoken.sandbox.store.Store;

/**
 * The sandbox's single front servlet: JSON-RPC, the web pages, and VCS traffic, which it
 * detects, maps to a repository (404 before any authentication when unknown), authenticates
 * like RhodeCode and then hands to JGit, hg serve or Apache.
 */
public final class SandboxServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Pattern BY_ID = Pattern.compile("_(\\d{1,18})");

  private final transient Operations ops;
  private final transient Store store;
  private final transient VcsAuthenticator authenticator;
  private final transient ApiHandler api;
  private final transient WebUi web;
  private final transient ReverseProxy proxy = new ReverseProxy();
  private final String challenge;

  public SandboxServlet(Operations ops, VcsAuthenticator authenticator, ApiHandler api, WebUi web, String realm) {
    this.ops = ops;
    this.store = ops.store();
    this.authenticator = authenticator;
    this.api = api;
    this.web = web;
    // RhodeCode: an empty realm setting falls back to "RhodeCode AUTH".
    String r = realm == null || realm.isEmpty() ? "RhodeCode AUTH" : realm;
    this.challenge = "Basic realm=\"" + r.replace("\"", "'") + "\"";
  }

  @Override
  public void init() throws ServletException {
    ops.git().init(getServletContext());
  }

  @Override
  public void destroy() {
    ops.git().destroy();
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
    Optional<String> decoded = RequestPaths.decode(req.getRequestURI());
    if (decoded.isEmpty()) {
      resp.sendError(400, "malformed path");
      return;
    }
    String path = decoded.get();
    if (path.equals("/_admin/api")) {
      api.handle(req, resp);
      return;
    }
    Map<String, String> headers = new HashMap<>();
    for (String name : Collections.list(req.getHeaderNames())) {
      headers.put(name.toLowerCase(Locale.ROOT), String.join(",", Collections.list(req.getHeaders(name))));
    }
    Optional<VcsRequest> vcs = VcsDetector.detect(req.getMethod(), path, req.getQueryString(), headers,
        name -> resolve(name).filter(r -> r.type() == RepoType.SVN).isPresent());
    if (vcs.isPresent()) {
      serveVcs(req, resp, vcs.get());
      return;
    }
    if (web.handle(path, req, resp)) {
      return;
    }
    resp.sendError(404, "not found");
  }

  private void serveVcs(HttpServletRequest req, HttpServletResponse resp, VcsRequest vcs)
      throws IOException, ServletException {
    Optional<Repo> repo = resolve(vcs.repoName())
        .filter(r -> r.type() == vcs.type())
        .filter(ops::existsOnDisk);
    if (repo.isEmpty()) {
      resp.sendError(404, "repository not found");
      return;
    }
    if (!ops.backendOn(vcs.type())) {
      resp.sendError(503, "the " + vcs.type().wireName() + " backend is off: " + ops.backendOffReason(vcs.type()));
      return;
    }
    VcsDecision decision = authenticator.decide(repo.get(), vcs.push(), req.getHeader("Authorization"));
    // Java 17 has no pattern switch; the sealed interface still keeps this list complete.
    if (decision instanceof VcsDecision.Allow a) {
      dispatch(req, resp, vcs, repo.get(), a.user().username());
    } else if (decision instanceof VcsDecision.Forbidden f) {
      resp.sendError(403, f.reason());
    } else {
      resp.setHeader("WWW-Authenticate", challenge);
      resp.sendError(401, "Unauthorized");
    }
  }

  private void dispatch(HttpServletRequest req, HttpServletResponse resp, VcsRequest vcs, Repo repo,
      String username) throws IOException, ServletException {
    String query = req.getQueryString() == null ? "" : "?" + req.getQueryString();
    switch (vcs.type()) {
      case GIT -> ops.git().serve(req, resp, repo, vcs.gitSuffix(), username);
      // hg URLs are the repo path; an /_<id> URL is mapped to the real name for hg serve.
      case HG -> proxy.forward(req, resp, ops.hg().baseUrl(), "/" + repo.name() + query, Map.of());
      case SVN -> proxy.forward(req, resp, ops.svn().baseUrl(), req.getRequestURI() + query,
          Map.of("Authorization", ops.svn().backendAuthorization(username)));
    }
  }

  /** A repo by full name, or by id when the name is {@code _<digits>}. */
  private Optional<Repo> resolve(String name) {
    var m = BY_ID.matcher(name);
    if (m.matches()) {
      return store.findRepoById(Long.parseLong(m.group(1)));
    }
    return store.findRepoByName(name);
  }
}
