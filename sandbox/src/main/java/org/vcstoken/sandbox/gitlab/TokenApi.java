package org.vcstoken.sandbox.gitlab;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.vcstoken.sandbox.gitlab.ApiAuth.Caller;
import org.vcstoken.sandbox.gitlab.ApiAuth.ScopeRule;
import org.vcstoken.sandbox.store.SandboxException;

/**
 * Personal access token endpoints: {@code lib/api/personal_access_tokens.rb} and its
 * {@code self_information} / {@code self_rotation} classes, and the users' token endpoints of
 * {@code lib/api/users.rb}. Returns the JSON body; the status is 200 unless
 * {@link RestApi.Answer} says otherwise.
 */
final class TokenApi {
  private static final Set<String> SORTS = Set.of("created_asc", "created_desc", "expires_asc", "expires_desc",
      "last_used_asc", "last_used_desc", "name_asc", "name_desc");
  private static final Set<String> ACCESS = Set.of("personal_projects", "selected_memberships",
      "all_memberships", "user", "instance");

  private final GitLabOps ops;
  private final GitLabState state;
  private final ApiAuth auth;
  private final Entities json;

  TokenApi(GitLabOps ops, ApiAuth auth, Entities json) {
    this.ops = ops;
    this.state = ops.state();
    this.auth = auth;
    this.json = json;
  }

  /** Serves {@code /personal_access_tokens…} and {@code /user/personal_access_tokens}, or null. */
  RestApi.Answer handle(ApiRequest r) {
    GitLabVersion v = ops.version();
    if (r.matches("POST", "user", "personal_access_tokens") && v.userTokenEndpoint()) {
      return createOwn(r);
    }
    if (r.segments.isEmpty() || !r.segment(0).equals("personal_access_tokens")) {
      return null;
    }
    if (r.matches("GET", "personal_access_tokens")) {
      return list(r);
    }
    if (r.matches("GET", "personal_access_tokens", "self")) {
      Caller c = auth.authenticate(r, ScopeRule.SELF, true);
      return RestApi.Answer.ok(json.token(c.token()));
    }
    if (r.matches("DELETE", "personal_access_tokens", "self")) {
      Caller c = auth.authenticate(r, ScopeRule.SELF, true);
      state.revoke(c.token().id());
      return RestApi.Answer.noContent();
    }
    if (r.matches("POST", "personal_access_tokens", "self", "rotate") && v.selfRotate()) {
      return rotateSelf(r);
    }
    if (r.matches("GET", "personal_access_tokens", "*")) {
      Caller c = auth.authenticate(r, ScopeRule.API, true);
      GlToken t = byId(r.segment(1));
      if (t != null && (c.user().admin() || t.userId() == c.user().id())) {
        return RestApi.Answer.ok(json.tokenWithIps(t));
      }
      throw c.user().admin() ? ApiError.notFound(null) : ApiError.unauthorized();
    }
    if (r.matches("DELETE", "personal_access_tokens", "*")) {
      Caller c = auth.authenticate(r, ScopeRule.API, true);
      GlToken t = byId(r.segment(1));
      if (t == null) {
        // PersonalAccessToken.find raises RecordNotFound, which the API turns into this.
        throw ApiError.message(404, "404 Not found");
      }
      if (!c.user().admin() && t.userId() != c.user().id()) {
        throw ApiError.badRequest(null);
      }
      state.revoke(t.id());
      return RestApi.Answer.noContent();
    }
    if (r.matches("POST", "personal_access_tokens", "*", "rotate")) {
      return rotateById(r);
    }
    return null;
  }

  /** {@code GET /personal_access_tokens}: own tokens, or (administrators) anyone's. */
  private RestApi.Answer list(ApiRequest r) {
    Caller c = auth.authenticate(r, ScopeRule.API, true);
    Params p = new Params(r.params);
    Integer userId = p.optionalInt("user_id", null);
    Boolean revoked = p.optionalBool("revoked");
    String stateFilter = p.optionalValue("state", Set.of("active", "inactive"));
    Instant createdBefore = dateTime(p, "created_before");
    Instant createdAfter = dateTime(p, "created_after");
    Instant usedBefore = dateTime(p, "last_used_before");
    Instant usedAfter = dateTime(p, "last_used_after");
    LocalDate expiresBefore = ops.version().atLeast(18, 3) ? p.optionalDate("expires_before") : null;
    LocalDate expiresAfter = ops.version().atLeast(18, 3) ? p.optionalDate("expires_after") : null;
    String search = p.optionalString("search");
    String sort = p.optionalString("sort");
    p.done();
    if (userId != null && !c.user().admin() && userId != c.user().id()) {
      throw ApiError.unauthorized();
    }
    if (userId != null && c.user().admin() && state.findUser(userId).isEmpty()) {
      throw ApiError.notFound(null);
    }
    Instant now = state.now();
    List<GlToken> out = new ArrayList<>();
    for (GlToken t : state.tokens()) {
      if (!c.user().admin() && t.userId() != c.user().id()) {
        continue;
      }
      if (userId != null && t.userId() != userId) {
        continue;
      }
      if (revoked != null && t.revoked() != revoked) {
        continue;
      }
      if (stateFilter != null && t.active(now) != stateFilter.equals("active")) {
        continue;
      }
      Instant created = Instant.ofEpochMilli(t.createdAt());
      if ((createdBefore != null && !created.isBefore(createdBefore))
          || (createdAfter != null && created.isBefore(createdAfter))) {
        continue;
      }
      Instant used = t.lastUsedAt() == null ? null : Instant.ofEpochMilli(t.lastUsedAt());
      if ((usedBefore != null && (used == null || used.isAfter(usedBefore)))
          || (usedAfter != null && (used == null || used.isBefore(usedAfter)))) {
        continue;
      }
      LocalDate exp = t.expiryDate();
      if ((expiresBefore != null && (exp == null || !exp.isBefore(expiresBefore)))
          || (expiresAfter != null && (exp == null || exp.isBefore(expiresAfter)))) {
        continue;
      }
      if (search != null && !t.name().toLowerCase(Locale.ROOT).contains(search.toLowerCase(Locale.ROOT))) {
        continue;
      }
      out.add(t);
    }
    if (sort != null && SORTS.contains(sort)) {
      out.sort(order(sort));
    }
    List<Object> body = new ArrayList<>();
    out.forEach(t -> body.add(json.token(t)));
    return RestApi.Answer.page(r, body);
  }

  private static Comparator<GlToken> order(String sort) {
    Comparator<GlToken> c = switch (sort.substring(0, sort.lastIndexOf('_'))) {
      case "created" -> Comparator.comparingLong(GlToken::createdAt);
      case "expires" -> Comparator.comparing(GlToken::expiresAt, Comparator.nullsLast(Comparator.naturalOrder()));
      case "last_used" -> Comparator.comparing(GlToken::lastUsedAt, Comparator.nullsLast(Comparator.naturalOrder()));
      default -> Comparator.comparing(GlToken::name);
    };
    c = c.thenComparingLong(GlToken::id);
    return sort.endsWith("_desc") ? c.reversed() : c;
  }

  /** {@code type: DateTime}: a date alone means its midnight UTC. */
  private static Instant dateTime(Params p, String name) {
    String s = p.optionalString(name);
    if (s == null || s.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return java.time.LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e2) {
        try {
          return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e3) {
          p.addError(name + " is invalid");
          return null;
        }
      }
    }
  }

  /** {@code POST /personal_access_tokens/:id/rotate}: own tokens, or (administrators) anyone's. */
  private RestApi.Answer rotateById(ApiRequest r) {
    Caller c = auth.authenticate(r, ScopeRule.API, true);
    Params p = new Params(r.params);
    LocalDate expiresAt = ops.version().rotateExpiresAt() ? p.optionalDate("expires_at") : null;
    p.done();
    GlToken t = byId(r.segment(1));
    if (t == null || (!c.user().admin() && t.userId() != c.user().id())) {
      throw c.user().admin() ? ApiError.notFound(null) : ApiError.unauthorized();
    }
    return rotated(c.user(), t, expiresAt);
  }

  /** {@code POST /personal_access_tokens/self/rotate} (16.10): scope {@code api} or {@code self_rotate}. */
  private RestApi.Answer rotateSelf(ApiRequest r) {
    Caller c = auth.authenticate(r, ScopeRule.plus(Scopes.API, Scopes.SELF_ROTATE), true);
    Params p = new Params(r.params);
    LocalDate expiresAt = p.optionalDate("expires_at");
    p.done();
    return rotated(c.user(), c.token(), expiresAt);
  }

  private RestApi.Answer rotated(GlUser caller, GlToken t, LocalDate expiresAt) {
    GitLabState.Created created;
    try {
      created = ops.rotate(caller, t, expiresAt, null);
    } catch (SandboxException e) {
      throw ApiError.badRequest(e.getMessage());
    }
    return RestApi.Answer.ok(json.tokenWithSecret(created.token(), created.secret()));
  }

  /**
   * {@code POST /user/personal_access_tokens} (16.5): only {@code k8s_proxy} (and from 17.9
   * {@code self_rotate}), or from 19.2 {@code granular_scopes} instead; expiry defaults to
   * tomorrow.
   */
  private RestApi.Answer createOwn(ApiRequest r) {
    Caller c = auth.authenticate(r, ScopeRule.API, true);
    GitLabVersion v = ops.version();
    Params p = new Params(r.params);
    String name = p.requiredString("name");
    boolean granularGiven = v.granularScopes() && r.params.containsKey("granular_scopes");
    List<String> scopes = null;
    List<GranularScope> granular = List.of();
    if (granularGiven && r.params.containsKey("scopes")) {
      p.addError("scopes, granular_scopes are mutually exclusive");
    } else if (granularGiven) {
      granular = granularScopes(p, r.params.get("granular_scopes"));
    } else {
      scopes = p.stringArray("scopes", true, true, Scopes.userCreatable(v));
    }
    String description = p.optionalString("description");
    LocalDate expiresAt = p.optionalDate("expires_at");
    p.done();
    if (expiresAt == null) {
      expiresAt = state.today().plusDays(1);
    }
    GitLabState.Created created;
    try {
      created = ops.createPersonalToken(c.user(), name, description, scopes, granular, expiresAt);
    } catch (SandboxException e) {
      throw ApiError.message(422, e.getMessage());
    }
    return RestApi.Answer.created(json.tokenWithSecret(created.token(), created.secret()));
  }

  /** {@code granular_scopes: [{access, permissions, group_ids?, project_ids?}]}, one entry per target. */
  private static List<GranularScope> granularScopes(Params p, Object raw) {
    List<GranularScope> out = new ArrayList<>();
    if (!(raw instanceof List<?> list) || list.isEmpty()) {
      p.addError("granular_scopes is invalid");
      return out;
    }
    for (Object o : list) {
      if (!(o instanceof Map<?, ?> m) || !(m.get("access") instanceof String access)
          || !(m.get("permissions") instanceof List<?> perms) || perms.isEmpty()) {
        p.addError("granular_scopes is invalid");
        return out;
      }
      if (!ACCESS.contains(access)) {
        p.addError("granular_scopes[access] does not have a valid value");
        return out;
      }
      List<String> permissions = new ArrayList<>();
      for (Object perm : perms) {
        permissions.add(String.valueOf(perm));
      }
      List<Long> projects = ids(m.get("project_ids"));
      List<Long> groups = ids(m.get("group_ids"));
      if (projects == null || groups == null) {
        p.addError("granular_scopes is invalid");
        return out;
      }
      if (!access.equals("selected_memberships") || (projects.isEmpty() && groups.isEmpty())) {
        out.add(new GranularScope(access, permissions, null, null));
        continue;
      }
      projects.forEach(id -> out.add(new GranularScope(access, permissions, id, null)));
      groups.forEach(id -> out.add(new GranularScope(access, permissions, null, id)));
    }
    return out;
  }

  private static List<Long> ids(Object raw) {
    List<Long> out = new ArrayList<>();
    if (raw == null) {
      return out;
    }
    if (!(raw instanceof List<?> list)) {
      return null;
    }
    for (Object o : list) {
      if (o instanceof Number n) {
        out.add(n.longValue());
      } else {
        try {
          out.add(Long.parseLong(String.valueOf(o)));
        } catch (NumberFormatException e) {
          return null;
        }
      }
    }
    return out;
  }

  /** {@code POST /users/:user_id/personal_access_tokens} (administrators). */
  RestApi.Answer createForUser(ApiRequest r, GlUser target) {
    Params p = new Params(r.params);
    String name = p.requiredString("name");
    List<String> scopes = p.stringArray("scopes", true, true, Scopes.allAvailable(ops.version()));
    String description = p.optionalString("description");
    LocalDate expiresAt = p.optionalDate("expires_at");
    p.done();
    GitLabState.Created created;
    try {
      created = ops.createPersonalToken(target, name, description, scopes, List.of(), expiresAt);
    } catch (SandboxException e) {
      throw ApiError.message(422, e.getMessage());
    }
    return RestApi.Answer.created(json.tokenWithSecret(created.token(), created.secret()));
  }

  private GlToken byId(String id) {
    if (!id.matches("\\d{1,18}")) {
      return null;
    }
    return state.findToken(Long.parseLong(id)).orElse(null);
  }
}
