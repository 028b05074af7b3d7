package org.vcstoken.sandbox.gitlab;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Token scopes ({@code lib/gitlab/auth.rb}) and what they allow git and hg to do.
 */
final class Scopes {
  static final String API = "api";
  static final String READ_API = "read_api";
  static final String READ_USER = "read_user";
  static final String READ_REPOSITORY = "read_repository";
  static final String WRITE_REPOSITORY = "write_repository";
  static final String SELF_ROTATE = "self_rotate";
  static final String K8S_PROXY = "k8s_proxy";

  /** Fine-grained permission names the imitation uses for "Code: Download" and "Code: Push". */
  static final String DOWNLOAD_CODE = "download_code";
  static final String PUSH_CODE = "push_code";

  /** The two repository abilities a token can carry into a git or hg request. */
  enum Ability { DOWNLOAD_CODE, PUSH_CODE }

  private Scopes() {}

  /** {@code Gitlab::Auth.all_available_scopes}: what an administrator may put on a personal token. */
  static Set<String> allAvailable(GitLabVersion v) {
    Set<String> s = new LinkedHashSet<>(List.of(API, READ_API, READ_USER, "create_runner", "manage_runner",
        K8S_PROXY, READ_REPOSITORY, WRITE_REPOSITORY, "read_registry", "write_registry",
        "read_virtual_registry", "write_virtual_registry", "ai_features", "sudo", "admin_mode",
        "read_service_ping"));
    if (v.selfRotateScope()) {
      s.add(SELF_ROTATE);
    }
    return s;
  }

  /** {@code Gitlab::Auth.resource_bot_scopes}: what a project access token may carry. */
  static Set<String> resourceBot(GitLabVersion v) {
    Set<String> s = new LinkedHashSet<>(List.of(API, READ_API, READ_REPOSITORY, WRITE_REPOSITORY,
        "read_registry", "write_registry", "read_virtual_registry", "write_virtual_registry", "create_runner",
        "manage_runner", "ai_features", K8S_PROXY));
    if (v.selfRotateScope()) {
      s.add(SELF_ROTATE);
    }
    return s;
  }

  /**
   * {@code POST /user/personal_access_tokens} (16.5): only {@code k8s_proxy}, later also
   * {@code self_rotate}, so that a user cannot mint a repository token from a token.
   */
  static Set<String> userCreatable(GitLabVersion v) {
    return v.selfRotateScope() ? Set.of(K8S_PROXY, SELF_ROTATE) : Set.of(K8S_PROXY);
  }

  /**
   * {@code abilities_for_scopes}: {@code api} and {@code write_repository} pull and push,
   * {@code read_api} and {@code read_repository} pull; other scopes give git nothing.
   */
  static Set<Ability> abilities(List<String> scopes) {
    Set<Ability> a = EnumSet.noneOf(Ability.class);
    for (String s : scopes) {
      switch (s) {
        case API, WRITE_REPOSITORY, "ai_workflows" -> {
          a.add(Ability.DOWNLOAD_CODE);
          a.add(Ability.PUSH_CODE);
        }
        case READ_API, READ_REPOSITORY -> a.add(Ability.DOWNLOAD_CODE);
        default -> {
          // Registry, runner, user and admin scopes have no repository abilities.
        }
      }
    }
    return a;
  }

  /** Whether any of the token's scopes is one GitLab knows ({@code valid_scoped_token?}). */
  static boolean anyKnown(List<String> scopes, GitLabVersion v) {
    Set<String> known = allAvailable(v);
    return scopes.stream().anyMatch(known::contains);
  }
}
