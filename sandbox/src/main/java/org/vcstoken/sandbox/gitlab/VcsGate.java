package org.vcstoken.sandbox.gitlab;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.vcstoken.sandbox.gitlab.Scopes.Ability;

/**
 * Who may pull or push over HTTP, in GitLab's order: authenticate first
 * ({@code Repositories::GitHttpClientController#authenticate_user} with
 * {@code Gitlab::Auth.find_for_git_client}), then {@code Gitlab::GitAccess#check}. The same
 * gate stands in front of JGit (git) and {@code hg serve} (Heptapod).
 */
final class VcsGate {
  static final String AUTH_DOWNLOAD = "You are not allowed to download code.";
  static final String AUTH_UPLOAD = "You are not allowed to upload code.";
  static final String DOWNLOAD = "You are not allowed to download code from this project.";
  static final String PUSH_CODE = "You are not allowed to push code to this project.";
  static final String PROJECT_NOT_FOUND =
      "The project you were looking for could not be found or you don't have permission to view it.";
  static final String COMMAND_NOT_ALLOWED = "The command you're trying to execute is not allowed.";
  static final String NO_REPO = "A repository for this project does not exist yet.";

  /** What the client asked to do; {@code OTHER} is an {@code info/refs} without a known service. */
  enum Command { DOWNLOAD, PUSH, OTHER }

  /** The gate's answer. */
  sealed interface Decision permits Allow, Deny, Challenge {}

  /** Serve it; {@code user} is null for an anonymous pull of a public project. */
  record Allow(GlUser user, GlProject project) implements Decision {}

  /** 403 or 404 with GitLab's plain-text message. */
  record Deny(int status, String message) implements Decision {}

  /** 401 with the {@code Basic realm="GitLab"} challenge and the "HTTP Basic: Access denied" text. */
  record Challenge() implements Decision {}

  /** An authenticated actor and the abilities its credential carries. */
  private record Actor(GlUser user, Set<Ability> abilities, GlToken token) {}

  private final GitLabState state;
  private final Policy policy;
  private final GitLabVersion version;
  private final boolean passwordForGit;
  private final Predicate<GlProject> repositoryExists;

  VcsGate(GitLabState state, Policy policy, GitLabVersion version, boolean passwordForGit,
      Predicate<GlProject> repositoryExists) {
    this.state = state;
    this.policy = policy;
    this.version = version;
    this.passwordForGit = passwordForGit;
    this.repositoryExists = repositoryExists;
  }

  /**
   * @param fullPath the project path from the URL ({@code group/sub/project}), matched without case
   * @param vcsType {@code git} or {@code hg}: the kind of request
   * @param authorization the raw {@code Authorization} header, or null
   */
  Decision decide(String fullPath, String vcsType, Command command, String authorization) {
    Optional<GlProject> found = state.findProjectByFullPath(fullPath);
    // The project is looked up here only to pick a project bot's rule and public pulls; a
    // missing or private project is never told apart from a bad password before this point.
    GlProject project = found.orElse(null);
    Optional<String[]> basic = basicCredentials(authorization);
    Actor actor;
    if (basic.isPresent()) {
      actor = findForGitClient(basic.get()[0], basic.get()[1], project);
      if (actor == null) {
        return new Challenge();
      }
    } else if (command == Command.DOWNLOAD && project != null && project.vcsType().equals(vcsType)
        && policy.canDownload(null, project)) {
      actor = new Actor(null, EnumSet.of(Ability.DOWNLOAD_CODE), null);
    } else {
      return new Challenge();
    }
    return check(actor, project, vcsType, command);
  }

  /** {@code Gitlab::GitAccess#check} for an actor that authenticated (or a public pull). */
  private Decision check(Actor actor, GlProject project, String vcsType, Command command) {
    GlUser user = actor.user();
    Set<Ability> abilities = actor.token() != null && actor.token().granular() && project != null
        ? granularAbilities(actor.token(), user, project) : actor.abilities();
    if (command == Command.DOWNLOAD && !abilities.contains(Ability.DOWNLOAD_CODE)) {
      return new Deny(403, AUTH_DOWNLOAD);
    }
    if (command == Command.PUSH && !abilities.contains(Ability.PUSH_CODE)) {
      return new Deny(403, AUTH_UPLOAD);
    }
    if (command == Command.OTHER) {
      return new Deny(403, COMMAND_NOT_ALLOWED);
    }
    if (project == null || !project.vcsType().equals(vcsType) || !policy.canRead(user, project)) {
      return new Deny(404, PROJECT_NOT_FOUND);
    }
    if (!repositoryExists.test(project)) {
      return new Deny(404, NO_REPO);
    }
    if (command == Command.DOWNLOAD && !policy.canDownload(user, project)) {
      return new Deny(403, DOWNLOAD);
    }
    if (command == Command.PUSH && !policy.canPush(user, project)) {
      return new Deny(403, PUSH_CODE);
    }
    return new Allow(user, project);
  }

  /**
   * {@code Gitlab::Auth.find_for_git_client}, the parts that apply: a personal (or project)
   * access token as the password, whatever the username; then the account password. Null
   * when nothing matched, which the caller turns into the 401.
   */
  private Actor findForGitClient(String login, String password, GlProject project) {
    Actor byToken = personalAccessTokenCheck(password, project);
    if (byToken != null) {
      return byToken;
    }
    if (passwordForGit && !login.isEmpty() && !password.isEmpty()) {
      Optional<GlUser> u = state.findUserByLogin(login);
      if (u.isPresent() && !u.get().bot() && state.passwordMatches(u.get(), password)) {
        return new Actor(u.get(), EnumSet.allOf(Ability.class), null);
      }
    }
    return null;
  }

  /**
   * {@code personal_access_token_check}: only active tokens (not revoked, not expired) with a
   * known scope; a project bot's token only for projects its bot can read, so a project access
   * token on another project authenticates nobody.
   */
  private Actor personalAccessTokenCheck(String password, GlProject project) {
    if (password.isEmpty()) {
      return null;
    }
    Optional<GlToken> found = state.findTokenBySecret(password);
    if (found.isEmpty() || !found.get().active(state.now())) {
      return null;
    }
    GlToken token = found.get();
    if (!token.granular() && !Scopes.anyKnown(token.scopes(), version)) {
      return null;
    }
    GlUser user = state.findUser(token.userId()).orElse(null);
    if (user == null) {
      return null;
    }
    if (project != null && user.bot() && !policy.canRead(user, project)) {
      return null;
    }
    state.touch(token.id());
    return new Actor(user, Scopes.abilities(token.scopes()), token);
  }

  /**
   * A fine-grained token's repository abilities for one project: a boundary that contains the
   * project and grants {@code download_code} / {@code push_code}.
   */
  private Set<Ability> granularAbilities(GlToken token, GlUser user, GlProject project) {
    Set<Ability> a = EnumSet.noneOf(Ability.class);
    for (GranularScope g : token.granularScopes()) {
      if (!covers(g, user, project)) {
        continue;
      }
      if (g.permissions().contains(Scopes.DOWNLOAD_CODE)) {
        a.add(Ability.DOWNLOAD_CODE);
      }
      if (g.permissions().contains(Scopes.PUSH_CODE)) {
        a.add(Ability.PUSH_CODE);
      }
    }
    return a;
  }

  private boolean covers(GranularScope g, GlUser user, GlProject project) {
    return switch (g.access()) {
      case "personal_projects" -> project.namespaceId() == user.namespaceId();
      case "all_memberships" -> policy.level(user, project) > 0;
      case "selected_memberships" -> (g.projectId() != null && g.projectId() == project.id())
          || (g.groupId() != null && inGroup(project, g.groupId()));
      default -> false;
    };
  }

  private boolean inGroup(GlProject project, long groupId) {
    Optional<GlNamespace> ns = state.findNamespace(project.namespaceId());
    while (ns.isPresent()) {
      if (ns.get().id() == groupId) {
        return true;
      }
      Long parent = ns.get().parentId();
      ns = parent == null ? Optional.empty() : state.findNamespace(parent);
    }
    return false;
  }

  /**
   * Rails' {@code has_basic_credentials?} and {@code user_name_and_password}: scheme
   * {@code Basic}, base64 that splits into a login and a password at the first colon. Ruby's
   * decoder skips characters outside the alphabet, so this one does too.
   */
  static Optional<String[]> basicCredentials(String header) {
    if (header == null) {
      return Optional.empty();
    }
    String h = header.trim();
    int space = h.indexOf(' ');
    if (space < 0 || !h.substring(0, space).equalsIgnoreCase("basic")) {
      return Optional.empty();
    }
    String text = new String(decodeLenient(h.substring(space + 1)), StandardCharsets.UTF_8);
    int colon = text.indexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    return Optional.of(new String[] {text.substring(0, colon), text.substring(colon + 1)});
  }

  private static byte[] decodeLenient(String s) {
    StringBuilder clean = new StringBuilder();
    for (char c : s.toCharArray()) {
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/') {
        clean.append(c);
      }
    }
    // Ruby's unpack('m') ignores a trailing partial group rather than failing.
    if (clean.length() % 4 == 1) {
      clean.setLength(clean.length() - 1);
    }
    while (clean.length() % 4 != 0) {
      clean.append('=');
    }
    try {
      return Base64.getDecoder().decode(clean.toString());
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
  }
}
