package org.vcstoken.sandbox.gitlab;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vcstoken.sandbox.gitlab.ApiAuth.Caller;
import org.vcstoken.sandbox.gitlab.ApiAuth.ScopeRule;
import org.vcstoken.sandbox.store.SandboxException;

/**
 * {@code /api/v4}: the endpoints listed in sandbox/README.md, each answering with GitLab's
 * status codes and JSON. Authentication comes before parameter validation, as Grape's
 * {@code before} blocks run first.
 */
final class RestApi {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A successful answer: status, body (null for 204) and extra headers. */
  record Answer(int status, Object body, Map<String, String> headers) {
    static Answer ok(Object body) {
      return new Answer(200, body, Map.of());
    }

    static Answer created(Object body) {
      return new Answer(201, body, Map.of());
    }

    static Answer noContent() {
      return new Answer(204, null, Map.of());
    }

    /**
     * GitLab's offset pagination: {@code page} (1) and {@code per_page} (20, at most 100),
     * with the {@code X-Page}, {@code X-Per-Page}, {@code X-Total}, {@code X-Total-Pages},
     * {@code X-Next-Page} and {@code X-Prev-Page} headers.
     */
    static Answer page(ApiRequest r, List<Object> all) {
      Params p = new Params(r.params);
      Integer page = p.optionalInt("page", null);
      Integer perPage = p.optionalInt("per_page", null);
      p.done();
      int pg = page == null || page < 1 ? 1 : page;
      int per = perPage == null || perPage < 1 ? 20 : Math.min(perPage, 100);
      int total = all.size();
      int pages = Math.max(1, (total + per - 1) / per);
      int from = Math.min(total, (pg - 1) * per);
      int to = Math.min(total, from + per);
      Map<String, String> h = new LinkedHashMap<>();
      h.put("X-Page", String.valueOf(pg));
      h.put("X-Per-Page", String.valueOf(per));
      h.put("X-Total", String.valueOf(total));
      h.put("X-Total-Pages", String.valueOf(pages));
      h.put("X-Next-Page", pg < pages ? String.valueOf(pg + 1) : "");
      h.put("X-Prev-Page", pg > 1 ? String.valueOf(pg - 1) : "");
      return new Answer(200, List.copyOf(all.subList(from, to)), h);
    }
  }

  private final GitLabOps ops;
  private final GitLabState state;
  private final ApiAuth auth;
  private final Entities json;
  private final TokenApi tokens;
  private final ProjectApi projects;

  RestApi(GitLabOps ops) {
    this.ops = ops;
    this.state = ops.state();
    this.auth = new ApiAuth(state, ops.version());
    this.json = new Entities(state);
    this.tokens = new TokenApi(ops, auth, json);
    this.projects = new ProjectApi(ops, auth, json);
  }

  void handle(HttpServletRequest req, HttpServletResponse resp, String rawPath) throws IOException {
    Answer answer;
    try {
      ApiRequest r = ApiRequest.read(req, rawPath);
      answer = route(r);
    } catch (ApiError e) {
      e.headers.forEach(resp::setHeader);
      write(resp, e.status, e.body);
      return;
    }
    answer.headers().forEach(resp::setHeader);
    write(resp, answer.status(), answer.body());
  }

  private Answer route(ApiRequest r) {
    if (r.matches("GET", "version")) {
      auth.authenticate(r, ScopeRule.plus(Scopes.READ_USER), true);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("version", ops.version().full());
      m.put("revision", "0000000");
      return Answer.ok(m);
    }
    if (r.matches("GET", "user")) {
      Caller c = auth.authenticate(r, ScopeRule.plus(Scopes.READ_USER), true);
      return Answer.ok(json.user(c.user(), r.baseUrl(), c.user().admin()));
    }
    Answer a = tokens.handle(r);
    if (a == null) {
      a = projects.handle(r);
    }
    if (a == null) {
      a = admin(r);
    }
    if (a == null) {
      throw ApiError.noRoute();
    }
    return a;
  }

  /** {@code POST /users}, {@code POST /users/:id/personal_access_tokens}, {@code POST /groups}. */
  private Answer admin(ApiRequest r) {
    if (r.matches("POST", "users")) {
      adminCaller(r);
      return createUser(r);
    }
    if (r.matches("POST", "users", "*", "personal_access_tokens")) {
      adminCaller(r);
      GlUser target = userById(r.segment(1)).orElseThrow(() -> ApiError.notFound("User"));
      return tokens.createForUser(r, target);
    }
    if (r.matches("POST", "groups")) {
      adminCaller(r);
      return createGroup(r);
    }
    return null;
  }

  /** {@code authenticated_as_admin!}. */
  private Caller adminCaller(ApiRequest r) {
    Caller c = auth.authenticate(r, ScopeRule.API, true);
    if (!c.user().admin()) {
      throw ApiError.forbidden(null);
    }
    return c;
  }

  private Answer createUser(ApiRequest r) {
    Params p = new Params(r.params);
    String email = p.requiredString("email");
    String password = p.optionalString("password");
    Boolean reset = p.optionalBool("reset_password");
    Boolean random = p.optionalBool("force_random_password");
    String name = p.requiredString("name");
    String username = p.requiredString("username");
    Boolean admin = p.optionalBool("admin");
    if (password == null && reset == null && random == null) {
      p.addError("password, reset_password, force_random_password are missing, "
          + "at least one parameter must be provided");
    }
    p.done();
    if (password != null && password.length() < 8) {
      throw ApiError.message(400, Map.of("password", List.of("is too short (minimum is 8 characters)")));
    }
    if (state.findUserByLogin(email).isPresent()) {
      throw ApiError.message(409, "Email has already been taken");
    }
    if (state.findUserByUsername(username).isPresent()) {
      throw ApiError.message(409, "Username has already been taken");
    }
    GlUser u;
    try {
      u = state.createUser(username, name, email, password, Boolean.TRUE.equals(admin));
    } catch (SandboxException e) {
      throw ApiError.message(400, Map.of("username", List.of(e.getMessage())));
    }
    return Answer.created(json.user(u, r.baseUrl(), true));
  }

  private Answer createGroup(ApiRequest r) {
    Params p = new Params(r.params);
    String name = p.requiredString("name");
    String path = p.requiredString("path");
    Integer parent = p.optionalInt("parent_id", null);
    p.done();
    GlNamespace ns;
    try {
      ns = state.createGroup(name, path, parent == null ? null : parent.longValue());
    } catch (SandboxException e) {
      throw ApiError.message(400, e.getMessage());
    }
    return Answer.created(json.group(ns, r.baseUrl()));
  }

  private Optional<GlUser> userById(String id) {
    return id.matches("\\d{1,18}") ? state.findUser(Long.parseLong(id)) : Optional.empty();
  }

  private static void write(HttpServletResponse resp, int status, Object body) throws IOException {
    resp.setStatus(status);
    if (body == null || status == 204) {
      return;
    }
    byte[] bytes = JSON.writeValueAsBytes(body);
    resp.setContentType("application/json");
    resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
    resp.setContentLength(bytes.length);
    resp.getOutputStream().write(bytes);
  }
}
