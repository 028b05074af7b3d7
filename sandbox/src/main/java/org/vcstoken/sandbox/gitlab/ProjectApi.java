package org.vcstoken.sandbox.gitlab;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.vcstoken.sandbox.gitlab.ApiAuth.Caller;
import org.vcstoken.sandbox.gitlab.ApiAuth.ScopeRule;
import org.vcstoken.sandbox.store.SandboxException;

/**
 * Projects, members and project access tokens: {@code lib/api/projects.rb},
 * {@code lib/api/members.rb}, {@code lib/api/resource_access_tokens.rb} (and its
 * {@code self_rotation}).
 */
final class ProjectApi {
  private final GitLabOps ops;
  private final GitLabState state;
  private final Policy policy;
  private final ApiAuth auth;
  private final Entities json;

  ProjectApi(GitLabOps ops, ApiAuth auth, Entities json) {
    this.ops = ops;
    this.state = ops.state();
    this.policy = ops.policy();
    this.auth = auth;
    this.json = json;
  }

  /** Serves {@code /projects…}, or null. */
  RestApi.Answer handle(ApiRequest r) {
    if (r.segments.isEmpty() || !r.segment(0).equals("projects")) {
      return null;
    }
    if (r.matches("POST", "projects")) {
      Caller c = auth.authenticate(r, ScopeRule.API, true);
      return create(r, c, c.user());
    }
    if (r.matches("POST", "projects", "user", "*")) {
      Caller c = auth.authenticate(r, ScopeRule.API, true);
      if (!c.user().admin()) {
        throw ApiError.forbidden(null);
      }
      GlUser owner = userById(r.segment(2)).orElseThrow(() -> ApiError.notFound("User"));
      return create(r, c, owner);
    }
    if (r.matches("GET", "projects", "*")) {
      Caller c = auth.authenticate(r, ScopeRule.API, false);
      GlProject p = findProject(r.segment(1), c);
      return RestApi.Answer.ok(json.project(p, r.baseUrl(), c == null ? null : c.user()));
    }
    if (r.matches("POST", "projects", "*", "members")) {
      return addMember(r);
    }
    if (r.segments.size() >= 3 && r.segment(2).equals("access_tokens")) {
      return tokens(r);
    }
    return null;
  }

  /**
   * {@code find_project!}: an id, or a full path (URL-encoded in the request); a project the
   * caller cannot see is as missing as one that does not exist.
   */
  GlProject findProject(String id, Caller c) {
    Optional<GlProject> p = id.matches("-?\\d{1,18}") ? state.findProject(Long.parseLong(id))
        : id.contains("/") ? state.findProjectByFullPath(id) : Optional.empty();
    if (p.isEmpty() || !policy.canRead(c == null ? null : c.user(), p.get())) {
      throw ApiError.notFound("Project");
    }
    return p.get();
  }

  /**
   * {@code POST /projects} and {@code POST /projects/user/:user_id}: {@code name} or
   * {@code path}, in the owner's namespace or {@code namespace_id}; Heptapod's
   * {@code vcs_type} picks git or hg.
   */
  private RestApi.Answer create(ApiRequest r, Caller c, GlUser owner) {
    Params p = new Params(r.params);
    String name = p.optionalString("name");
    String path = p.optionalString("path");
    String namespaceId = p.optionalString("namespace_id");
    String visibility = p.optionalValue("visibility", Set.of("private", "internal", "public"));
    String vcsType = p.optionalValue("vcs_type", Set.of(GlProject.GIT, GlProject.HG));
    String description = p.optionalString("description");
    if (name == null && path == null) {
      p.addError("name, path are missing, at least one parameter must be provided");
    }
    p.done();
    GlNamespace ns;
    if (namespaceId != null) {
      Optional<GlNamespace> found = namespaceId.matches("\\d{1,18}")
          ? state.findNamespace(Long.parseLong(namespaceId)) : state.findNamespaceByFullPath(namespaceId);
      if (found.isEmpty()) {
        throw ApiError.notFound("Namespace");
      }
      ns = found.get();
      boolean own = ns.kind().equals(GlNamespace.USER) && ns.path().equalsIgnoreCase(owner.username());
      if (!own && !c.user().admin()) {
        throw ApiError.notFound("Namespace");
      }
    } else {
      ns = state.findNamespace(owner.namespaceId()).orElseThrow(() -> ApiError.notFound("Namespace"));
    }
    String projectPath = path != null ? path : name.trim().replaceAll("[^A-Za-z0-9_.-]+", "-");
    GlProject project;
    try {
      project = ops.createProject(ns, name != null ? name : path, projectPath,
          visibility == null ? "private" : visibility, vcsType == null ? GlProject.GIT : vcsType,
          description, null);
    } catch (SandboxException e) {
      throw ApiError.message(400, java.util.Map.of("path", List.of(e.getMessage())));
    }
    return RestApi.Answer.created(json.project(project, r.baseUrl(), c.user()));
  }

  /** {@code POST /projects/:id/members}: Maintainer or more; a second membership is a 409. */
  private RestApi.Answer addMember(ApiRequest r) {
    Caller c = auth.authenticate(r, ScopeRule.API, true);
    GlProject project = findProject(r.segment(1), c);
    Params p = new Params(r.params);
    String userId = p.requiredString("user_id");
    Integer level = p.requiredInt("access_level", ops.accessLevels());
    p.done();
    if (!policy.canManageTokens(c.user(), project)) {
      throw ApiError.forbidden(null);
    }
    GlUser user = userById(userId).orElseThrow(() -> ApiError.notFound("User"));
    if (level == Policy.OWNER && !policy.isOwner(c.user(), project)) {
      throw ApiError.forbidden(null);
    }
    if (state.memberLevel(project.id(), user.id()) > 0) {
      throw ApiError.message(409, "Member already exists");
    }
    GlMember m = state.addMember(project.id(), user.id(), level);
    return RestApi.Answer.created(json.member(user, m, r.baseUrl()));
  }

  // ---- project access tokens -------------------------------------------------------------

  private RestApi.Answer tokens(ApiRequest r) {
    GitLabVersion v = ops.version();
    if (r.matches("GET", "projects", "*", "access_tokens")) {
      Caller c = auth.authenticate(r, ScopeRule.API, true);
      GlProject p = findProject(r.segment(1), c);
      Params params = new Params(r.params);
      String stateFilter = v.projectTokenStateFilter()
          ? params.optionalValue("state", Set.of("active", "inactive")) : null;
      params.done();
      if (!policy.canManageTokens(c.user(), p)) {
        throw ApiError.unauthorized();
      }
      List<Object> body = new ArrayList<>();
      for (GlToken t : projectTokens(p)) {
        if (stateFilter == null || t.active(state.now()) == stateFilter.equals("active")) {
          body.add(json.projectToken(t, p));
        }
      }
      return RestApi.Answer.page(r, body);
    }
    if (r.matches("POST", "projects", "*", "access_tokens")) {
      return createToken(r);
    }
    if (r.matches("GET", "projects", "*", "access_tokens", "*")) {
      Caller c = auth.authenticate(r, ScopeRule.API, true);
      GlProject p = findProject(r.segment(1), c);
      boolean self = r.segment(3).equals("self") && c.user().bot();
      if (!self && !policy.canManageTokens(c.user(), p)) {
        throw ApiError.unauthorized();
      }
      GlToken t = self ? botToken(p, c.token().id()) : botToken(p, r.segment(3));
      if (t == null) {
        throw ApiError.notFound("Could not find project access token with token_id: " + r.segment(3));
      }
      return RestApi.Answer.ok(json.projectToken(t, p));
    }
    if (r.matches("DELETE", "projects", "*", "access_tokens", "*")) {
      Caller c = auth.authenticate(r, ScopeRule.API, true);
      GlProject p = findProject(r.segment(1), c);
      GlToken t = botToken(p, r.segment(3));
      if (t == null) {
        throw ApiError.notFound("Could not find project access token with token_id: " + r.segment(3));
      }
      if (!policy.canManageTokens(c.user(), p)) {
        GlUser bot = state.findUser(t.userId()).orElseThrow();
        throw ApiError.badRequest(c.user().name() + " cannot delete " + bot.name());
      }
      state.revoke(t.id());
      return RestApi.Answer.noContent();
    }
    if (r.matches("POST", "projects", "*", "access_tokens", "self", "rotate") && v.selfRotateScope()) {
      return rotateSelf(r);
    }
    if (r.matches("POST", "projects", "*", "access_tokens", "*", "rotate")) {
      return rotate(r);
    }
    return null;
  }

  /**
   * {@code POST /projects/:id/access_tokens}: {@code name}, {@code scopes} (the resource-bot
   * scopes), {@code expires_at} (defaulted), {@code access_level} (default 40).
   */
  private RestApi.Answer createToken(ApiRequest r) {
    Caller c = auth.authenticate(r, ScopeRule.API, true);
    GlProject p = findProject(r.segment(1), c);
    Params params = new Params(r.params);
    String name = params.requiredString("name");
    List<String> scopes = params.stringArray("scopes", true, false, Scopes.resourceBot(ops.version()));
    LocalDate expiresAt = params.optionalDate("expires_at");
    String description = params.optionalString("description");
    Integer level = params.optionalInt("access_level", ops.accessLevels());
    params.done();
    GitLabState.Created created;
    try {
      created = ops.createProjectToken(c.user(), p, name, description, scopes,
          level == null ? Policy.MAINTAINER : level, expiresAt);
    } catch (SandboxException e) {
      throw ApiError.badRequest(e.getMessage());
    }
    return RestApi.Answer.created(json.projectTokenWithSecret(created.token(), p, created.secret()));
  }

  /**
   * {@code POST /projects/:id/access_tokens/:token_id/rotate}: the caller must manage the
   * project's tokens, else the token is "not found" (401, or 404 for administrators).
   */
  private RestApi.Answer rotate(ApiRequest r) {
    Caller c = auth.authenticate(r, ScopeRule.API, true);
    GlProject p = findProject(r.segment(1), c);
    Params params = new Params(r.params);
    LocalDate expiresAt = ops.version().rotateExpiresAt() ? params.optionalDate("expires_at") : null;
    params.done();
    GlToken t = policy.canManageTokens(c.user(), p) ? botToken(p, r.segment(3)) : null;
    if (t == null) {
      throw c.user().admin() ? ApiError.notFound(null) : ApiError.unauthorized();
    }
    return rotated(c.user(), t, expiresAt, p);
  }

  /**
   * {@code POST /projects/:id/access_tokens/self/rotate} (17.9): a project access token
   * rotates itself; any other token is 405.
   */
  private RestApi.Answer rotateSelf(ApiRequest r) {
    Caller c = auth.authenticate(r, ScopeRule.plus(Scopes.API, Scopes.SELF_ROTATE), true);
    Params params = new Params(r.params);
    LocalDate expiresAt = params.optionalDate("expires_at");
    params.done();
    if (!c.user().bot()) {
      throw ApiError.notAllowed();
    }
    GlProject p = findProject(r.segment(1), c);
    GlToken t = botToken(p, c.token().id());
    if (t == null) {
      throw ApiError.unauthorized();
    }
    // The self-rotation endpoint uses the plain personal-token rotation service.
    return rotated(c.user(), t, expiresAt, null);
  }

  private RestApi.Answer rotated(GlUser caller, GlToken t, LocalDate expiresAt, GlProject checkLevelIn) {
    GitLabState.Created created;
    try {
      created = ops.rotate(caller, t, expiresAt, checkLevelIn);
    } catch (SandboxException e) {
      throw ApiError.badRequest(e.getMessage());
    }
    GlProject p = ops.botProject(state.findUser(created.token().userId()).orElseThrow());
    return RestApi.Answer.ok(json.projectTokenWithSecret(created.token(), p, created.secret()));
  }

  /** The tokens of the project's bots, oldest first. */
  List<GlToken> projectTokens(GlProject p) {
    List<GlToken> out = new ArrayList<>();
    for (GlUser bot : state.botsOf(p.id())) {
      out.addAll(state.tokensOf(bot.id()));
    }
    out.sort(Comparator.comparingLong(GlToken::id));
    return out;
  }

  private GlToken botToken(GlProject p, String tokenId) {
    return tokenId.matches("\\d{1,18}") ? botToken(p, Long.parseLong(tokenId)) : null;
  }

  private GlToken botToken(GlProject p, long tokenId) {
    return projectTokens(p).stream().filter(t -> t.id() == tokenId).findFirst().orElse(null);
  }

  private Optional<GlUser> userById(String id) {
    return id.matches("\\d{1,18}") ? state.findUser(Long.parseLong(id)) : Optional.empty();
  }
}
