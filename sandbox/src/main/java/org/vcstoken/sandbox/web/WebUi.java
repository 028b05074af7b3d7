package org.vcstoken.sandbox.web;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.vcstoken.sandbox.Edition;
import org.vcstoken.sandbox.store.Repo;
import org.vcstoken.sandbox.store.Roles;
import org.vcstoken.sandbox.store.SandboxClock;
import org.vcstoken.sandbox.store.SandboxException;
import org.vcstoken.sandbox.store.Store;
import org.vcstoken.sandbox.store.Token;
import org.vcstoken.sandbox.store.User;

/**
 * The few RhodeCode web pages a token client drives: login (form fields {@code username},
 * {@code password}, optional {@code remember}; {@code came_from} in the query), and
 * My Account → Auth Tokens with its {@code new}, {@code view} and {@code delete} actions, all
 * requiring the session and the {@code csrf_token} form field.
 */
public final class WebUi {
  public static final String LOGIN = "/_admin/login";
  public static final String LOGOUT = "/_admin/logout";
  public static final String TOKENS = "/_admin/my_account/auth_tokens";
  static final String COOKIE = "rhodecode_session";

  /** A flash message and its level ("success" or "error"), shown once on the next page. */
  private record Flash(String message, String level) {
  }

  /** A logged-in browser session with its CSRF token and a one-shot flash message. */
  private static final class Session {
    final long userId;
    final String csrf;
    volatile Flash flash;

    Session(long userId, String csrf) {
      this.userId = userId;
      this.csrf = csrf;
    }
  }

  private final Store store;
  private final SandboxClock clock;
  private final Edition edition;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  public WebUi(Store store, SandboxClock clock, Edition edition) {
    this.store = store;
    this.clock = clock;
    this.edition = edition;
  }

  /** Returns false when the path is not one of ours. */
  public boolean handle(String path, HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String method = req.getMethod();
    switch (path) {
      case LOGIN -> {
        if (method.equals("POST")) {
          loginPost(req, resp);
        } else {
          loginPage(req, resp, null, 200);
        }
      }
      case LOGOUT -> {
        session(req).ifPresent(s -> sessions.values().remove(s));
        resp.addHeader("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly");
        redirect(resp, "/");
      }
      case TOKENS -> withSession(req, resp, s -> tokensPage(req, resp, s));
      case TOKENS + "/new" -> postWithCsrf(req, resp, s -> newToken(req, resp, s));
      // RhodeCode routes the view only for XMLHttpRequests (a Pyramid xhr predicate): others get a 404.
      case TOKENS + "/view" -> {
        if ("XMLHttpRequest".equals(req.getHeader("X-Requested-With"))) {
          postWithCsrf(req, resp, s -> viewToken(req, resp, s));
        } else {
          resp.sendError(404, "Not Found");
        }
      }
      case TOKENS + "/delete" -> postWithCsrf(req, resp, s -> deleteToken(req, resp, s));
      default -> {
        return false;
      }
    }
    return true;
  }

  @FunctionalInterface
  private interface Action {
    void run(Session s) throws IOException;
  }

  private void withSession(HttpServletRequest req, HttpServletResponse resp, Action action) throws IOException {
    Optional<Session> s = session(req);
    Optional<User> u = s.flatMap(x -> store.findUserById(x.userId)).filter(User::active);
    if (u.isEmpty()) {
      String here = req.getRequestURI() + (req.getQueryString() == null ? "" : "?" + req.getQueryString());
      redirect(resp, LOGIN + "?came_from=" + URLEncoder.encode(here, StandardCharsets.UTF_8));
      return;
    }
    action.run(s.get());
  }

  private void postWithCsrf(HttpServletRequest req, HttpServletResponse resp, Action action) throws IOException {
    if (!req.getMethod().equals("POST")) {
      resp.sendError(405, "POST only");
      return;
    }
    withSession(req, resp, s -> {
      String sent = req.getParameter("csrf_token");
      if (sent == null || !java.security.MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
          s.csrf.getBytes(StandardCharsets.UTF_8))) {
        resp.sendError(403, "CSRF token verification failed");
        return;
      }
      action.run(s);
    });
  }

  private Optional<Session> session(HttpServletRequest req) {
    Cookie[] cookies = req.getCookies();
    if (cookies == null) {
      return Optional.empty();
    }
    for (Cookie c : cookies) {
      if (c.getName().equals(COOKIE) && sessions.containsKey(c.getValue())) {
        return Optional.of(sessions.get(c.getValue()));
      }
    }
    return Optional.empty();
  }

  // ---- login ---------------------------------------------------------------------------

  private void loginPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String username = req.getParameter("username");
    String password = req.getParameter("password");
    Optional<User> user = Optional.ofNullable(username)
        .filter(n -> !n.equals(Store.DEFAULT_USER))
        .flatMap(store::findUserByName)
        .filter(u -> password != null && store.passwordMatches(u, password));
    if (user.isEmpty()) {
      loginPage(req, resp, "Invalid username or password", 200);
      return;
    }
    if (!user.get().active()) {
      loginPage(req, resp, "This user is inactive", 200);
      return;
    }
    String sid = store.newHex(20);
    sessions.put(sid, new Session(user.get().id(), store.newHex(20)));
    resp.addHeader("Set-Cookie", COOKIE + "=" + sid + "; Path=/; HttpOnly; SameSite=Lax");
    redirect(resp, safeCameFrom(req.getParameter("came_from")));
  }

  /** Only local paths: an open redirect would be a bug worth not imitating. */
  private static String safeCameFrom(String cameFrom) {
    if (cameFrom == null || !cameFrom.startsWith("/") || cameFrom.startsWith("//")) {
      return "/";
    }
    return cameFrom;
  }

  private void loginPage(HttpServletRequest req, HttpServletResponse resp, String error, int status)
      throws IOException {
    String cameFrom = req.getParameter("came_from");
    String action = LOGIN + (cameFrom == null ? "" : "?came_from=" + URLEncoder.encode(cameFrom, StandardCharsets.UTF_8));
    StringBuilder b = new StringBuilder();
    b.append("<h1>Sign In</h1>\n");
    if (error != null) {
      b.append("<div class=\"error-message\" id=\"login-error\">").append(esc(error)).append("</div>\n");
    }
    b.append("<form id=\"login_form\" action=\"").append(esc(action)).append("\" method=\"post\">\n")
        .append("  <label for=\"username\">Username:</label>\n")
        .append("  <input type=\"text\" id=\"username\" name=\"username\" value=\"\">\n")
        .append("  <label for=\"password\">Password:</label>\n")
        .append("  <input type=\"password\" id=\"password\" name=\"password\">\n")
        .append("  <input type=\"checkbox\" id=\"remember\" name=\"remember\" value=\"True\">\n")
        .append("  <input type=\"submit\" id=\"sign_in\" name=\"sign_in\" value=\"Sign In\">\n")
        .append("</form>\n");
    html(resp, status, "Sign In", b.toString(), null);
  }

  // ---- auth tokens ---------------------------------------------------------------------

  private void tokensPage(HttpServletRequest req, HttpServletResponse resp, Session s) throws IOException {
    User user = store.findUserById(s.userId).orElseThrow();
    String preselected = req.getParameter("token_role");
    if (preselected == null || !Roles.USER_CREATABLE.contains(preselected)) {
      preselected = Roles.ALL;
    }
    StringBuilder b = new StringBuilder();
    b.append("<h1>Authentication Tokens</h1>\n");
    // As RhodeCode 4.x: flash messages only as a script variable its JavaScript turns into alerts.
    Flash flash = s.flash;
    s.flash = null;
    List<Object> alerts = flash == null ? List.of()
        : List.of(Map.of("message", Map.of("message", flash.message(), "level", flash.level(), "force", true)));
    b.append("<script> var alertMessagePayloads = ")
        .append(ApiHandler.toJson(alerts).replace("</", "<\\/")).append("; </script>\n");
    b.append("<table id=\"auth_tokens\">\n<tr><th>id</th><th>token</th><th>description</th>"
        + "<th>role</th><th>expires</th><th>scope</th><th></th></tr>\n");
    double now = clock.epochSeconds();
    for (Token t : store.tokensOf(user.id())) {
      String scope = t.repoId() == null ? "" : store.findRepoById(t.repoId()).map(Repo::name).orElse("");
      b.append("<tr class=\"auth_token_row\" id=\"auth_token_").append(t.id())
          .append("\" data-token-id=\"").append(t.id())
          .append("\" data-role=\"").append(esc(t.role()))
          .append("\" data-description=\"").append(esc(t.description()))
          .append("\" data-expires=\"").append(t.expires())
          .append("\" data-scope-repo=\"").append(esc(scope)).append("\">")
          .append("<td>").append(t.id()).append("</td>")
          .append("<td><code class=\"token\">").append(esc(t.value().substring(0, 4))).append("****</code>")
          .append(" <a href=\"#\" onclick=\"showAuthToken(").append(t.id()).append(");return false\">show</a></td>")
          .append("<td>").append(esc(t.description())).append("</td>")
          .append("<td>").append(esc(t.role())).append("</td>")
          .append("<td>").append(t.expires() == Token.NEVER ? "never"
              : (t.expiredAt(now) ? "expired " : "") + t.expires()).append("</td>")
          .append("<td>").append(esc(scope)).append("</td>")
          .append("<td><form action=\"").append(TOKENS).append("/delete\" method=\"post\">")
          .append(csrfInput(s))
          .append("<input type=\"hidden\" name=\"del_auth_token\" value=\"").append(t.id()).append("\">")
          .append("<button type=\"submit\">Delete</button></form></td></tr>\n");
    }
    b.append("</table>\n");
    b.append("<form id=\"new_auth_token\" action=\"").append(TOKENS).append("/new\" method=\"post\">\n")
        .append(csrfInput(s)).append('\n')
        .append("  <input type=\"text\" id=\"description\" name=\"description\" value=\"\">\n")
        .append("  <select id=\"lifetime\" name=\"lifetime\">\n");
    for (String[] lt : new String[][] {{"-1", "forever"}, {"5", "5 minutes"}, {"60", "1 hour"},
        {"1440", "1 day"}, {"43200", "1 month"}}) {
      b.append("    <option value=\"").append(lt[0]).append("\">").append(lt[1]).append("</option>\n");
    }
    b.append("  </select>\n  <select id=\"role\" name=\"role\">\n");
    for (String role : new String[] {Roles.ALL, Roles.HTTP, Roles.VCS, Roles.API, Roles.FEED, Roles.ARTIFACT}) {
      b.append("    <option value=\"").append(role).append('"')
          .append(role.equals(preselected) ? " selected=\"selected\"" : "")
          .append('>').append(role).append("</option>\n");
    }
    b.append("  </select>\n");
    if (edition == Edition.EE) {
      b.append("  <select id=\"scope_repo_id\" name=\"scope_repo_id\">\n    <option value=\"\">all repositories</option>\n");
      for (Repo r : store.repos()) {
        if (store.permission(user, r).allows(false)) {
          b.append("    <option value=\"").append(r.id()).append("\">").append(esc(r.name())).append("</option>\n");
        }
      }
      b.append("  </select>\n");
    }
    b.append("  <input type=\"submit\" id=\"save\" name=\"save\" value=\"Add\">\n</form>\n");
    html(resp, 200, "Authentication Tokens", b.toString(), s);
  }

  private void newToken(HttpServletRequest req, HttpServletResponse resp, Session s) throws IOException {
    String role = req.getParameter("role");
    String lifetimeText = req.getParameter("lifetime");
    String description = req.getParameter("description");
    String scope = edition == Edition.EE ? req.getParameter("scope_repo_id") : null;
    try {
      long lifetime;
      try {
        lifetime = Long.parseLong(lifetimeText == null ? "" : lifetimeText.trim());
      } catch (NumberFormatException e) {
        throw new SandboxException("lifetime must be a number of minutes or -1, got `" + lifetimeText + "`");
      }
      Long repoId = null;
      if (scope != null && !scope.isBlank() && !scope.equals("-1")) {
        User user = store.findUserById(s.userId).orElseThrow();
        Repo repo;
        try {
          repo = store.findRepoById(Long.parseLong(scope.trim())).orElse(null);
        } catch (NumberFormatException e) {
          repo = null;
        }
        if (repo == null || !store.permission(user, repo).allows(false)) {
          throw new SandboxException("scope_repo_id `" + scope + "` is not a repository you can read");
        }
        repoId = repo.id();
        // RhodeCode EE: a repo-scoped token is always a VCS token.
        role = Roles.VCS;
      }
      Token t = store.addToken(s.userId, role, lifetime, description, repoId);
      s.flash = new Flash("Auth token successfully created", "success");
    } catch (SandboxException e) {
      s.flash = new Flash("Error: " + e.getMessage(), "error");
    }
    redirect(resp, TOKENS);
  }

  private void viewToken(HttpServletRequest req, HttpServletResponse resp, Session s) throws IOException {
    Optional<Token> t = parseId(req.getParameter("auth_token_id")).flatMap(store::findToken)
        .filter(x -> x.userId() == s.userId);
    resp.setContentType("application/json");
    resp.setCharacterEncoding("UTF-8");
    if (t.isEmpty()) {
      resp.setStatus(404);
      resp.getOutputStream().write(ApiHandler.utf8(ApiHandler.toJson(Map.of("error", "no such auth token"))));
      return;
    }
    resp.setStatus(200);
    resp.getOutputStream().write(ApiHandler.utf8(ApiHandler.toJson(Map.of("auth_token", t.get().value()))));
  }

  private void deleteToken(HttpServletRequest req, HttpServletResponse resp, Session s) throws IOException {
    Optional<Token> t = parseId(req.getParameter("del_auth_token")).flatMap(store::findToken)
        .filter(x -> x.userId() == s.userId);
    if (t.isPresent()) {
      store.deleteToken(t.get().id());
      s.flash = new Flash("Auth token successfully deleted", "success");
    } else {
      s.flash = new Flash("Error: no such auth token", "error");
    }
    redirect(resp, TOKENS);
  }

  // ---- helpers -------------------------------------------------------------------------

  private static Optional<Long> parseId(String s) {
    try {
      return s == null ? Optional.empty() : Optional.of(Long.parseLong(s.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String csrfInput(Session s) {
    return "<input type=\"hidden\" id=\"csrf_token\" name=\"csrf_token\" value=\"" + s.csrf + "\">";
  }

  static void redirect(HttpServletResponse resp, String location) {
    resp.setStatus(302);
    resp.setHeader("Location", location);
  }

  void html(HttpServletResponse resp, int status, String title, String body, Session s) throws IOException {
    StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
        .append(esc(title)).append(" · RhodeCode (vcstoken sandbox)</title>\n")
        // Every RhodeCode page loads its assets from the static view routed at /_static/rhodecode
        // (rhodecode/config/middleware.py, add_static_view) through base/root.mako.
        .append("<link rel=\"stylesheet\" type=\"text/css\" href=\"/_static/rhodecode/css/style.css\">\n");
    if (s != null) {
      // RhodeCode exposes the CSRF token to its JavaScript the same way.
      b.append("<script>var CSRF_TOKEN = '").append(s.csrf).append("';</script>\n");
    }
    b.append("</head><body>\n").append(body).append("</body></html>\n");
    resp.setStatus(status);
    resp.setContentType("text/html");
    resp.setCharacterEncoding("UTF-8");
    resp.getOutputStream().write(b.toString().getBytes(StandardCharsets.UTF_8));
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
