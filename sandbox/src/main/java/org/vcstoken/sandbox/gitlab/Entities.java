package org.vcstoken.sandbox.gitlab;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of {@code lib/api/entities/*}, with the fields the imitation can fill, in
 * GitLab's order. Times are UTC with milliseconds, dates {@code YYYY-MM-DD}.
 */
final class Entities {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final GitLabState state;

  Entities(GitLabState state) {
    this.state = state;
  }

  static String time(long millis) {
    return TIME.format(Instant.ofEpochMilli(millis));
  }

  /** {@code Entities::PersonalAccessToken}; a fine-grained token adds {@code granular_scopes}. */
  Map<String, Object> token(GlToken t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("name", t.name());
    m.put("revoked", t.revoked());
    m.put("created_at", time(t.createdAt()));
    m.put("description", t.description());
    m.put("scopes", t.scopes());
    m.put("user_id", t.userId());
    m.put("last_used_at", t.lastUsedAt() == null ? null : time(t.lastUsedAt()));
    m.put("active", t.active(state.now()));
    m.put("expires_at", t.expiresAt());
    if (t.granular()) {
      List<Map<String, Object>> g = new ArrayList<>();
      for (GranularScope s : t.granularScopes()) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("access", s.access());
        e.put("permissions", s.permissions());
        e.put("project_id", s.projectId());
        e.put("group_id", s.groupId());
        g.add(e);
      }
      m.put("granular_scopes", g);
    }
    return m;
  }

  /** {@code Entities::PersonalAccessTokenWithToken}: the secret, shown once. */
  Map<String, Object> tokenWithSecret(GlToken t, String secret) {
    Map<String, Object> m = token(t);
    m.put("token", secret);
    return m;
  }

  /** {@code Entities::PersonalAccessTokenWithLastUsedIps}. */
  Map<String, Object> tokenWithIps(GlToken t) {
    Map<String, Object> m = token(t);
    m.put("last_used_ips", List.of());
    return m;
  }

  /** {@code Entities::ResourceAccessToken}: the bot's role in the project as {@code access_level}. */
  Map<String, Object> projectToken(GlToken t, GlProject p) {
    Map<String, Object> m = token(t);
    m.put("access_level", state.memberLevel(p.id(), t.userId()));
    return m;
  }

  Map<String, Object> projectTokenWithSecret(GlToken t, GlProject p, String secret) {
    Map<String, Object> m = projectToken(t, p);
    m.put("token", secret);
    return m;
  }

  /** {@code Entities::UserPublic} (and {@code UserWithAdmin} for administrators), the common fields. */
  Map<String, Object> user(GlUser u, String base, boolean withAdmin) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", u.id());
    m.put("username", u.username());
    m.put("public_email", null);
    m.put("name", u.name());
    m.put("state", "active");
    m.put("locked", false);
    m.put("avatar_url", null);
    m.put("web_url", base + "/" + u.username());
    m.put("created_at", time(u.createdAt()));
    m.put("bio", "");
    m.put("bot", u.bot());
    m.put("email", u.email());
    m.put("two_factor_enabled", false);
    m.put("external", false);
    m.put("private_profile", false);
    if (withAdmin) {
      m.put("is_admin", u.admin());
      m.put("namespace_id", u.bot() ? null : u.namespaceId());
    }
    return m;
  }

  /** {@code Entities::Member}. */
  Map<String, Object> member(GlUser u, GlMember mem, String base) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", u.id());
    m.put("username", u.username());
    m.put("name", u.name());
    m.put("state", "active");
    m.put("avatar_url", null);
    m.put("web_url", base + "/" + u.username());
    m.put("access_level", mem.accessLevel());
    m.put("created_at", time(mem.createdAt()));
    m.put("expires_at", null);
    return m;
  }

  /** {@code Entities::Namespace} (basic). */
  Map<String, Object> namespace(GlNamespace ns, String base) {
    Map<String, Object> m = new LinkedHashMap<>();
    String full = state.fullPath(ns);
    m.put("id", ns.id());
    m.put("name", ns.name());
    m.put("path", ns.path());
    m.put("kind", ns.kind());
    m.put("full_path", full);
    m.put("parent_id", ns.parentId());
    m.put("web_url", base + (ns.kind().equals(GlNamespace.GROUP) ? "/groups/" : "/") + full);
    return m;
  }

  /** {@code Entities::Group} (basic). */
  Map<String, Object> group(GlNamespace ns, String base) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", ns.id());
    m.put("web_url", base + "/groups/" + state.fullPath(ns));
    m.put("name", ns.name());
    m.put("path", ns.path());
    m.put("visibility", "private");
    m.put("full_name", ns.name());
    m.put("full_path", state.fullPath(ns));
    m.put("parent_id", ns.parentId());
    return m;
  }

  /**
   * {@code Entities::ProjectWithAccess}, the common fields, plus Heptapod's {@code vcs_type};
   * {@code permissions} is the caller's direct membership.
   */
  Map<String, Object> project(GlProject p, String base, GlUser caller) {
    GlNamespace ns = state.findNamespace(p.namespaceId()).orElseThrow();
    String full = state.fullPath(p);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", p.id());
    m.put("description", p.description());
    m.put("name", p.name());
    m.put("name_with_namespace", ns.name() + " / " + p.name());
    m.put("path", p.path());
    m.put("path_with_namespace", full);
    m.put("created_at", time(p.createdAt()));
    m.put("default_branch", p.vcsType().equals(GlProject.HG) ? "branch/default" : "main");
    m.put("http_url_to_repo", base + "/" + full + (p.vcsType().equals(GlProject.HG) ? "" : ".git"));
    m.put("web_url", base + "/" + full);
    m.put("visibility", p.visibility());
    m.put("namespace", namespace(ns, base));
    m.put("vcs_type", p.vcsType());
    if (caller != null) {
      int level = state.memberLevel(p.id(), caller.id());
      Map<String, Object> perms = new LinkedHashMap<>();
      Map<String, Object> pa = null;
      if (level > 0) {
        pa = new LinkedHashMap<>();
        pa.put("access_level", level);
        pa.put("notification_level", 3);
      }
      perms.put("project_access", pa);
      perms.put("group_access", null);
      m.put("permissions", perms);
    }
    return m;
  }
}
