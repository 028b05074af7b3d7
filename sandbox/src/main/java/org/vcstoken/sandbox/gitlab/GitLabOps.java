package org.vcstoken.sandbox.gitlab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;
import org.vcstoken.sandbox.backend.GitBackend;
import org.vcstoken.sandbox.backend.HgBackend;
import org.vcstoken.sandbox.store.SandboxException;

/**
 * GitLab's rules for creating projects and creating, rotating and revoking tokens, shared by
 * the REST API and the Java API so both have the same effect. A refusal is a
 * {@link SandboxException} carrying GitLab's message; the REST layer picks the status.
 */
final class GitLabOps {
  private final GitLabState state;
  private final Policy policy;
  private final GitLabVersion version;
  private final int maxLifetimeDays;
  private final GitBackend git;
  private final HgBackend hg;
  /** Grape evaluated the project-token {@code expires_at} default when the API loaded. */
  private final LocalDate projectTokenDefaultExpiry;

  GitLabOps(GitLabState state, Policy policy, GitLabVersion version, int maxLifetimeDays, GitBackend git,
      HgBackend hg) {
    this.state = state;
    this.policy = policy;
    this.version = version;
    this.maxLifetimeDays = maxLifetimeDays;
    this.git = git;
    this.hg = hg;
    this.projectTokenDefaultExpiry = state.today().plusDays(365);
  }

  GitLabState state() {
    return state;
  }

  Policy policy() {
    return policy;
  }

  GitLabVersion version() {
    return version;
  }

  GitBackend git() {
    return git;
  }

  HgBackend hg() {
    return hg;
  }

  // ---- projects --------------------------------------------------------------------------

  /**
   * Creates the repository on disk, then the record; a personal project's namespace owner
   * becomes its Owner (as {@code Projects::CreateService} does). {@code member}, when given,
   * is added as Owner too: the sandbox has no group memberships to inherit from.
   */
  synchronized GlProject createProject(GlNamespace ns, String name, String path, String visibility, String vcsType,
      String description, GlUser member) {
    if (!List.of("private", "internal", "public").contains(visibility)) {
      throw new SandboxException("visibility must be private, internal or public, got `" + visibility + "`");
    }
    if (!vcsType.equals(GlProject.GIT) && !vcsType.equals(GlProject.HG)) {
      throw new SandboxException("vcs_type must be git or hg, got `" + vcsType + "`");
    }
    state.checkProjectPathFree(ns, path);
    String full = state.fullPath(ns) + "/" + path;
    try {
      if (vcsType.equals(GlProject.HG)) {
        if (!hg.available()) {
          throw new SandboxException("the hg backend is off: " + hg.unavailableReason());
        }
        hg.create(full);
      } else {
        git.create(full);
        pointHeadAtMain(full);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the repository of `" + full + "`: " + e.getMessage(), e);
    }
    GlProject p = state.createProject(ns, name, path, visibility, vcsType, description);
    if (ns.kind().equals(GlNamespace.USER)) {
      state.findUserByUsername(ns.path()).ifPresent(owner -> state.addMember(p.id(), owner.id(), Policy.OWNER));
    }
    if (member != null && state.memberLevel(p.id(), member.id()) == 0) {
      state.addMember(p.id(), member.id(), Policy.OWNER);
    }
    return p;
  }

  /** GitLab's default branch name is {@code main} (14.0 and later); JGit's init says master. */
  private void pointHeadAtMain(String full) throws IOException {
    try (org.eclipse.jgit.lib.Repository r = new org.eclipse.jgit.storage.file.FileRepositoryBuilder()
        .setGitDir(git.dirOf(full).toFile()).setBare().build()) {
      r.updateRef(org.eclipse.jgit.lib.Constants.HEAD).link("refs/heads/main");
    }
  }

  boolean repositoryExists(GlProject p) {
    String full = state.fullPath(p);
    return p.vcsType().equals(GlProject.HG) ? hg.existsOnDisk(full) : git.existsOnDisk(full);
  }

  /** The access levels a membership or project token may have in this release. */
  List<Integer> accessLevels() {
    return version.plannerRole()
        ? List.of(Policy.GUEST, Policy.PLANNER, Policy.REPORTER, Policy.DEVELOPER, Policy.MAINTAINER, Policy.OWNER)
        : List.of(Policy.GUEST, Policy.REPORTER, Policy.DEVELOPER, Policy.MAINTAINER, Policy.OWNER);
  }

  // ---- tokens ----------------------------------------------------------------------------

  /**
   * {@code PersonalAccessToken} validation on create: a name, scopes (or granular scopes),
   * and an expiry no later than today + the maximum lifetime ("must be before" names that
   * last allowed date, which is itself allowed).
   */
  void validateNewToken(String name, List<String> scopes, List<GranularScope> granular, LocalDate expiresAt) {
    if (name == null || name.isBlank()) {
      throw new SandboxException("Name can't be blank");
    }
    if ((scopes == null || scopes.isEmpty()) && (granular == null || granular.isEmpty())) {
      throw new SandboxException("Scopes can't be blank");
    }
    if (expiresAt == null) {
      throw new SandboxException("Expiration date can't be blank");
    }
    LocalDate max = state.today().plusDays(maxLifetimeDays);
    if (expiresAt.isAfter(max)) {
      throw new SandboxException("Expiration date must be before " + max);
    }
  }

  /**
   * {@code PersonalAccessTokens::CreateService}: without a date, expiry is required since
   * 16.0, so the maximum lifetime from today is used.
   */
  GitLabState.Created createPersonalToken(GlUser owner, String name, String description, List<String> scopes,
      List<GranularScope> granular, LocalDate expiresAt) {
    LocalDate expiry = expiresAt != null ? expiresAt : state.today().plusDays(maxLifetimeDays);
    validateNewToken(name, scopes, granular, expiry);
    return state.addToken(owner.id(), name, description, scopes == null ? List.of() : scopes, granular, expiry,
        null);
  }

  /**
   * {@code ResourceAccessTokens::CreateService} for a project: the creator needs
   * {@code create_resource_access_tokens} (Maintainer, and not a bot), may not give Owner
   * without being Owner, nor a role above their own; then a bot user joins the project with
   * {@code accessLevel} and gets the token.
   */
  GitLabState.Created createProjectToken(GlUser creator, GlProject p, String name, String description,
      List<String> scopes, int accessLevel, LocalDate expiresAt) {
    if (creator.bot() || !policy.canManageTokens(creator, p)) {
      throw new SandboxException("User does not have permission to create project access token");
    }
    if (accessLevel == Policy.OWNER && !policy.isOwner(creator, p)) {
      throw new SandboxException("Could not provision owner access to project access token");
    }
    if (!policy.isOwner(creator, p) && policy.level(creator, p) < accessLevel) {
      throw new SandboxException(
          "Access level of the token can't be greater the access level of the user who created the token");
    }
    LocalDate expiry = expiresAt != null ? expiresAt : projectTokenDefaultExpiry;
    validateNewToken(name, scopes, List.of(), expiry);
    GlUser bot = state.createBot(p, name, accessLevel);
    return state.addToken(bot.id(), name, description, scopes, List.of(), expiry, null);
  }

  /**
   * {@code PersonalAccessTokens::RotateService} (and the project one, which first checks the
   * token's role is not above the caller's): a revoked token is refused, otherwise the old
   * token is revoked and a new one made; expiry is the requested date (16.6 and later) or a
   * week from today. A refused new token leaves the old one untouched.
   */
  GitLabState.Created rotate(GlUser caller, GlToken token, LocalDate requested, GlProject project) {
    if (token.revoked()) {
      throw new SandboxException("Token already revoked");
    }
    if (project != null && !caller.admin()) {
      int tokenLevel = state.memberLevel(project.id(), token.userId());
      if (!policy.canManageTokens(caller, project) || tokenLevel > policy.level(caller, project)) {
        throw new SandboxException("Not eligible to rotate token with access level higher than the user");
      }
    }
    LocalDate expiry = requested != null && version.rotateExpiresAt() ? requested : state.today().plusDays(7);
    validateNewToken(token.name(), token.scopes(), token.granularScopes(), expiry);
    return state.rotate(token, expiry);
  }

  /** The project a bot user belongs to, if {@code user} is one. */
  GlProject botProject(GlUser user) {
    return user.bot() ? state.findProject(user.botProjectId()).orElse(null) : null;
  }
}
