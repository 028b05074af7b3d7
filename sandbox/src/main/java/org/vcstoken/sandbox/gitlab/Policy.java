package org.vcstoken.sandbox.gitlab;

/**
 * GitLab's project abilities ({@code app/policies/project_policy.rb}) for the few the
 * imitation needs: who may see a project, download its code, push to it and manage it.
 * Administrators have every ability; {@code user} null is an anonymous request.
 */
final class Policy {
  static final int GUEST = 10;
  static final int PLANNER = 15;
  static final int REPORTER = 20;
  static final int DEVELOPER = 30;
  static final int MAINTAINER = 40;
  static final int OWNER = 50;

  private final GitLabState state;

  Policy(GitLabState state) {
    this.state = state;
  }

  /** The user's role in the project: 50 for administrators, 0 for none. */
  int level(GlUser user, GlProject project) {
    if (user == null) {
      return 0;
    }
    if (user.admin()) {
      return OWNER;
    }
    return state.memberLevel(project.id(), user.id());
  }

  /**
   * {@code public_access}: a public project for everyone, an internal one for every signed-in
   * user (the {@code internal_access} condition).
   */
  private static boolean publicAccess(GlUser user, GlProject project) {
    return project.visibility().equals("public") || (user != null && project.visibility().equals("internal"));
  }

  /** {@code read_project}: Guest or more, or public access. */
  boolean canRead(GlUser user, GlProject project) {
    return level(user, project) >= GUEST || publicAccess(user, project);
  }

  /** {@code download_code}: Reporter or more, or public access (a Guest of a private project may not). */
  boolean canDownload(GlUser user, GlProject project) {
    return level(user, project) >= REPORTER || publicAccess(user, project);
  }

  /** {@code push_code}: Developer or more (protected branches are not imitated). */
  boolean canPush(GlUser user, GlProject project) {
    return level(user, project) >= DEVELOPER;
  }

  /**
   * {@code admin_project}, which gives {@code read_resource_access_tokens} and, unless the user
   * is itself a project bot, {@code create_resource_access_tokens}: Maintainer or more.
   */
  boolean canManageTokens(GlUser user, GlProject project) {
    return level(user, project) >= MAINTAINER;
  }

  /** {@code owner_access}. */
  boolean isOwner(GlUser user, GlProject project) {
    return level(user, project) >= OWNER;
  }
}
