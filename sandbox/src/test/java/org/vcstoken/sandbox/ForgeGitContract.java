package org.vcstoken.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.sandbox.forgejo.Flavor;
import org.vcstoken.sandbox.forgejo.ForgeOptions;
import org.vcstoken.sandbox.forgejo.ForgeSandbox;
import org.vcstoken.sandbox.forgejo.IssuedForgeToken;

/**
 * git smart HTTP with the forges' 401/403/404 rules, exercised with the real git client (and
 * raw HTTP where git hides the answer's text). {@link ForgejoGitTest} and {@link GiteaGitTest}
 * run it and add what only one forge does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ForgeGitContract {
  static final String PW = "correct-horse-battery";
  ForgeSandbox forge;
  @TempDir
  Path work;

  abstract Flavor flavor();

  @BeforeAll
  void start(@TempDir Path data) throws IOException {
    Tools.requireTool("git", "--version");
    forge = ForgeSandbox.start(ForgeOptions.defaults(data, flavor()));
    for (String u : List.of("alice", "bob", "carol")) {
      forge.createUser(u, PW);
    }
    forge.createRepo("alice", "app");
    forge.createRepo("alice", "lib");
    forge.createRepo("alice", "site", false);
    forge.addCollaborator("alice", "app", "bob", "read");
    forge.addCollaborator("alice", "lib", "bob", "write");
  }

  @AfterAll
  void stop() {
    if (forge != null) {
      forge.close();
    }
  }

  // ---- helpers ---------------------------------------------------------------------------

  String url(String user, String secret, String path) {
    String base = forge.url().toString();
    return (user == null ? base : base.replace("http://", "http://" + user + ":" + secret + "@")) + "/" + path;
  }

  Cli.Result cloneAs(String user, String secret, String path) {
    return Cli.git(work, work, "clone", url(user, secret, path), work.resolve("c" + System.nanoTime()).toString());
  }

  /** Clones, commits one file and pushes it to {@code branch}; returns the push. */
  Cli.Result commitAndPush(String user, String secret, String path, String branch) throws IOException {
    Path clone = work.resolve("p" + System.nanoTime());
    Cli.git(work, work, "clone", url(user, secret, path), clone.toString()).assertOk();
    Files.writeString(clone.resolve("f-" + branch + ".txt"), branch);
    Cli.git(clone, work, "add", ".").assertOk();
    Cli.git(clone, work, "commit", "-m", "on " + branch).assertOk();
    return Cli.git(clone, work, "push", "origin", "HEAD:refs/heads/" + branch);
  }

  HttpResponse<String> infoRefs(String path, String service, String authorization, String... headers) {
    HttpRequest.Builder b = Http.request(forge.url().toString(), "/" + path + "/info/refs?service=" + service);
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return Http.send(b);
  }

  String token(String user, String name, String... scopes) {
    return forge.createToken(user, name + System.nanoTime(), List.of(scopes)).secret();
  }

  String rw(String user) {
    return token(user, "rw", "write:repository");
  }

  // ---- 401: no credentials, refused credentials ----------------------------------------------

  @Test
  void anAnonymousRequestToAPrivateRepositoryIs401WithRealmGiteaWhetherItExistsOrNot() {
    for (String path : List.of("alice/app.git", "alice/app", "alice/no-such-repo.git")) {
      HttpResponse<String> r = infoRefs(path, "git-upload-pack", null);
      assertThat(r.statusCode()).as(path).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate")).as(path).contains("Basic realm=\"Gitea\"");
      assertThat(r.body()).isEqualTo("Unauthorized\n");
    }
    Cli.Result git = cloneAs(null, null, "alice/app.git");
    assertThat(git.exit()).isNotZero();
  }

  @Test
  void anUnknownOwnerIsTheWebRoutersNotFoundBeforeAnyChallenge() {
    HttpResponse<String> r = infoRefs("nobody/app.git", "git-upload-pack", null);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("WWW-Authenticate")).isEmpty();
  }

  @Test
  void refusedCredentialsAre401WithTheForgesTextAndNoChallenge() {
    HttpResponse<String> r = infoRefs("alice/app.git", "git-upload-pack", Http.basic("alice", "wrong"));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).isEmpty();
    assertThat(r.body()).isEqualTo((flavor() == Flavor.GITEA ? "Failed to authenticate user"
        : "Credentials are incorrect or have expired. Retry your command or see "
            + "https://codeberg.org/forgejo/forgejo/issues/2809 for more information") + "\n");
    Cli.Result git = cloneAs("alice", "wrong", "alice/app.git");
    assertThat(git.exit()).isNotZero();
    assertThat(git.out()).contains("Authentication failed");
  }

  // ---- tokens and passwords ----------------------------------------------------------------

  @Test
  void theOwnerClonesAndPushesWithATokenAsPasswordWhateverTheUsername() throws IOException {
    String t = rw("alice");
    commitAndPush("anything-goes", t, "alice/app.git", "owner-push").assertOk();
    assertThat(Cli.git(work, work, "ls-remote", url("x", t, "alice/app")).assertOk().out())
        .contains("refs/heads/owner-push");
  }

  @Test
  void theTokenMayBeTheUsernameWithAnEmptyPasswordOrXOauthBasic() {
    String t = token("alice", "as-user", "read:repository");
    assertThat(cloneAs(t, "x-oauth-basic", "alice/app.git").exit()).isZero();
    assertThat(infoRefs("alice/app.git", "git-upload-pack", Http.basic(t, "")).statusCode()).isEqualTo(200);
  }

  @Test
  void theAccountPasswordClonesForAnAccountWithoutTwoFactor() {
    assertThat(cloneAs("alice", PW, "alice/app.git").exit()).isZero();
  }

  @Test
  void thePasswordOfATotpUserIsRefusedBeforeGitHttpRunsAndWithTheOtpHeaderGetsTheTwoFactorText() {
    forge.createRepo("carol", "vault");
    forge.enrollTotp("carol");
    try {
      HttpResponse<String> plain = infoRefs("carol/vault.git", "git-upload-pack", Http.basic("carol", PW));
      assertThat(plain.statusCode()).isEqualTo(401);
      assertThat(plain.body()).doesNotContain("two-factor");
      assertThat(cloneAs("carol", PW, "carol/vault.git").out()).contains("Authentication failed");

      String otpHeader = flavor() == Flavor.GITEA ? "X-Gitea-OTP" : "X-Forgejo-OTP";
      HttpResponse<String> withOtp = infoRefs("carol/vault.git", "git-upload-pack", Http.basic("carol", PW),
          otpHeader, forge.totpCode("carol"));
      assertThat(withOtp.statusCode()).isEqualTo(401);
      assertThat(withOtp.body()).isEqualTo("Users with two-factor authentication enabled cannot perform HTTP/HTTPS "
          + "operations via plain username and password. Please create and use a personal access token on the "
          + "user settings page");
      Cli.Result git = Cli.git(work, work, "-c", "http.extraHeader=" + otpHeader + ": " + forge.totpCode("carol"),
          "clone", url("carol", PW, "carol/vault.git"), work.resolve("otp").toString());
      assertThat(git.exit()).isNotZero();

      assertThat(cloneAs("carol", token("carol", "tfa", "read:repository"), "carol/vault.git").exit()).isZero();
    } finally {
      forge.disableTotp("carol");
    }
  }

  @Test
  void aDeletedTokenStopsWorkingAtOnce() {
    IssuedForgeToken t = forge.createToken("alice", "short-lived", List.of("read:repository"));
    assertThat(cloneAs("alice", t.secret(), "alice/app.git").exit()).isZero();
    assertThat(deleteViaApi("alice", t.id())).isEqualTo(204);
    assertThat(cloneAs("alice", t.secret(), "alice/app.git").out()).contains("Authentication failed");
  }

  int deleteViaApi(String user, long id) {
    return Http.send(Http.request(forge.url().toString(), "/api/v1/users/" + user + "/tokens/" + id)
        .header("Authorization", Http.basic(user, PW)).DELETE()).statusCode();
  }

  // ---- 403: the token's scope ----------------------------------------------------------------

  @Test
  void aTokenWithoutARepositoryScopeIs403() {
    Cli.Result r = cloneAs("alice", token("alice", "user-only", "read:user"), "alice/app.git");
    assertThat(r.exit()).isNotZero();
    assertThat(r.out()).contains("403");
  }

  @Test
  void aReadRepositoryTokenClonesButItsPushIs403() throws IOException {
    String read = token("alice", "read", "read:repository");
    Path clone = work.resolve("ro");
    Cli.git(work, work, "clone", url("alice", read, "alice/app.git"), clone.toString()).assertOk();
    Files.writeString(clone.resolve("ro.txt"), "ro");
    Cli.git(clone, work, "add", ".").assertOk();
    Cli.git(clone, work, "commit", "-m", "ro").assertOk();
    Cli.Result push = Cli.git(clone, work, "push", "origin", "HEAD:refs/heads/ro");
    assertThat(push.exit()).isNotZero();
    assertThat(push.out()).contains("403");
    assertThat(infoRefs("alice/app.git", "git-receive-pack", Http.basic("alice", read)).body()).isEqualTo("Forbidden\n");
  }

  // ---- 404: no permission ------------------------------------------------------------------

  @Test
  void withoutPermissionAPrivateRepositoryIs404RepositoryNotFound() {
    String carols = rw("carol");
    Cli.Result r = cloneAs("carol", carols, "alice/app.git");
    assertThat(r.exit()).isNotZero();
    assertThat(r.out()).contains("not found");
    HttpResponse<String> raw = infoRefs("alice/app.git", "git-upload-pack", Http.basic("carol", carols));
    assertThat(raw.statusCode()).isEqualTo(404);
    assertThat(raw.body()).isEqualTo("Repository not found");
    assertThat(infoRefs("alice/missing.git", "git-upload-pack", Http.basic("carol", carols)).body())
        .isEqualTo("Repository not found");
  }

  @Test
  void pushingToAMissingRepositoryIs403SincePushToCreateIsOff() {
    HttpResponse<String> r = infoRefs("alice/missing.git", "git-receive-pack", Http.basic("alice", rw("alice")));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).isEqualTo("Push to create is not enabled for users.");
  }

  // ---- collaborators -----------------------------------------------------------------------

  @Test
  void aReadCollaboratorClonesButThePreReceiveHookRefusesThePush() throws IOException {
    Cli.Result push = commitAndPush("bob", rw("bob"), "alice/app.git", "by-reader");
    assertThat(push.exit()).isNotZero();
    assertThat(push.out()).contains("pre-receive hook declined");
    if (flavor() == Flavor.GITEA) {
      assertThat(push.out()).contains("remote: error: User permission denied for writing.");
    } else {
      assertThat(push.out()).contains("remote: Forgejo: User 'bob' is not allowed to push to branch 'by-reader' "
          + "in 'alice/app'.");
    }
    assertThat(Cli.git(work, work, "ls-remote", url("alice", rw("alice"), "alice/app.git")).assertOk().out())
        .doesNotContain("by-reader");
  }

  @Test
  void aWriteCollaboratorPushes() throws IOException {
    commitAndPush("bob", rw("bob"), "alice/lib.git", "by-writer").assertOk();
  }

  // ---- public repositories -----------------------------------------------------------------

  @Test
  void aPublicRepositoryClonesAnonymouslyButAnAnonymousPushIs401() {
    assertThat(cloneAs(null, null, "alice/site.git").exit()).isZero();
    HttpResponse<String> push = infoRefs("alice/site.git", "git-receive-pack", null);
    assertThat(push.statusCode()).isEqualTo(401);
    assertThat(push.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"Gitea\"");
  }

  @Test
  void aSignedInNonCollaboratorClonesAPublicRepositoryButCannotPush() throws IOException {
    Cli.Result push = commitAndPush("carol", rw("carol"), "alice/site.git", "by-stranger");
    assertThat(push.exit()).isNotZero();
    assertThat(push.out()).contains("pre-receive hook declined");
  }

  // ---- must change password ------------------------------------------------------------------

  @Test
  void anAccountThatMustChangeItsPasswordGets401UpdateYourPasswordFromGit() {
    HttpResponse<String> created = Http.send(Http.request(forge.url().toString(), "/api/v1/admin/users")
        .header("Authorization", "token " + forge.adminToken()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"username\":\"newbie\",\"email\":\"newbie@example.test\",\"password\":\"newbie-password\"}")));
    assertThat(created.statusCode()).isEqualTo(201);
    forge.createRepo("newbie", "first");
    HttpResponse<String> r = infoRefs("newbie/first.git", "git-upload-pack", Http.basic("newbie", "newbie-password"),
        "User-Agent", "git/2.43.0");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).isEqualTo("Update your password\n");
  }
}
