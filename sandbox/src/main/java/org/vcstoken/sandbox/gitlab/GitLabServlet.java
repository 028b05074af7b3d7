package org.vcstoken.sandbox.gitlab;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vcstoken.sandbox.backend.ReverseProxy;
import org.vcstoken.sandbox.gitlab.VcsGate.Command;
import org.vcstoken.sandbox.http.RequestPaths;
import org.vcstoken.sandbox.store.Repo;
import org.vcstoken.sandbox.store.RepoType;
import org.vcstoken.sandbox.store.SandboxClock;

/**
 * The GitLab imitation's front servlet: {@code /api/v4} to the REST API; git smart HTTP
 * ({@code config/routes/git_http.rb}) and Heptapod's hg over HTTP through {@link VcsGate} to
 * JGit or {@code hg serve}; and the sandbox-only {@code /_sandbox/time}.
 */
final class GitLabServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Pattern GIT = Pattern.compile("^/(.+)/(info/refs|git-upload-pack|git-receive-pack)$");
  /** Rails' {@code git_http_handshake}: a blank query or exactly one of the two services. */
  private static final ObjectMapper CONTROL_JSON = new ObjectMapper();
  private static final Pattern HANDSHAKE = Pattern.compile("service=git-(upload|receive)-pack");

  private final transient GitLabOps ops;
  private final transient VcsGate gate;
  private final transient RestApi api;
  private final transient ReverseProxy proxy = new ReverseProxy();
  private final transient SandboxClock clock;

  GitLabServlet(GitLabOps ops, VcsGate gate, RestApi api, SandboxClock clock) {
    this.ops = ops;
    this.gate = gate;
    this.api = api;
    this.clock = clock;
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
    String raw = req.getRequestURI();
    if (raw.equals("/api/v4") || raw.startsWith("/api/v4/")) {
      api.handle(req, resp, raw);
      return;
    }
    Optional<String> decoded = RequestPaths.decode(raw);
    if (decoded.isEmpty()) {
      plain(resp, 400, "Bad Request");
      return;
    }
    String path = decoded.get();
    if (path.equals("/_sandbox/time")) {
      time(req, resp);
      return;
    }
    Map<String, List<String>> query = HgCommands.decodeQuery(req.getQueryString());
    String accept = req.getHeader("Accept") == null ? "" : req.getHeader("Accept");
    if (accept.startsWith("application/mercurial") && query.containsKey("cmd")) {
      serveHg(req, resp, RequestPaths.trimSlashes(path), query);
      return;
    }
    Matcher git = GIT.matcher(path);
    if (git.matches()) {
      serveGit(req, resp, git.group(1), git.group(2));
      return;
    }
    if (path.equals("/") && req.getMethod().equals("GET")) {
      plain(resp, 200, "vcstoken sandbox imitating GitLab " + ops.version() + "; the API is at /api/v4\n");
      return;
    }
    plain(resp, 404, "Not Found");
  }

  private void serveGit(HttpServletRequest req, HttpServletResponse resp, String repoPath, String action)
      throws IOException, ServletException {
    boolean infoRefs = action.equals("info/refs");
    String method = req.getMethod();
    if (!repoPath.endsWith(".git")) {
      // Without .git only the handshake is routed, to a redirect (clone URLs may omit .git).
      String q = req.getQueryString();
      if (infoRefs && method.equals("GET") && (q == null || q.isEmpty() || HANDSHAKE.matcher(q).matches())) {
        String target = base(req) + "/" + encodePath(repoPath) + ".git/info/refs" + (q == null || q.isEmpty() ? "" : "?" + q);
        resp.setStatus(301);
        resp.setHeader("Location", target);
        return;
      }
      plain(resp, 404, "Not Found");
      return;
    }
    if (infoRefs ? !(method.equals("GET") || method.equals("HEAD")) : !method.equals("POST")) {
      plain(resp, 404, "Not Found");
      return;
    }
    if (infoRefs && method.equals("HEAD")) {
      // deny_head_requests is prepended before authentication.
      resp.setStatus(403);
      return;
    }
    String project = repoPath.substring(0, repoPath.length() - ".git".length());
    Command command;
    if (infoRefs) {
      String service = req.getParameter("service");
      command = "git-upload-pack".equals(service) ? Command.DOWNLOAD
          : "git-receive-pack".equals(service) ? Command.PUSH : Command.OTHER;
    } else {
      command = action.equals("git-upload-pack") ? Command.DOWNLOAD : Command.PUSH;
    }
    VcsGate.Decision d = gate.decide(project, GlProject.GIT, command, req.getHeader("Authorization"));
    if (d instanceof VcsGate.Allow a) {
      String full = ops.state().fullPath(a.project());
      ops.git().serve(req, resp, new Repo(a.project().id(), full, RepoType.GIT, 0, ""), "/" + action,
          a.user() == null ? "anonymous" : a.user().username());
    } else {
      answer(req, resp, d);
    }
  }

  private void serveHg(HttpServletRequest req, HttpServletResponse resp, String project,
      Map<String, List<String>> query) throws IOException {
    Map<String, String> headers = new HashMap<>();
    for (String name : Collections.list(req.getHeaderNames())) {
      headers.put(name.toLowerCase(Locale.ROOT), req.getHeader(name));
    }
    String cmd = query.get("cmd").get(0);
    Command command = HgCommands.isPush(cmd, query, headers) ? Command.PUSH : Command.DOWNLOAD;
    VcsGate.Decision d = gate.decide(project, GlProject.HG, command, req.getHeader("Authorization"));
    if (d instanceof VcsGate.Allow a) {
      if (!ops.hg().available()) {
        plain(resp, 503, "the hg backend is off: " + ops.hg().unavailableReason());
        return;
      }
      String q = req.getQueryString() == null ? "" : "?" + req.getQueryString();
      proxy.forward(req, resp, ops.hg().baseUrl(), "/" + ops.state().fullPath(a.project()) + q, Map.of());
    } else {
      answer(req, resp, d);
    }
  }

  /**
   * {@code GET|POST /_sandbox/time} ({@code {"epoch": seconds}} → {@code {"now"}}): the server
   * clock, for processes that cannot call {@link GitLabSandbox#setTime} (the demo moves it into a
   * token's renew window). GitLab has nothing like it, so it sits outside {@code /api/v4}; only
   * an administrator's active token ({@code PRIVATE-TOKEN} or {@code Authorization: Bearer}).
   */
  private void time(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String secret = req.getHeader("PRIVATE-TOKEN");
    String auth = req.getHeader("Authorization");
    if ((secret == null || secret.isEmpty()) && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      secret = auth.substring(7).trim();
    }
    GitLabState state = ops.state();
    boolean admin = secret != null && !secret.isEmpty() && state.findTokenBySecret(secret)
        .filter(t -> t.active(state.now()))
        .flatMap(t -> state.findUser(t.userId())).filter(GlUser::admin).isPresent();
    if (!admin) {
      json(resp, 401, Map.of("message", "401 Unauthorized"));
      return;
    }
    if (req.getMethod().equals("POST")) {
      byte[] body = req.getInputStream().readNBytes(64 * 1024);
      JsonNode epoch;
      try {
        JsonNode parsed = body.length == 0 ? null : CONTROL_JSON.readTree(body);
        epoch = parsed == null ? null : parsed.get("epoch");
      } catch (IOException e) {
        epoch = null;
      }
      if (epoch == null || !epoch.isNumber()) {
        json(resp, 400, Map.of("error", "body must be {\"epoch\": <seconds since 1970, may be fractional>}"));
        return;
      }
      clock.setEpochSeconds(epoch.asDouble());
    } else if (!req.getMethod().equals("GET")) {
      json(resp, 405, Map.of("message", "405 Method Not Allowed"));
      return;
    }
    json(resp, 200, Map.of("now", clock.epochSeconds()));
  }

  private static void json(HttpServletResponse resp, int status, Object body) throws IOException {
    byte[] b = CONTROL_JSON.writeValueAsBytes(body);
    resp.setStatus(status);
    resp.setContentType("application/json");
    resp.setContentLength(b.length);
    resp.getOutputStream().write(b);
  }

  /** The 401 of {@code render_access_denied}, or a 403/404 with GitAccess's message. */
  private void answer(HttpServletRequest req, HttpServletResponse resp, VcsGate.Decision d) throws IOException {
    if (d instanceof VcsGate.Deny deny) {
      plain(resp, deny.status(), deny.message());
      return;
    }
    resp.setHeader("Www-Authenticate", "Basic realm=\"GitLab\"");
    plain(resp, 401, accessDenied(base(req)));
  }

  /** The body of {@code Repositories::GitHttpClientController#render_access_denied}. */
  static String accessDenied(String base) {
    return "HTTP Basic: Access denied. If a password was provided for Git authentication, the password was"
        + " incorrect or you're required to use a token instead of a password. If a token was provided, it"
        + " was either incorrect, expired, or improperly scoped. See " + base
        + "/help/topics/git/troubleshooting_git.md#error-on-git-fetch-http-basic-access-denied";
  }

  private static void plain(HttpServletResponse resp, int status, String text) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    resp.setStatus(status);
    resp.setContentType("text/plain; charset=utf-8");
    resp.setContentLength(b.length);
    resp.getOutputStream().write(b);
  }

  private static String base(HttpServletRequest req) {
    String host = req.getHeader("Host");
    return req.getScheme() + "://" + (host == null ? req.getServerName() + ":" + req.getServerPort() : host);
  }

  private static String encodePath(String path) {
    StringBuilder b = new StringBuilder();
    for (byte c : path.getBytes(StandardCharsets.UTF_8)) {
      int u = c & 0xff;
      if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || "/-._~".indexOf(u) >= 0) {
        b.append((char) u);
      } else {
        b.append('%').append(String.format("%02X", u));
      }
    }
    return b.toString();
  }
}
