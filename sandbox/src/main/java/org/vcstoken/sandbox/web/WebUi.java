package org.vcstoken.sandbox.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.vcstoken.sandbox.http.FormPairs;
import org.vcstoken.sandbox.store.Repo;
import org.vcstoken.sandbox.store.Roles;
import org.vcstoken.sandbox.store.SandboxClock;
import org.vcstoken.sandbox.store.SandboxException;
import org.vcstoken.sandbox.store.Store;
import org.vcstoken.sandbox.store.Token;
import org.vcstoken.sandbox.store.User;

/**
 * The RhodeCode web pages a token client drives, each following the CE 4.27 view and template
 * named on its method (sandbox/README.md lists the rules with their sources): login and logout
 * ({@code apps/login}), My Account → Auth Tokens with its {@code new}, {@code view} and
 * {@code delete} actions ({@code apps/my_account/views/my_account.py}), the repository list
 * {@code /_repos} that EE's scope picker queries ({@code apps/home/views.py}) and a home page.
 * Every redirect is absolute, as WebOb makes them.
 */
public final class WebUi {
  public static final String LOGIN = "/_admin/login";
  public static final String LOGOUT = "/_admin/logout";
  public static final String TOKENS = "/_admin/my_account/auth_tokens";
  public static final String REPOS = "/_repos";
  private static final int MAX_FORM = 1024 * 1024;
  /** WebOb splits form fields at {@code ;} as well as {@code &}. */
  private static final Pattern FORM_SEPARATOR = Pattern.compile("[&;]");
  private static final Pattern PY_INT = Pattern.compile("\\s*[+-]?\\d{1,18}\\s*");

  private final Store store;
  private final SandboxClock clock;
  private final Edition edition;
  private final WebSettings settings;
  private final WebSessions sessions;

  public WebUi(Store store, SandboxClock clock, Edition edition, WebSettings settings) {
    this.store = store;
    this.clock = clock;
    this.edition = edition;
    this.settings = settings;
    this.sessions = new WebSessions(clock);
  }

  /** Returns false when the path is not one of ours. */
  public boolean handle(String path, HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String method = req.getMethod();
    // Pyramid routes each view by method (and XMLHttpRequest where RhodeCode says xhr=True); a
    // request no view predicate accepts is a 404.
    boolean xhr = "XMLHttpRequest".equals(req.getHeader("X-Requested-With"));
    switch (path) {
      case LOGIN -> {
        if (method.equals("GET")) {
          loginPage(req, resp);
        } else if (method.equals("POST")) {
          loginPost(req, resp);
        } else {
          notFound(resp);
        }
      }
      case LOGOUT -> {
        if (method.equals("POST")) {
          logout(req, resp);
        } else {
          notFound(resp);
        }
      }
      case TOKENS -> {
        if (method.equals("GET")) {
          tokensPage(req, resp);
        } else {
          notFound(resp);
        }
      }
      case TOKENS + "/new" -> {
        if (method.equals("POST")) {
          newToken(req, resp);
        } else {
          notFound(resp);
        }
      }
      case TOKENS + "/view" -> {
        if (method.equals("POST") && xhr) {
          viewToken(req, resp);
        } else {
          notFound(resp);
        }
      }
      case TOKENS + "/delete" -> {
        if (method.equals("POST")) {
          deleteToken(req, resp);
        } else {
          notFound(resp);
        }
      }
      case REPOS -> {
        if (method.equals("GET") && xhr) {
          repoList(req, resp);
        } else {
          notFound(resp);
        }
      }
      case "/" -> {
        if (method.equals("GET")) {
          home(req, resp);
        } else {
          notFound(resp);
        }
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  /** A request's form fields ({@code request.POST}: the body only) and query ({@code request.GET}). */
  private record Params(Map<String, String> post, Map<String, String> get) {
  }

  /** Who is asking: the session (if any) and its logged-in, active user (if any). */
  private record Visitor(Optional<WebSessions.Session> session, Optional<User> user) {
  }

  private Visitor visitor(HttpServletRequest req) {
    Optional<WebSessions.Session> s = sessions.find(req);
    Optional<User> u = s.map(x -> x.userId).flatMap(id -> id == null ? Optional.empty() : store.findUserById(id))
        .filter(User::active);
    return new Visitor(s, u);
  }

  // ---- apps/login/views.py ------------------------------------------------------------------

  /**
   * {@code LoginView.login}: an account already logged in (from an allowed address) goes on to
   * {@code came_from}; otherwise the form, in a session made for its CSRF token (so the cookie is
   * set here already).
   */
  private void loginPage(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Params p = params(req);
    String cameFrom = cameFrom(req, p.get().get("came_from"));
    Visitor v = visitor(req);
    if (v.user().isPresent() && settings.ipAllowed(v.user().get().username(), req.getRemoteAddr())) {
      redirect(req, resp, cameFrom);
      return;
    }
    WebSessions.Session s = v.session().orElseGet(() -> sessions.create(resp));
    renderLogin(resp, s, cameFrom, null, Map.of());
  }

  /**
   * {@code LoginView.login_post}: the session is invalidated first (a new id and CSRF token,
   * whatever the outcome), then {@code LoginForm} ({@code model/forms.py}) checks the fields and
   * {@code ValidAuth} ({@code model/validators.py}) the account: an inactive account marks the
   * user name "Your account is disabled" whatever the password; an unknown user or a wrong
   * password marks both fields. Only the account password logs in: the token plugin serves VCS
   * requests only ({@code authentication/plugins/auth_token.py}).
   */
  private void loginPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Params p = params(req);
    String cameFrom = cameFrom(req, p.get().get("came_from"));
    visitor(req).session().ifPresent(sessions::invalidate);
    WebSessions.Session s = sessions.create(resp);
    String rawUser = p.post().get("username");
    String password = p.post().get("password");
    String username = rawUser == null ? null : rawUser.strip();
    Map<String, String> errors = new LinkedHashMap<>();
    if (username == null) {
      errors.put("username", "Missing value");
    } else if (username.isEmpty()) {
      errors.put("username", "Please enter a login");
    }
    if (password == null) {
      errors.put("password", "Missing value");
    } else if (password.isEmpty()) {
      errors.put("password", "Please enter a password");
    } else if (password.codePointCount(0, password.length()) < 3) {
      errors.put("password", "Enter 3 characters or more");
    } else if (password.codePointCount(0, password.length()) > 72) {
      errors.put("password", "Enter a value less than 72 characters long");
    }
    if (errors.isEmpty()) {
      Optional<User> user = store.findUserByName(username);
      boolean authenticated = user.filter(User::active).filter(u -> !u.username().equals(Store.DEFAULT_USER))
          .filter(u -> store.passwordMatches(u, password)).isPresent();
      if (!authenticated) {
        if (user.isPresent() && !user.get().active()) {
          errors.put("username", "Your account is disabled");
        } else {
          errors.put("username", "invalid user name");
          errors.put("password", "invalid password");
        }
      } else {
        s.userId = user.get().id();
        redirect(req, resp, cameFrom);
        return;
      }
    }
    renderLogin(resp, s, cameFrom, username, errors);
  }

  private void renderLogin(HttpServletResponse resp, WebSessions.Session s, String cameFrom, String username,
      Map<String, String> errors) throws IOException {
    String action = LOGIN + "?came_from=" + URLEncoder.encode(cameFrom, StandardCharsets.UTF_8);
    Layout.send(resp, 200, Layout.root(new Layout.Frame(edition, settings, s, null), "Sign In",
        Pages.login(action, username, errors, edition)));
  }

  /**
   * {@code get_came_from} of {@code apps/login/views.py}: another scheme than http(s), another
   * host, or a CR/LF in the path falls back to the home page.
   */
  private static String cameFrom(HttpServletRequest req, String value) {
    if (value == null || value.isEmpty()) {
      return "/";
    }
    URI u;
    try {
      u = new URI(value);
    } catch (URISyntaxException e) {
      return "/";
    }
    String scheme = u.getScheme();
    if (scheme != null && !scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
      return "/";
    }
    String authority = u.getRawAuthority();
    if (authority != null && !authority.isEmpty() && !authority.equalsIgnoreCase(host(req))) {
      return "/";
    }
    if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
      return "/";
    }
    return value;
  }

  /** {@code LoginView.logout}: POST only, CSRF-checked; the session is deleted. */
  private void logout(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Params p = params(req);
    Visitor v = visitor(req);
    if (!csrfOk(req, p, v.session())) {
      forbidden(resp);
      return;
    }
    sessions.delete(v.session().get(), resp);
    redirect(req, resp, "/");
  }

  // ---- lib/auth.py: LoginRequired, NotAnonymous, CSRFRequired --------------------------------

  /**
   * The user a view runs for, or null once the browser has been sent to the login page with
   * {@code came_from}. An account from an address its IP list does not allow gets the flash
   * "IP … not allowed". Without a login the anonymous user {@code default} passes
   * {@code LoginRequired} when it is active (anonymous access on); {@code NotAnonymous} then
   * sends it to the login page with a warning.
   */
  private User requireUser(HttpServletRequest req, HttpServletResponse resp, boolean notAnonymous) throws IOException {
    Visitor v = visitor(req);
    if (v.user().isPresent()) {
      User u = v.user().get();
      if (settings.ipAllowed(u.username(), req.getRemoteAddr())) {
        return u;
      }
      v.session().get().flash("warning", "IP " + req.getRemoteAddr() + " not allowed");
      toLogin(req, resp);
      return null;
    }
    Optional<User> anonymous = store.findUserByName(Store.DEFAULT_USER).filter(User::active);
    if (anonymous.isEmpty()) {
      toLogin(req, resp);
      return null;
    }
    if (notAnonymous) {
      sessions.findOrCreate(req, resp).flash("warning", "You need to be a registered user to perform this action");
      toLogin(req, resp);
      return null;
    }
    return anonymous.get();
  }

  private void toLogin(HttpServletRequest req, HttpServletResponse resp) {
    String here = req.getRequestURI() + (req.getQueryString() == null ? "" : "?" + req.getQueryString());
    redirect(req, resp, LOGIN + "?came_from=" + URLEncoder.encode(here, StandardCharsets.UTF_8));
  }

  /**
   * {@code CSRFRequired}: the form field {@code csrf_token}, or when the form has none the header
   * {@code X-CSRF-Token}, must equal the session's token.
   */
  private static boolean csrfOk(HttpServletRequest req, Params p, Optional<WebSessions.Session> s) {
    String supplied = p.post().containsKey("csrf_token") ? p.post().get("csrf_token") : req.getHeader("X-CSRF-Token");
    return s.isPresent() && supplied != null && !supplied.isEmpty()
        && java.security.MessageDigest.isEqual(supplied.getBytes(StandardCharsets.UTF_8),
            s.get().csrf.getBytes(StandardCharsets.UTF_8));
  }

  /** LoginRequired, NotAnonymous and CSRFRequired in that order, as the token actions are decorated. */
  private User requirePost(HttpServletRequest req, HttpServletResponse resp, Params p) throws IOException {
    User u = requireUser(req, resp, true);
    if (u == null) {
      return null;
    }
    if (!csrfOk(req, p, visitor(req).session())) {
      forbidden(resp);
      return null;
    }
    return u;
  }

  // ---- apps/my_account/views/my_account.py ---------------------------------------------------

  /** {@code my_account_auth_tokens}: every token of the account, expired ones included, by id. */
  private void tokensPage(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    User user = requireUser(req, resp, true);
    if (user == null) {
      return;
    }
    WebSessions.Session s = visitor(req).session().orElseThrow();
    String preselected = params(req).get().getOrDefault("token_role", "");
    double now = clock.epochSeconds();
    List<Pages.Row> rows = new ArrayList<>();
    List<Token> tokens = new ArrayList<>(store.tokensOf(user.id()));
    tokens.sort(Comparator.comparingLong(Token::id));
    for (Token t : tokens) {
      String scope = t.repoId() == null ? "Global"
          : "Repository: " + store.findRepoById(t.repoId()).map(Repo::name).orElse("");
      rows.add(new Pages.Row(t, scope, t.expiredAt(now)));
    }
    Layout.send(resp, 200, Layout.base(new Layout.Frame(edition, settings, s, user), "My account " + user.username(),
        Pages.authTokens(rows, s.csrf, preselected, edition == Edition.EE)));
  }

  /**
   * {@code my_account_auth_tokens_add}: {@code lifetime} through {@code safe_int(…, -1)}, so an
   * empty or bad value makes a token that never expires; role and description as sent; never an
   * error flash. EE's {@code maybe_attach_token_scope} (not in the CE source, inferred): a
   * {@code scope_repo_id} naming a repository the account can read scopes the token to it and
   * makes it a VCS token; any other value is ignored.
   */
  private void newToken(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Params p = params(req);
    User user = requirePost(req, resp, p);
    if (user == null) {
      return;
    }
    long lifetime = safeInt(p.post().get("lifetime"), -1L);
    String role = p.post().get("role");
    String description = p.post().get("description");
    Long repoId = null;
    if (edition == Edition.EE) {
      Long scope = safeInt(p.post().get("scope_repo_id"), null);
      Optional<Repo> repo = scope == null ? Optional.empty() : store.findRepoById(scope);
      if (repo.isPresent() && store.permission(user, repo.get()).allows(false)) {
        repoId = repo.get().id();
        role = Roles.VCS;
      }
    }
    // RhodeCode stores any role and any lifetime (0 or below -1 make a token that has already
    // expired); the sandbox's store keeps only what RhodeCode's page offers, so it says so.
    if (role == null || !Roles.USER_CREATABLE.contains(role) || lifetime == 0 || lifetime < -1) {
      resp.sendError(400, "the sandbox does not imitate creating a token with role `" + role + "` and lifetime "
          + lifetime + " (RhodeCode would store it)");
      return;
    }
    try {
      store.addToken(user.id(), role, lifetime, description, repoId);
    } catch (SandboxException e) {
      resp.sendError(400, e.getMessage());
      return;
    }
    visitor(req).session().orElseThrow().flash("success", "Auth token successfully created");
    redirect(req, resp, TOKENS);
  }

  /**
   * {@code my_account_auth_tokens_view} (an xhr route): the token's value as JSON; no id gives
   * {@code null}, an unknown id or another account's token a 404.
   */
  private void viewToken(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Params p = params(req);
    User user = requirePost(req, resp, p);
    if (user == null) {
      return;
    }
    String raw = p.post().get("auth_token_id");
    if (raw == null || raw.isEmpty()) {
      json(resp, "null");
      return;
    }
    Optional<Token> t = Optional.ofNullable(safeInt(raw, null)).flatMap(store::findToken);
    if (t.isEmpty() || t.get().userId() != user.id()) {
      notFound(resp);
      return;
    }
    json(resp, ApiHandler.toJson(Map.of("auth_token", t.get().value())));
  }

  /**
   * {@code my_account_auth_tokens_delete}: an unknown id is a 404 ({@code get_or_404}); a known
   * id is deleted only when it is the account's own ({@code AuthTokenModel.delete} filters by
   * user), yet the flash says "deleted" either way.
   */
  private void deleteToken(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Params p = params(req);
    User user = requirePost(req, resp, p);
    if (user == null) {
      return;
    }
    String raw = p.post().get("del_auth_token");
    if (raw != null && !raw.isEmpty()) {
      Optional<Token> t = Optional.ofNullable(safeInt(raw, null)).flatMap(store::findToken);
      if (t.isEmpty()) {
        notFound(resp);
        return;
      }
      if (t.get().userId() == user.id()) {
        store.deleteToken(t.get().id());
      }
      visitor(req).session().orElseThrow().flash("success", "Auth token successfully deleted");
    }
    redirect(req, resp, TOKENS);
  }

  // ---- apps/home/views.py ------------------------------------------------------------------

  /**
   * {@code repo_list_data} ({@code GET /_repos}, xhr): the repositories the visitor can read
   * whose name contains {@code query} (SQL {@code ILIKE}, so {@code %} and {@code _} are
   * wildcards), at most 20 when there is a query, shortest name first, then by name.
   */
  private void repoList(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    User user = requireUser(req, resp, false);
    if (user == null) {
      return;
    }
    Map<String, String> get = params(req).get();
    String query = get.get("query");
    String type = get.get("repo_type");
    Pattern like = query == null || query.isEmpty() ? null : ilike(query);
    Optional<User> anonymous = store.findUserByName(Store.DEFAULT_USER);
    List<Repo> found = new ArrayList<>();
    for (Repo r : store.repos()) {
      if (store.permission(user, r).allows(false) && (type == null || type.isEmpty() || r.type().wireName().equals(type))
          && (like == null || like.matcher(r.name()).matches())) {
        found.add(r);
      }
    }
    found.sort(Comparator.comparingInt((Repo r) -> r.name().length()).thenComparing(Repo::name));
    if (like != null && found.size() > 20) {
      found = found.subList(0, 20);
    }
    List<Object> children = new ArrayList<>();
    for (Repo r : found) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("id", r.name());
      c.put("value", query);
      c.put("value_display", r.name());
      c.put("text", r.name());
      c.put("type", "repo");
      c.put("repo_id", r.id());
      c.put("repo_type", r.type().wireName());
      c.put("private", anonymous.map(a -> !store.permission(a, r).allows(false)).orElse(true));
      c.put("url", "/" + r.name());
      children.add(c);
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("more", false);
    data.put("results", children.isEmpty() ? List.of() : List.of(Map.of("text", "Repositories", "children", children)));
    json(resp, ApiHandler.toJson(data));
  }

  /** SQL {@code ILIKE '%query%'}: {@code %} any run, {@code _} any one character, case-insensitive. */
  private static Pattern ilike(String query) {
    StringBuilder re = new StringBuilder(".*");
    for (int i = 0; i < query.length(); i++) {
      char c = query.charAt(i);
      if (c == '%') {
        re.append(".*");
      } else if (c == '_') {
        re.append('.');
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.append(".*").toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
  }

  private void home(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Visitor v = visitor(req);
    WebSessions.Session s = v.session().orElseGet(() -> sessions.create(resp));
    Optional<User> viewer = v.user().isPresent() ? v.user()
        : store.findUserByName(Store.DEFAULT_USER).filter(User::active);
    List<String> names = new ArrayList<>();
    for (Repo r : store.repos()) {
      if (viewer.isPresent() && store.permission(viewer.get(), r).allows(false)) {
        names.add(r.name());
      }
    }
    Layout.send(resp, 200, Layout.base(new Layout.Frame(edition, settings, s, v.user().orElse(null)), "Home",
        Pages.home(names)));
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** Python's {@code int()} on a form value, as RhodeCode's {@code safe_int}: the default when not a number. */
  private static Long safeInt(String s, Long fallback) {
    if (s == null || !PY_INT.matcher(s).matches()) {
      return fallback;
    }
    return Long.parseLong(s.strip().replace("+", ""));
  }

  private Params params(HttpServletRequest req) throws IOException {
    Map<String, String> get = parseForm(req.getQueryString());
    Map<String, String> post = Map.of();
    String type = req.getContentType() == null ? "" : req.getContentType().toLowerCase(Locale.ROOT);
    if (req.getMethod().equals("POST") && type.startsWith("application/x-www-form-urlencoded")) {
      post = parseForm(readBody(req.getInputStream()));
    }
    return new Params(post, get);
  }

  /** Form decoding as WebOb's MultiDict reads it with {@code .get()}: the last value of a name wins. */
  private static Map<String, String> parseForm(String s) {
    Map<String, String> out = new LinkedHashMap<>();
    for (FormPairs.Pair p : FormPairs.split(s, FORM_SEPARATOR)) {
      try {
        out.put(URLDecoder.decode(p.name(), StandardCharsets.UTF_8),
            URLDecoder.decode(p.value(), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        // A malformed escape: the field is dropped, as if the browser had not sent it.
      }
    }
    return out;
  }

  private static String readBody(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int n;
    while ((n = in.read(buf)) > 0) {
      if (out.size() + n > MAX_FORM) {
        throw new IOException("form body larger than " + MAX_FORM + " bytes");
      }
      out.write(buf, 0, n);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String host(HttpServletRequest req) {
    String host = req.getHeader("Host");
    return host == null || host.isEmpty() ? req.getServerName() + ":" + req.getServerPort() : host;
  }

  /** WebOb makes every redirect absolute, on the host the request named. */
  private static void redirect(HttpServletRequest req, HttpServletResponse resp, String location) {
    String absolute = location.startsWith("/") && !location.startsWith("//")
        ? req.getScheme() + "://" + host(req) + location : location;
    resp.setStatus(302);
    resp.setHeader("Location", absolute);
  }

  private static void json(HttpServletResponse resp, String body) throws IOException {
    resp.setStatus(200);
    resp.setContentType("application/json");
    resp.setCharacterEncoding("UTF-8");
    resp.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
  }

  private static void notFound(HttpServletResponse resp) throws IOException {
    Layout.send(resp, 404, Pages.error(404, "Not Found", "The resource could not be found."));
  }

  private static void forbidden(HttpServletResponse resp) throws IOException {
    Layout.send(resp, 403, Pages.error(403, "Forbidden", "Cross-site request forgery detected, request denied. See "
        + "http://en.wikipedia.org/wiki/Cross-site_request_forgery for more information."));
  }
}
