package org.vcstoken.sandbox.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.vcstoken.sandbox.auth.VcsAuthenticator;
import org.vcstoken.sandbox.store.Perm;
import org.vcstoken.sandbox.store.Repo;
import org.vcstoken.sandbox.store.RepoType;
import org.vcstoken.sandbox.store.Roles;
import org.vcstoken.sandbox.store.SandboxClock;
import org.vcstoken.sandbox.store.SandboxException;
import org.vcstoken.sandbox.store.Store;
import org.vcstoken.sandbox.store.Token;
import org.vcstoken.sandbox.store.User;

/**
 * RhodeCode's JSON-RPC endpoint {@code POST /_admin/api}: always HTTP 200 with
 * {@code {"id", "result", "error"}}, RhodeCode's error texts, a handful of RhodeCode methods
 * and the sandbox-only {@code sandbox_*} methods for what RhodeCode does only in its web UI.
 */
public final class ApiHandler {
  /** Larger bodies are refused with an error envelope before parsing. */
  static final int MAX_BODY = 1024 * 1024;
  static final String FORBIDDEN = "Access was denied to this resource.";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** One API method: its argument parsing and execution. */
  @FunctionalInterface
  private interface Method {
    JsonNode call(User caller, Args args);
  }

  private final Operations ops;
  private final Store store;
  private final SandboxClock clock;
  private final VcsAuthenticator authenticator;
  private final java.util.function.Supplier<String> baseUrl;
  private final WebSettings web;
  private final Map<String, Method> methods = new TreeMap<>();

  public ApiHandler(Operations ops, SandboxClock clock, VcsAuthenticator authenticator,
      java.util.function.Supplier<String> baseUrl, WebSettings web) {
    this.web = web;
    this.ops = ops;
    this.store = ops.store();
    this.clock = clock;
    this.authenticator = authenticator;
    this.baseUrl = baseUrl;
    methods.put("get_user", this::getUser);
    methods.put("create_user", this::createUser);
    methods.put("update_user", this::updateUser);
    methods.put("create_repo", this::createRepo);
    methods.put("get_repo", this::getRepo);
    methods.put("get_repos", this::getRepos);
    methods.put("grant_user_permission", this::grantUserPermission);
    methods.put("sandbox_add_auth_token", this::addToken);
    methods.put("sandbox_delete_auth_token", this::deleteToken);
    methods.put("sandbox_set_time", this::setTime);
    methods.put("sandbox_set_auth_cache_ttl", this::setAuthCacheTtl);
    methods.put("sandbox_set_custom_code", this::setCustomCode);
  }

  public void handle(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    ObjectNode reply = F.objectNode();
    reply.putNull("id");
    reply.putNull("result");
    reply.putNull("error");
    try {
      byte[] body = readBounded(req.getInputStream());
      if (body == null) {
        throw new ApiError("request body larger than " + MAX_BODY + " bytes");
      }
      dispatch(body, reply);
    } catch (ApiError e) {
      reply.put("error", e.getMessage());
    } catch (SandboxException e) {
      reply.put("error", e.getMessage());
    } catch (UncheckedIOException e) {
      reply.put("error", "internal error: " + e.getMessage());
    }
    resp.setStatus(200);
    resp.setContentType("application/json");
    resp.setCharacterEncoding("UTF-8");
    resp.getOutputStream().write(JSON.writeValueAsBytes(reply));
  }

  private void dispatch(byte[] body, ObjectNode reply) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw new ApiError("JSON parse error ERR:" + firstLine(e.getMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new ApiError("JSON parse error ERR:the body must be a JSON object");
    }
    if (root.has("id")) {
      reply.set("id", root.get("id"));
    }
    String apiKey = text(root.get("api_key"));
    if (apiKey == null || apiKey.isEmpty()) {
      apiKey = text(root.get("auth_token"));
    }
    if (apiKey == null || apiKey.isEmpty()) {
      throw new ApiError("Incorrect JSON data. Missing 'api_key or auth_token'");
    }
    for (String key : List.of("id", "method", "args")) {
      if (!root.has(key)) {
        throw new ApiError("Incorrect JSON data. Missing '" + key + "'");
      }
    }
    String name = text(root.get("method"));
    Method method = name == null ? null : methods.get(name);
    if (method == null) {
      throw new ApiError("No such method: " + name + ". Similar methods: " + similar(name));
    }
    User caller = authenticate(apiKey);
    JsonNode args = root.get("args");
    reply.set("result", method.call(caller, new Args(args.isObject() ? args : F.objectNode())));
  }

  private User authenticate(String apiKey) {
    Optional<Token> token = store.findTokenByValue(apiKey);
    if (token.isEmpty() || token.get().expiredAt(clock.epochSeconds())) {
      throw new ApiError("Invalid API KEY");
    }
    Token t = token.get();
    if (!(t.role().equals(Roles.API) || t.role().equals(Roles.ALL)) || t.repoId() != null) {
      throw new ApiError("API KEY invalid or, has bad role for an API call");
    }
    User user = store.findUserById(t.userId()).orElseThrow(() -> new ApiError("Invalid API KEY"));
    if (!user.active()) {
      throw new ApiError("Request from this user not allowed");
    }
    return user;
  }

  // ---- RhodeCode methods ---------------------------------------------------------------

  private JsonNode getUser(User caller, Args args) {
    // RhodeCode compares a normal user's userid argument with their numeric id as given: a user
    // name, even their own, or the id as a string is refused.
    if (!caller.admin() && args.has("userid") && !Long.valueOf(caller.id()).equals(args.scalar("userid"))) {
      throw new ApiError("userid is not the same as your user");
    }
    User target = args.has("userid") ? store.resolveUser(args.requiredScalar("userid")) : caller;
    return userJson(target);
  }

  private JsonNode createUser(User caller, Args args) {
    requireAdmin(caller);
    String username = args.required("username");
    String email = args.required("email");
    String password = args.optional("password");
    boolean active = args.bool("active", true);
    boolean admin = args.bool("admin", false);
    User u = ops.createUser(username, password, email, active, admin);
    ObjectNode r = F.objectNode();
    r.put("msg", "created new user `" + u.username() + "`");
    r.set("user", userJson(u));
    return r;
  }

  private JsonNode updateUser(User caller, Args args) {
    requireAdmin(caller);
    User u = store.resolveUser(args.requiredScalar("userid"));
    if (args.has("active")) {
      u = store.setActive(u.id(), args.bool("active", u.active()));
    }
    if (args.has("password")) {
      u = store.setPassword(u.id(), args.required("password"));
    }
    if (args.has("email")) {
      u = store.setEmail(u.id(), args.required("email"));
    }
    ObjectNode r = F.objectNode();
    r.put("msg", "updated user ID:" + u.id() + " " + u.username());
    r.set("user", userJson(u));
    return r;
  }

  private JsonNode createRepo(User caller, Args args) {
    requireAdmin(caller);
    String name = args.required("repo_name");
    RepoType type = RepoType.parse(args.optional("repo_type") == null ? "hg" : args.optional("repo_type"));
    User owner = args.has("owner") ? store.resolveUser(args.scalar("owner")) : caller;
    Repo repo = ops.createRepo(name, type, owner, args.optional("description"));
    ObjectNode r = F.objectNode();
    r.put("msg", "Created new repository `" + repo.name() + "`");
    r.put("success", true);
    r.putNull("task");
    r.put("repo_id", repo.id());
    return r;
  }

  private JsonNode getRepo(User caller, Args args) {
    Repo repo = store.resolveRepo(args.requiredScalar("repoid"));
    if (!store.permission(caller, repo).allows(false)) {
      throw new ApiError("repository `" + args.scalar("repoid") + "` does not exist");
    }
    return repoJson(repo);
  }

  private JsonNode getRepos(User caller, Args args) {
    var list = F.arrayNode();
    store.repos().stream().filter(r -> store.permission(caller, r).allows(false))
        .forEach(r -> list.add(repoJson(r)));
    return list;
  }

  private JsonNode grantUserPermission(User caller, Args args) {
    Repo repo = store.resolveRepo(args.requiredScalar("repoid"));
    if (store.permission(caller, repo) != Perm.ADMIN) {
      throw new ApiError("repository `" + args.scalar("repoid") + "` does not exist");
    }
    User user = store.resolveUser(args.requiredScalar("userid"));
    Perm perm = Perm.parse(args.required("perm"));
    store.grant(repo.id(), user.id(), perm);
    ObjectNode r = F.objectNode();
    r.put("msg", "Granted perm: `" + perm.wireName() + "` for user: `" + user.username()
        + "` in repo: `" + repo.name() + "`");
    r.put("success", true);
    return r;
  }

  // ---- sandbox-only methods ------------------------------------------------------------

  private JsonNode addToken(User caller, Args args) {
    requireAdmin(caller);
    User user = store.resolveUser(args.requiredScalar("userid"));
    String role = args.required("role");
    long lifetime = args.longValue("lifetime");
    String scope = args.optional("scope_repo");
    Long repoId = scope == null || scope.isEmpty() ? null : store.resolveRepo(scope).id();
    Token t = store.addToken(user.id(), role, lifetime, args.optional("description"), repoId);
    ObjectNode r = F.objectNode();
    r.put("auth_token", t.value());
    r.put("id", t.id());
    r.put("expires", t.expires());
    return r;
  }

  private JsonNode deleteToken(User caller, Args args) {
    requireAdmin(caller);
    long id = args.longValue("id");
    if (!store.deleteToken(id)) {
      throw new ApiError("auth token `" + id + "` does not exist");
    }
    ObjectNode r = F.objectNode();
    r.put("msg", "deleted auth token `" + id + "`");
    r.put("success", true);
    return r;
  }

  private JsonNode setTime(User caller, Args args) {
    requireAdmin(caller);
    double epoch = args.doubleValue("epoch");
    clock.setEpochSeconds(epoch);
    ObjectNode r = F.objectNode();
    r.put("now", clock.epochSeconds());
    return r;
  }

  private JsonNode setAuthCacheTtl(User caller, Args args) {
    requireAdmin(caller);
    long seconds = args.longValue("seconds");
    if (seconds < 0) {
      throw new ApiError("seconds must be >= 0, got " + seconds);
    }
    authenticator.setCacheTtl(Duration.ofSeconds(seconds));
    ObjectNode r = F.objectNode();
    r.put("auth_cache_ttl", seconds);
    return r;
  }

  private JsonNode setCustomCode(User caller, Args args) {
    requireAdmin(caller);
    web.setCustomCode(args.optional("pre_code"), args.optional("post_code"));
    ObjectNode r = F.objectNode();
    r.put("msg", "custom code set");
    r.put("success", true);
    return r;
  }

  // ---- JSON shapes ---------------------------------------------------------------------

  private JsonNode userJson(User u) {
    ObjectNode o = F.objectNode();
    o.put("user_id", u.id());
    o.put("username", u.username());
    o.put("firstname", "");
    o.put("lastname", "");
    o.put("email", u.email());
    o.set("emails", F.arrayNode().add(u.email()));
    o.put("active", u.active());
    o.put("admin", u.admin());
    o.put("extern_type", "rhodecode");
    o.put("extern_name", u.username());
    var tokens = F.arrayNode();
    store.tokensOf(u.id()).forEach(t -> tokens.add(t.value()));
    o.set("auth_tokens", tokens);
    return o;
  }

  private JsonNode repoJson(Repo r) {
    ObjectNode o = F.objectNode();
    o.put("repo_id", r.id());
    o.put("repo_name", r.name());
    o.put("repo_type", r.type().wireName());
    o.put("owner", store.findUserById(r.ownerId()).map(User::username).orElse(null));
    o.put("description", r.description());
    o.put("private", false);
    o.putNull("clone_uri");
    o.put("url", baseUrl.get() + "/" + r.name());
    var perms = F.arrayNode();
    store.grantsFor(r.id()).forEach(g -> {
      ObjectNode p = F.objectNode();
      p.put("name", store.findUserById(g.userId()).map(User::username).orElse("?"));
      p.put("type", "user");
      p.put("permission", g.perm().wireName());
      perms.add(p);
    });
    o.set("permissions", perms);
    return o;
  }

  // ---- helpers -------------------------------------------------------------------------

  private static void requireAdmin(User caller) {
    if (!caller.admin()) {
      throw new ApiError(FORBIDDEN);
    }
  }

  private String similar(String name) {
    List<String> out = new ArrayList<>();
    if (name != null) {
      for (String m : methods.keySet()) {
        String stem = name.length() > 3 ? name.substring(0, 4) : name;
        if (m.contains(stem)) {
          out.add(m);
        }
      }
    }
    return out.isEmpty() ? "none" : String.join(", ", out);
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() || n.isContainerNode() ? null : n.asText();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static byte[] readBounded(InputStream in) throws IOException {
    byte[] all = in.readNBytes(MAX_BODY + 1);
    if (all.length > MAX_BODY) {
      // Drain (bounded by Jetty's own limits) so the connection stays usable for the reply.
      in.skip(Long.MAX_VALUE);
      return null;
    }
    return all;
  }

  /** An error reported in the envelope's {@code error}. */
  static final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ApiError(String message) {
      super(message, null, false, false);
    }
  }

  /** The {@code args} object with RhodeCode's "missing argument" message. */
  private record Args(JsonNode node) {
    boolean has(String key) {
      return node.has(key) && !node.get(key).isNull();
    }

    private JsonNode need(String key) {
      if (!has(key)) {
        throw new ApiError("Missing non optional `" + key + "` arg in JSON DATA");
      }
      return node.get(key);
    }

    String required(String key) {
      JsonNode n = need(key);
      if (n.isContainerNode()) {
        throw new ApiError("argument `" + key + "` must be a string, got " + n);
      }
      return n.asText();
    }

    String optional(String key) {
      return has(key) && !node.get(key).isContainerNode() ? node.get(key).asText() : null;
    }

    /** RhodeCode ids: a number or a name. */
    Object scalar(String key) {
      JsonNode n = node.get(key);
      if (n == null || n.isNull() || n.isContainerNode()) {
        return null;
      }
      return n.isIntegralNumber() ? (Object) n.asLong() : n.asText();
    }

    Object requiredScalar(String key) {
      need(key);
      Object v = scalar(key);
      if (v == null) {
        throw new ApiError("argument `" + key + "` must be a number or a string");
      }
      return v;
    }

    boolean bool(String key, boolean dflt) {
      if (!has(key)) {
        return dflt;
      }
      JsonNode n = node.get(key);
      if (n.isBoolean()) {
        return n.asBoolean();
      }
      String s = n.asText();
      if (s.equalsIgnoreCase("true") || s.equals("1")) {
        return true;
      }
      if (s.equalsIgnoreCase("false") || s.equals("0")) {
        return false;
      }
      throw new ApiError("argument `" + key + "` must be a boolean, got " + n);
    }

    long longValue(String key) {
      JsonNode n = need(key);
      if (n.isIntegralNumber()) {
        return n.asLong();
      }
      try {
        return Long.parseLong(n.asText().trim());
      } catch (NumberFormatException e) {
        throw new ApiError("argument `" + key + "` must be an integer, got " + n);
      }
    }

    double doubleValue(String key) {
      JsonNode n = need(key);
      if (n.isNumber()) {
        return n.asDouble();
      }
      try {
        return Double.parseDouble(n.asText().trim());
      } catch (NumberFormatException e) {
        throw new ApiError("argument `" + key + "` must be a number, got " + n);
      }
    }
  }

  static String toJson(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new AssertionError("plain maps always serialise", e);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
