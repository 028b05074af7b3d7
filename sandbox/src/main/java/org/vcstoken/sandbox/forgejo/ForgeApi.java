package org.vcstoken.sandbox.forgejo;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.vcstoken.sandbox.forgejo.AuthResult.Method;
import org.vcstoken.sandbox.forgejo.AuthResult.Refused;
import org.vcstoken.sandbox.forgejo.AuthResult.Signed;
import org.vcstoken.sandbox.forgejo.ForgeStore.Access;
import org.vcstoken.sandbox.forgejo.ForgeStore.ForgeRepo;
import org.vcstoken.sandbox.forgejo.ForgeStore.ForgeUser;
import org.vcstoken.sandbox.forgejo.ForgeStore.StoredToken;
import org.vcstoken.sandbox.forgejo.JsonBinding.Bound;
import org.vcstoken.sandbox.forgejo.JsonBinding.Kind;
import org.vcstoken.sandbox.store.SandboxException;

/**
 * The REST routes the sandbox imitates, under {@code /api/v1} (and Forgejo's
 * {@code /api/forgejo/v1/version}). Each route runs the forge's middlewares in the forge's
 * order — scope check, user assignment, self-or-admin, Basic-only, binding, token required —
 * because the order decides which error a client sees first.
 */
final class ForgeApi {
  private final Flavor flavor;
  private final String version;
  private final ForgeStore store;
  private final RepoFactory repos;
  private final Supplier<String> appUrl;

  /** Creates the on-disk repository for a new row; undone by the caller when it fails. */
  interface RepoFactory {
    ForgeRepo create(ForgeUser owner, String name, boolean isPrivate);
  }

  ForgeApi(Flavor flavor, String version, ForgeStore store, RepoFactory repos, Supplier<String> appUrl) {
    this.flavor = flavor;
    this.version = version;
    this.store = store;
    this.repos = repos;
    this.appUrl = appUrl;
  }

  /** Stops the middleware chain: the reply was written. */
  private static final class Answered extends Exception {
    private static final long serialVersionUID = 1L;

    Answered() {
      super(null, null, false, false);
    }
  }

  /** One request: the doer and the helpers that write the forge's answers. */
  private final class Call {
    final HttpServletRequest req;
    final HttpServletResponse resp;
    final Signed signed;

    Call(HttpServletRequest req, HttpServletResponse resp, Signed signed) {
      this.req = req;
      this.resp = resp;
      this.signed = signed;
    }

    ForgeUser doer() {
      return signed == null ? null : signed.user();
    }

    Answered error(int status, String message) throws IOException {
      Replies.apiError(resp, status, message, appUrl.get());
      return new Answered();
    }

    Answered notFound() throws IOException {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("message", flavor.apiNotFound());
      m.put("url", appUrl.get() + "api/swagger");
      // Gitea leaves the list nil (JSON null); Forgejo makes an empty slice.
      m.put("errors", flavor == Flavor.GITEA ? null : List.of());
      Replies.json(resp, 404, m);
      return new Answered();
    }

    boolean writeMethod() {
      String m = req.getMethod();
      return m.equals("POST") || m.equals("PUT") || m.equals("PATCH") || m.equals("DELETE");
    }

    /** tokenRequiresScopes(category): only tokens are checked; the level follows the HTTP method. */
    void tokenRequiresScope(String category) throws IOException, Answered {
      if (signed == null || !signed.viaToken()) {
        return;
      }
      String required = (writeMethod() ? "write:" : "read:") + category;
      String scope = signed.token().scope();
      if (!Scopes.has(scope, required, flavor)) {
        throw error(403, flavor.missingScopeMessage(required, scope));
      }
    }

    void reqToken() throws IOException, Answered {
      if (signed == null) {
        throw error(401, "token is required");
      }
    }

    /** IsUserSiteAdmin: Forgejo's repository-specific tokens give up admin powers (AllowAdminOverride). */
    boolean siteAdmin() {
      return signed != null && signed.user().admin() && !(flavor == Flavor.FORGEJO && signed.repoSpecificToken());
    }

    void reqSiteAdmin() throws IOException, Answered {
      if (!siteAdmin()) {
        throw error(403, "user should be the site admin");
      }
    }

    void reqSelfOrAdmin(ForgeUser contextUser) throws IOException, Answered {
      if (!siteAdmin() && (doer() == null || doer().id() != contextUser.id())) {
        throw error(403, "doer should be the site admin or be same as the contextUser");
      }
    }

    void reqBasicOrRevProxyAuth() throws IOException, Answered {
      boolean ok = signed != null && (signed.method() == Method.PASSWORD
          || (flavor.tokenInBasicCountsAsBasicAuth() && signed.method() == Method.BASIC_TOKEN));
      if (!ok) {
        throw error(401, flavor.basicAuthRequired());
      }
    }

    /** UserAssignmentAPI: the doer by name, else a lookup whose miss is the redirect lookup's 404. */
    ForgeUser userAssignment(String username) throws IOException, Answered {
      if (doer() != null && doer().lowerName().equals(username.toLowerCase(Locale.ROOT))) {
        return doer();
      }
      Optional<ForgeUser> u = store.findUser(username);
      if (u.isEmpty()) {
        throw error(404, "user redirect does not exist [name: " + username + "]");
      }
      return u.get();
    }

    Bound bind(String struct, Map<String, Kind> kinds, Map<String, String> required)
        throws IOException, Answered {
      Bound b = JsonBinding.bind(req, struct, kinds, required);
      if (b.failed()) {
        throw error(422, b.error());
      }
      return b;
    }
  }

  /** {@code path} is what follows {@code /api/v1}; auth has already run. */
  void handleV1(String path, HttpServletRequest req, HttpServletResponse resp, AuthResult auth) throws IOException {
    Call c = begin(req, resp, auth);
    if (c == null) {
      return;
    }
    try {
      route(c, path);
    } catch (Answered done) {
      // The reply is written.
    }
  }

  /** Forgejo's {@code /api/forgejo/v1}: the same middlewares, one route. */
  void handleForgejoV1(String path, HttpServletRequest req, HttpServletResponse resp, AuthResult auth)
      throws IOException {
    Call c = begin(req, resp, auth);
    if (c == null) {
      return;
    }
    if (path.equals("/version") && req.getMethod().equals("GET")) {
      Replies.json(resp, 200, Map.of("version", version), "application/json; charset=utf-8");
      return;
    }
    Replies.plain(resp, 404, "404 page not found\n");
  }

  /** apiAuth and verifyAuthWithOptions; null when they answered. */
  private Call begin(HttpServletRequest req, HttpServletResponse resp, AuthResult auth) throws IOException {
    if (auth instanceof Refused r) {
      String message = flavor == Flavor.GITEA
          ? (r.userMessage() != null ? r.userMessage() : "invalid username, password or token")
          : String.join("\n", r.errors());
      Replies.apiError(resp, 401, message, appUrl.get());
      return null;
    }
    Signed signed = auth instanceof Signed s ? s : null;
    if (signed != null && signed.user().mustChangePassword()) {
      // setting.AppURL ends with '/', so the forge's message really has "//user/change_password".
      Replies.messageOnly(resp, 403, "You must change your password. Change it at: " + appUrl.get()
          + "/user/change_password");
      return null;
    }
    return new Call(req, resp, signed);
  }

  private void route(Call c, String path) throws IOException, Answered {
    String method = c.req.getMethod();
    String[] seg = segments(path);
    if (seg.length == 1 && seg[0].equals("version")) {
      requireMethod(c, method, "GET");
      Replies.json(c.resp, 200, Map.of("version", version));
      return;
    }
    if (seg.length == 1 && seg[0].equals("user")) {
      requireMethod(c, method, "GET");
      c.tokenRequiresScope("user");
      c.reqToken();
      Replies.json(c.resp, 200, userJson(c.doer(), true));
      return;
    }
    if (seg.length >= 3 && seg[0].equals("users") && seg[2].equals("tokens") && seg.length <= 4) {
      tokens(c, seg[1], seg.length == 4 ? seg[3] : null);
      return;
    }
    if (seg.length >= 2 && seg[0].equals("admin") && seg[1].equals("users")) {
      admin(c, seg);
      return;
    }
    if (seg.length == 5 && seg[0].equals("repos") && seg[3].equals("collaborators")) {
      collaborator(c, seg[1], seg[2], seg[4]);
      return;
    }
    throw c.notFound();
  }

  private static void requireMethod(Call c, String method, String... allowed) throws IOException, Answered {
    for (String a : allowed) {
      if (a.equals(method)) {
        return;
      }
    }
    c.resp.setStatus(405);
    throw new Answered();
  }

  // ---- /users/{username}/tokens --------------------------------------------------------

  private void tokens(Call c, String username, String id) throws IOException, Answered {
    String method = c.req.getMethod();
    if (id == null) {
      requireMethod(c, method, "GET", "POST");
    } else {
      requireMethod(c, method, "DELETE");
    }
    c.tokenRequiresScope("user");
    ForgeUser contextUser = c.userAssignment(username);
    c.reqSelfOrAdmin(contextUser);
    if (flavor.listingTokensNeedsBasicAuth()) {
      c.reqBasicOrRevProxyAuth();
    }
    switch (method) {
      case "GET" -> listTokens(c, contextUser);
      case "POST" -> {
        Bound form = c.bind("CreateAccessTokenOption",
            Map.of("name", Kind.STRING, "scopes", Kind.STRINGS, "repositories", Kind.OBJECTS),
            Map.of("Name", "name"));
        if (!flavor.listingTokensNeedsBasicAuth()) {
          c.reqBasicOrRevProxyAuth();
        }
        c.reqToken();
        createToken(c, contextUser, form);
      }
      default -> {
        if (!flavor.listingTokensNeedsBasicAuth()) {
          c.reqBasicOrRevProxyAuth();
        }
        c.reqToken();
        deleteToken(c, contextUser, id);
      }
    }
  }

  private void listTokens(Call c, ForgeUser user) throws IOException {
    List<StoredToken> all = store.tokensOf(user.id());
    int limit = GoStrconv.atoiOrZero(c.req.getParameter("limit"));
    // convert.ToCorrectPageSize: default 30 (API.DEFAULT_PAGING_NUM), at most 50 (MAX_RESPONSE_ITEMS).
    limit = limit <= 0 ? 30 : Math.min(limit, 50);
    int page = Math.max(1, GoStrconv.atoiOrZero(c.req.getParameter("page")));
    List<Object> out = new ArrayList<>();
    long skip = (long) (page - 1) * limit;
    for (int i = 0; i < all.size(); i++) {
      if (i >= skip && out.size() < limit) {
        out.add(tokenJson(all.get(i), "", c.doer(), false));
      }
    }
    c.resp.setHeader("X-Total-Count", Integer.toString(all.size()));
    Replies.json(c.resp, 200, out);
  }

  private void createToken(Call c, ForgeUser user, Bound form) throws IOException, Answered {
    String name = form.string("name");
    if (store.tokenNameExists(user.id(), name)) {
      throw c.error(400, "access token name has been used already");
    }
    List<String> requested = form.strings("scopes");
    String scope;
    try {
      scope = Scopes.normalize(requested == null ? List.of() : requested, flavor);
    } catch (Scopes.InvalidScope e) {
      throw c.error(400, "invalid access token scope provided: " + e.getMessage());
    }
    if (scope.isEmpty()) {
      throw c.error(400, "access token must have a scope");
    }
    boolean allRepos = true;
    List<Long> repoIds = new ArrayList<>();
    JsonNode targets = flavor.repositoryTokens() ? form.get("repositories") : null;
    if (targets != null) {
      for (JsonNode t : targets) {
        if (t.isNull()) {
          // A null entry is a nil *RepoTargetOption; the handler dereferences it and panics.
          Replies.apiError(c.resp, 500, "", appUrl.get());
          throw new Answered();
        }
        String owner = text(t, "owner");
        String repoName = text(t, "name");
        Optional<ForgeRepo> repo = store.findRepo(owner, repoName);
        // The same answer for "missing" and "not visible", so existence cannot be probed.
        if (repo.isEmpty() || store.access(c.doer(), repo.get()) == Access.NONE) {
          throw c.error(400, "repository " + owner + "/" + repoName + " does not exist");
        }
        repoIds.add(repo.get().id());
      }
      allRepos = false;
      String invalid = validateRepositoryResource(scope, repoIds);
      if (invalid != null) {
        throw c.error(400, invalid);
      }
    }
    Map.Entry<StoredToken, String> created = store.addToken(user.id(), name, scope, allRepos, repoIds);
    Replies.json(c.resp, 201, tokenJson(created.getKey(), created.getValue(), c.doer(), true));
  }

  /** services/authz/access_token.go validateRepositoryResource, with the en-US texts. */
  private static String validateRepositoryResource(String scope, List<Long> repoIds) {
    if (repoIds.isEmpty()) {
      return "Access tokens with specified repositories must have at least one repository.";
    }
    if (Scopes.publicOnly(scope, Flavor.FORGEJO)) {
      return "Access tokens with specified repositories cannot be combined with the public-only scope.";
    }
    for (String s : Scopes.list(scope)) {
      if (!List.of("read:issue", "write:issue", "read:repository", "write:repository").contains(s)) {
        return "Access tokens with specified repositories can only be used with the read:issue, write:issue, "
            + "read:repository, and write:repository scopes.";
      }
    }
    return null;
  }

  private void deleteToken(Call c, ForgeUser user, String param) throws IOException, Answered {
    long tokenId = GoStrconv.parseIntBase0IgnoringError(param);
    if (tokenId == 0) {
      List<StoredToken> named = store.tokensNamed(user.id(), param);
      if (named.isEmpty()) {
        throw c.notFound();
      }
      if (named.size() > 1) {
        throw c.error(422, "multiple matches for token name '" + param + "'");
      }
      tokenId = named.get(0).id();
    }
    if (!store.deleteToken(tokenId, user.id())) {
      throw c.notFound();
    }
    c.resp.setStatus(204);
  }

  /**
   * api.AccessToken as each forge marshals it: Gitea adds created_at/last_used_at (zero times in
   * the create answer, which never sets them); Forgejo adds repositories (null for an
   * all-repository token), listing only repositories the caller can still see.
   */
  private Map<String, Object> tokenJson(StoredToken t, String secret, ForgeUser viewer, boolean createAnswer) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("name", t.name());
    m.put("sha1", secret);
    m.put("token_last_eight", t.lastEight());
    m.put("scopes", Scopes.list(t.scope()));
    if (flavor == Flavor.GITEA) {
      m.put("created_at", createAnswer ? Replies.ZERO_TIME : Replies.time(t.createdUnix()));
      m.put("last_used_at", createAnswer ? Replies.ZERO_TIME : Replies.time(t.updatedUnix()));
    } else {
      m.put("repositories", t.allRepos() ? null : repositoriesJson(t, viewer, createAnswer));
    }
    return m;
  }

  private List<Object> repositoriesJson(StoredToken t, ForgeUser viewer, boolean createAnswer) {
    List<ForgeRepo> rs = new ArrayList<>();
    for (long id : t.repoIds()) {
      store.repo(id).filter(r -> createAnswer || store.access(viewer, r) != Access.NONE).ifPresent(rs::add);
    }
    if (!createAnswer) {
      rs.sort(Comparator.comparingLong(ForgeRepo::id));
    }
    List<Object> out = new ArrayList<>();
    for (ForgeRepo r : rs) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", r.id());
      m.put("name", r.name());
      m.put("owner", r.ownerName());
      m.put("full_name", r.fullName());
      out.add(m);
    }
    return out;
  }

  // ---- /admin/users, /admin/users/{username}/repos -------------------------------------

  private void admin(Call c, String[] seg) throws IOException, Answered {
    boolean createUser = seg.length == 2;
    boolean createRepo = seg.length == 4 && seg[3].equals("repos");
    if (!createUser && !createRepo) {
      throw c.notFound();
    }
    requireMethod(c, c.req.getMethod(), "POST");
    c.tokenRequiresScope("admin");
    c.reqToken();
    c.reqSiteAdmin();
    if (createUser) {
      Bound form = c.bind("CreateUserOption", Map.of("username", Kind.STRING, "email", Kind.STRING,
          "password", Kind.STRING, "must_change_password", Kind.BOOL, "full_name", Kind.STRING),
          requiredInOrder("Username", "username", "Email", "email"));
      String password = form.string("password");
      if (password.length() < 8) {
        // MIN_PASSWORD_LENGTH defaults to 8 in both forges.
        throw c.error(400, "PasswordIsRequired");
      }
      Boolean mustChange = form.optionalBool("must_change_password");
      ForgeUser u;
      try {
        u = store.createUser(form.string("username"), form.string("email"), password, false,
            mustChange == null || mustChange);
      } catch (SandboxException e) {
        throw c.error(422, e.getMessage());
      }
      Replies.json(c.resp, 201, userJson(u, true));
      return;
    }
    ForgeUser owner = c.userAssignment(seg[2]);
    Bound form = c.bind("CreateRepoOption", Map.of("name", Kind.STRING, "private", Kind.BOOL,
        "description", Kind.STRING), Map.of("Name", "name"));
    ForgeRepo r;
    try {
      r = repos.create(owner, form.string("name"), form.bool("private"));
    } catch (ForgeStore.RepoExists e) {
      throw c.error(409, "The repository with the same name already exists.");
    } catch (IllegalArgumentException e) {
      throw c.error(422, e.getMessage());
    }
    Replies.json(c.resp, 201, repoJson(r, owner));
  }

  // ---- /repos/{owner}/{repo}/collaborators/{collaborator} ------------------------------

  private void collaborator(Call c, String owner, String repoName, String collaborator) throws IOException, Answered {
    String method = c.req.getMethod();
    requireMethod(c, method, "PUT", "DELETE");
    c.tokenRequiresScope("repository");
    Optional<ForgeRepo> repo = store.findRepo(owner, repoName);
    if (repo.isEmpty() || store.access(c.doer(), repo.get()) == Access.NONE) {
      throw c.notFound();
    }
    c.reqToken();
    Access a = store.access(c.doer(), repo.get());
    if (a.compareTo(Access.ADMIN) < 0 && !c.siteAdmin()) {
      throw c.error(403, "user should be an owner or a collaborator with admin write of a repository");
    }
    Access mode = Access.WRITE;
    if (method.equals("PUT")) {
      Bound form = c.bind("AddCollaboratorOption", Map.of("permission", Kind.STRING), Map.of());
      String p = form.string("permission");
      // perm.ParseAccessMode: read|write|admin; anything else is no access.
      mode = switch (p) {
        case "", "write" -> Access.WRITE;
        case "read" -> Access.READ;
        case "admin" -> Access.ADMIN;
        default -> Access.NONE;
      };
    }
    Optional<ForgeUser> user = store.findUser(collaborator);
    if (user.isEmpty()) {
      throw c.error(422, "user does not exist [uid: 0, name: " + collaborator + "]");
    }
    if (method.equals("PUT")) {
      store.setCollaborator(repo.get(), user.get(), mode);
    } else {
      store.removeCollaborator(repo.get(), user.get());
    }
    c.resp.setStatus(204);
  }

  // ---- JSON shapes -----------------------------------------------------------------------

  /** convert.ToUser; the admin-only fields appear for the user themself and site admins. */
  Map<String, Object> userJson(ForgeUser u, boolean authed) {
    String base = appUrl.get();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", u.id());
    m.put("login", u.name());
    m.put("login_name", "");
    m.put("source_id", 0);
    m.put("full_name", "");
    m.put("email", u.email());
    m.put("avatar_url", base + "avatars/" + u.lowerName());
    m.put("html_url", base + u.name());
    m.put("language", "");
    m.put("is_admin", authed && u.admin());
    m.put("last_login", Replies.time(u.createdUnix()));
    m.put("created", Replies.time(u.createdUnix()));
    m.put("restricted", false);
    m.put("active", true);
    m.put("prohibit_login", false);
    m.put("location", "");
    if (flavor == Flavor.FORGEJO) {
      m.put("pronouns", "");
    }
    m.put("website", "");
    m.put("description", "");
    m.put("visibility", "public");
    m.put("followers_count", 0);
    m.put("following_count", 0);
    m.put("starred_repos_count", 0);
    m.put("username", u.name());
    return m;
  }

  private Map<String, Object> repoJson(ForgeRepo r, ForgeUser owner) {
    String base = appUrl.get();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("owner", userJson(owner, false));
    m.put("name", r.name());
    m.put("full_name", r.fullName());
    m.put("description", "");
    m.put("empty", true);
    m.put("private", r.isPrivate());
    m.put("fork", false);
    m.put("html_url", base + r.fullName());
    m.put("clone_url", base + r.fullName() + ".git");
    m.put("default_branch", "main");
    m.put("created_at", Replies.time(r.createdUnix()));
    m.put("updated_at", Replies.time(r.createdUnix()));
    m.put("permissions", Map.of("admin", true, "push", true, "pull", true));
    return m;
  }

  /** Go validates struct fields in declaration order, so the first missing one is reported. */
  private static Map<String, String> requiredInOrder(String... goAndJsonNames) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < goAndJsonNames.length; i += 2) {
      m.put(goAndJsonNames[i], goAndJsonNames[i + 1]);
    }
    return m;
  }

  private static String text(JsonNode obj, String field) {
    for (var it = obj.fields(); it.hasNext();) {
      var e = it.next();
      if (e.getKey().equalsIgnoreCase(field) && e.getValue().isTextual()) {
        return e.getValue().asText();
      }
    }
    return "";
  }

  /** Path segments of an already percent-decoded path, without empty ones at the ends. */
  static String[] segments(String path) {
    String p = path;
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.isEmpty() ? new String[0] : p.split("/", -1);
  }
}
