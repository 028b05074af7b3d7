package org.vcstoken.sandbox.gitlab;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code API::APIGuard} and {@code Gitlab::Auth::AuthFinders} for {@code /api/v4}: the token
 * comes from {@code PRIVATE-TOKEN}, {@code private_token}, {@code Authorization: Bearer} or
 * {@code access_token}; an unknown one is {@code 401 Unauthorized}; an expired or revoked
 * one is the OAuth {@code invalid_token} error (expiry is checked first); then the endpoint's
 * scopes. A revoked token used on a rotation endpoint revokes its family first.
 */
final class ApiAuth {
  /** {@code access_token_rotation_request?}: {@code access_tokens/(\d+|self)/rotate$}. */
  private static final Pattern ROTATION = Pattern.compile("access_tokens/(\\d+|self)/rotate$");

  /** The authenticated caller: its user and the token it came with. */
  record Caller(GlUser user, GlToken token) {}

  /**
   * The scopes an endpoint's class registers with {@code allow_access_with_scope}; those of
   * {@code API::API} ({@code api}, and {@code read_api} for GET) always follow.
   */
  record ScopeRule(List<String> extra, boolean anyScope, boolean granularAllowed) {
    static final ScopeRule API = new ScopeRule(List.of(), false, false);

    static ScopeRule plus(String... scopes) {
      return new ScopeRule(List.of(scopes), false, false);
    }

    /** Endpoints any token may call about itself ({@code PersonalAccessTokens::SelfInformation}). */
    static final ScopeRule SELF = new ScopeRule(List.of(), true, true);
  }

  private final GitLabState state;
  private final GitLabVersion version;

  ApiAuth(GitLabState state, GitLabVersion version) {
    this.state = state;
    this.version = version;
  }

  /** The caller, or null when no token came and {@code required} is false. */
  Caller authenticate(ApiRequest r, ScopeRule rule, boolean required) {
    String secret = secretOf(r);
    if (secret == null) {
      if (required) {
        throw ApiError.unauthorized();
      }
      return null;
    }
    GlToken token = state.findTokenBySecret(secret).orElseThrow(ApiError::unauthorized);
    if (token.expired(state.now())) {
      throw ApiError.invalidToken("Token is expired. You can either do re-authorization or token refresh.");
    }
    if (token.revoked()) {
      if (version.reuseDetection() && ROTATION.matcher(r.rawPath).find()) {
        state.revokeFamilyOf(token.id());
      }
      throw ApiError.invalidToken("Token was revoked. You have to re-authorize from the user.");
    }
    GlUser user = state.findUser(token.userId()).orElseThrow(ApiError::unauthorized);
    checkScopes(r, rule, token);
    state.touch(token.id());
    return new Caller(user, state.findToken(token.id()).orElse(token));
  }

  private void checkScopes(ApiRequest r, ScopeRule rule, GlToken token) {
    if (token.granular()) {
      if (!rule.granularAllowed()) {
        throw ApiError.insufficientScope(String.join(" ", registered(rule)));
      }
      return;
    }
    if (rule.anyScope()) {
      return;
    }
    List<String> allowed = allowed(r, rule);
    if (token.scopes().stream().noneMatch(allowed::contains)) {
      throw ApiError.insufficientScope(String.join(" ", registered(rule)));
    }
  }

  /** The scopes that let a token in: {@code read_api} only for GET and HEAD. */
  private static List<String> allowed(ApiRequest r, ScopeRule rule) {
    List<String> s = new ArrayList<>(rule.extra());
    s.add(Scopes.API);
    if (r.isGet()) {
      s.add(Scopes.READ_API);
    }
    return s;
  }

  /**
   * {@code scopes_registered_for_endpoint} as the 403 names them: the class's scopes, then
   * {@code API::API}'s, conditions not applied.
   */
  private static List<String> registered(ScopeRule rule) {
    List<String> s = new ArrayList<>(rule.extra());
    s.add(Scopes.API);
    s.add(Scopes.READ_API);
    return s;
  }

  private static String secretOf(ApiRequest r) {
    Map<String, Object> p = r.params;
    String v = nonEmpty(p.get("private_token"));
    if (v == null) {
      v = nonEmpty(r.header("PRIVATE-TOKEN"));
    }
    if (v == null) {
      String auth = r.header("Authorization");
      if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
        v = nonEmpty(auth.substring(7).trim());
      }
    }
    if (v == null) {
      v = nonEmpty(p.get("access_token"));
    }
    return v;
  }

  private static String nonEmpty(Object o) {
    return o instanceof String s && !s.isEmpty() ? s : null;
  }
}
