package org.vcstoken.sandbox.forgejo;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jgit.transport.PreReceiveHook;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.vcstoken.sandbox.backend.GitBackend;
import org.vcstoken.sandbox.forgejo.AuthResult.Method;
import org.vcstoken.sandbox.forgejo.AuthResult.Refused;
import org.vcstoken.sandbox.forgejo.AuthResult.Signed;
import org.vcstoken.sandbox.forgejo.ForgeStore.Access;
import org.vcstoken.sandbox.forgejo.ForgeStore.ForgeRepo;
import org.vcstoken.sandbox.forgejo.ForgeStore.ForgeUser;
import org.vcstoken.sandbox.store.Repo;
import org.vcstoken.sandbox.store.RepoType;

/**
 * Smart HTTP at {@code /{owner}/{repo}[.git]/(info/refs|git-upload-pack|git-receive-pack)}:
 * the web auth middleware, user assignment and routers/web/repo/githttp.go httpBase in the
 * forge's order, then JGit. As in the forges, the write permission of a push is decided in the
 * pre-receive hook (httpBase checks read only), while a token's scope is checked for the
 * operation itself.
 */
final class GitHttp {
  static final String TWO_FACTOR_TEXT = "Users with two-factor authentication enabled cannot perform HTTP/HTTPS "
      + "operations via plain username and password. Please create and use a personal access token on the user "
      + "settings page";

  private final Flavor flavor;
  private final ForgeStore store;
  private final GitBackend git;
  private final String challenge;

  GitHttp(Flavor flavor, ForgeStore store, GitBackend git, String realm) {
    this.flavor = flavor;
    this.store = store;
    this.git = git;
    this.challenge = "Basic realm=\"" + realm + "\"";
  }

  /** {@code endpoint} is {@code info/refs}, {@code git-upload-pack} or {@code git-receive-pack}. */
  void handle(HttpServletRequest req, HttpServletResponse resp, String ownerName, String repoSegment,
      String endpoint, AuthResult auth) throws IOException, ServletException {
    // webAuth (routers/web/web.go): refused credentials end here, with no challenge.
    if (auth instanceof Refused) {
      Replies.httpError(resp, 401, flavor.gitCredentialsRefused());
      return;
    }
    Signed signed = auth instanceof Signed s ? s : null;
    if (signed != null && signed.user().mustChangePassword()) {
      String ua = req.getHeader("User-Agent");
      if (ua != null && ua.startsWith("git")) {
        Replies.httpError(resp, 401, "Update your password");
      } else {
        resp.setStatus(303);
        resp.setHeader("Location", "/user/settings/change_password");
      }
      return;
    }
    boolean infoRefs = endpoint.equals("info/refs");
    if (infoRefs ? !req.getMethod().equals("GET") : !req.getMethod().equals("POST")) {
      resp.setStatus(405);
      return;
    }
    // UserAssignmentWeb: an unknown owner is the web router's 404 page, before any git rule.
    Optional<ForgeUser> owner = signed != null && signed.user().lowerName().equals(ownerName.toLowerCase(Locale.ROOT))
        ? Optional.of(signed.user()) : store.findUser(ownerName);
    if (owner.isEmpty()) {
      Replies.webNotFound(resp);
      return;
    }

    String service = infoRefs ? nullToEmpty(req.getParameter("service")) : endpoint;
    Boolean pull = isPull(service, req.getMethod(), endpoint);
    if (pull == null) {
      resp.setStatus(400);
      return;
    }
    boolean receivePack = service.equals("git-receive-pack") || endpoint.equals("git-receive-pack");

    String repoName = repoSegment.endsWith(".git") ? repoSegment.substring(0, repoSegment.length() - 4) : repoSegment;
    Optional<ForgeRepo> repo = repoName.endsWith(".wiki") ? Optional.empty()
        : store.findRepo(owner.get().name(), repoName);

    boolean publicPull = repo.isPresent() && !repo.get().isPrivate() && pull;
    if (!publicPull) {
      if (signed == null) {
        resp.setHeader("WWW-Authenticate", challenge);
        Replies.httpError(resp, 401, "Unauthorized");
        return;
      }
      if (!checkRepoScopedToken(resp, signed, repo.orElse(null), pull)) {
        return;
      }
      if (signed.method() == Method.PASSWORD && signed.user().totpSecret() != null) {
        Replies.plain(resp, 401, TWO_FACTOR_TEXT);
        return;
      }
      // Both forges delay the write check to the pre-receive hook ("refs/for" / proc-receive), so
      // httpBase only asks for read access here.
      if (repo.isPresent() && store.access(signed.user(), repo.get()) == Access.NONE) {
        Replies.plain(resp, 404, "Repository not found");
        return;
      }
    }
    if (repo.isEmpty()) {
      if (!receivePack) {
        Replies.plain(resp, 404, "Repository not found");
      } else {
        // [repository] ENABLE_PUSH_CREATE_USER defaults to false.
        Replies.plain(resp, 403, "Push to create is not enabled for users.");
      }
      return;
    }

    ForgeRepo r = repo.get();
    String doer = signed == null ? null : signed.user().name();
    PreReceiveHook hook = null;
    if (receivePack && (signed == null || store.access(signed.user(), r).compareTo(Access.WRITE) < 0)) {
      hook = denyPush(doer, r);
    }
    git.serve(req, resp, new Repo(r.id(), r.diskName(), RepoType.GIT, r.ownerId(), ""), "/" + endpoint, doer, hook);
  }

  /**
   * Gitea: pull for upload-pack/upload-archive, push for receive-pack, by method without a
   * service, 400 (null) for any other service. Forgejo: the service or the path's suffix, else
   * the method.
   */
  private Boolean isPull(String service, String method, String endpoint) {
    boolean byMethod = method.equals("GET") || method.equals("HEAD");
    if (flavor.unknownGitServiceIs400()) {
      return switch (service) {
        case "git-receive-pack" -> false;
        case "git-upload-pack", "git-upload-archive" -> true;
        case "" -> byMethod;
        default -> null;
      };
    }
    if (service.equals("git-receive-pack") || endpoint.endsWith("git-receive-pack")) {
      return false;
    }
    if (service.equals("git-upload-pack") || endpoint.endsWith("git-upload-pack")
        || service.equals("git-upload-archive")) {
      return true;
    }
    return byMethod;
  }

  /**
   * services/context/permission.go CheckRepoScopedToken: a public-only token on a private
   * repository and a token without read:repository (pull) or write:repository (push) get 403;
   * Forgejo then applies the token's repository reducer (a repository-specific token keeps full
   * access to its repositories, read access to other public ones, none elsewhere). Where the
   * forge would dereference a missing repository it panics; that is a 500 here too.
   */
  private boolean checkRepoScopedToken(HttpServletResponse resp, Signed signed, ForgeRepo repo, boolean pull)
      throws IOException {
    boolean checked = signed.method() == Method.BASIC_TOKEN
        || (signed.method() == Method.HEADER_TOKEN && flavor.gitChecksScopeOfHeaderTokens());
    if (!checked) {
      return true;
    }
    String scope = signed.token().scope();
    boolean publicOnly = Scopes.publicOnly(scope, flavor);
    if (publicOnly && repo == null) {
      Replies.httpError(resp, 500, "Internal Server Error");
      return false;
    }
    if (publicOnly && repo.isPrivate()) {
      Replies.httpError(resp, 403, "Forbidden");
      return false;
    }
    if (!Scopes.has(scope, (pull ? "read:" : "write:") + "repository", flavor)) {
      Replies.httpError(resp, 403, "Forbidden");
      return false;
    }
    if (flavor == Flavor.FORGEJO && signed.repoSpecificToken()) {
      if (repo == null) {
        Replies.httpError(resp, 500, "Internal Server Error");
        return false;
      }
      boolean listed = signed.token().repoIds().contains(repo.id());
      boolean reduced = !listed && (repo.isPrivate() || !pull);
      if (reduced) {
        Replies.httpError(resp, 403, "Forbidden");
        return false;
      }
    }
    return true;
  }

  /** The pre-receive hook's refusal: its lines go to the client as "remote:" lines, every ref is declined. */
  private PreReceiveHook denyPush(String doer, ForgeRepo repo) {
    return (rp, commands) -> {
      String branch = "";
      for (ReceiveCommand c : commands) {
        branch = c.getRefName().startsWith("refs/heads/") ? c.getRefName().substring("refs/heads/".length()) : "";
        break;
      }
      List<String> lines = flavor.pushDeniedLines(doer == null ? "" : doer, branch, repo.ownerName(), repo.name());
      for (String line : lines) {
        rp.sendMessage(line);
      }
      for (ReceiveCommand c : commands) {
        c.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, "pre-receive hook declined");
      }
    };
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
