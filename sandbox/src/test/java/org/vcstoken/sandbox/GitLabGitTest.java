package org.vcstoken.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.sandbox.gitlab.GitLabOptions;
import org.vcstoken.sandbox.gitlab.GitLabSandbox;
import org.vcstoken.sandbox.gitlab.IssuedGitLabToken;

/** GitLab's git-over-HTTP rules, with the real git client against the GitLab sandbox. */
class GitLabGitTest {
  static final Instant START = Instant.parse("2026-03-10T12:00:00Z");
  static final String DENIED = "HTTP Basic: Access denied. If a password was provided for Git authentication,"
      + " the password was incorrect or you're required to use a token instead of a password. If a token was"
      + " provided, it was either incorrect, expired, or improperly scoped. See ";

  @TempDir
  static Path data;
  static GitLabSandbox gl;
  @TempDir
  Path work;

  @BeforeAll
  static void start() throws IOException {
    Tools.requireTool("git", "--version");
    gl = GitLabSandbox.start(GitLabOptions.defaults(data).withClock(Clock.fixed(START, ZoneOffset.UTC)));
    gl.createUser("alice", "alice-password");
    gl.createUser("bob", "bob-password");
    gl.createUser("carol", "carol-password");
    gl.createProject("alice/app", "git", "alice", "private");
    gl.createProject("grp/sub/lib", "git", "alice", "private");
    gl.createProject("alice/open", "git", "alice", "public");
    gl.createProject("alice/inside", "git", "alice", "internal");
    gl.addMember("alice/app", "bob", 20);
    gl.addMember("alice/app", "carol", 10);
    // Something to fetch, pushed once by the owner.
    IssuedGitLabToken t = gl.addPersonalToken("alice", "seed", List.of("api"), null);
    for (String p : List.of("alice/app", "alice/open", "alice/inside")) {
      Path seed = Files.createTempDirectory(data, "seed");
      Cli.git(seed, seed, "init", "-q").assertOk();
      Files.writeString(seed.resolve("README"), p);
      Cli.git(seed, seed, "add", "README").assertOk();
      Cli.git(seed, seed, "commit", "-qm", "seed").assertOk();
      Cli.git(seed, seed, "push", url("alice", t.token(), p), "HEAD:refs/heads/main").assertOk();
    }
  }

  @AfterAll
  static void stop() {
    if (gl != null) {
      gl.close();
    }
  }

  @AfterEach
  void resetClock() {
    gl.setTime(START);
  }

  static String url(String user, String secret, String path) {
    String base = gl.url().toString();
    return (user == null ? base : base.replace("http://", "http://" + user + ":" + secret + "@")) + "/" + path
        + ".git";
  }

  private Cli.Result lsRemote(String user, String secret, String path) {
    return Cli.git(work, work, "ls-remote", url(user, secret, path));
  }

  private Cli.Result pushNewBranch(String user, String secret, String path) throws IOException {
    Path clone = work.resolve("p" + System.nanoTime());
    IssuedGitLabToken reader = gl.addPersonalToken("alice", "reader", List.of("read_repository"), null);
    Cli.git(work, work, "clone", url("alice", reader.token(), path), clone.toString()).assertOk();
    Files.writeString(clone.resolve("f" + System.nanoTime()), "x");
    Cli.git(clone, work, "add", ".").assertOk();
    Cli.git(clone, work, "commit", "-qm", "change").assertOk();
    return Cli.git(clone, work, "push", url(user, secret, path), "HEAD:refs/heads/b" + System.nanoTime());
  }

  private static HttpResponse<String> infoRefs(String path, String authorization) {
    HttpRequest.Builder b = Http.request(gl.url().toString(), "/" + path + "/info/refs?service=git-upload-pack");
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return Http.send(b);
  }

  @Test
  void ownerClonesAndPushesWithAPersonalTokenWhateverTheUsername() throws IOException {
    String token = gl.addPersonalToken("alice", "rw", List.of("write_repository"), null).token();
    assertThat(lsRemote("anything", token, "alice/app").assertOk().out()).contains("refs/heads/main");
    assertThat(lsRemote("oauth2", token, "alice/app").assertOk().out()).contains("refs/heads/main");
    pushNewBranch("someone-else", token, "alice/app").assertOk();
  }

  @Test
  void anEmptyUsernameIsAcceptedTooBecauseGitLabIgnoresTheLogin() {
    String token = gl.addPersonalToken("alice", "rw", List.of("read_repository"), null).token();
    HttpResponse<String> r = infoRefs("alice/app.git", Http.basic("", token));
    assertThat(r.statusCode()).isEqualTo(200);
  }

  @Test
  void noCredentialsIs401WithRealmGitLabAndTheLongBodyBeforeTheProjectLookup() {
    for (String path : List.of("alice/app.git", "nobody/nothing.git")) {
      HttpResponse<String> r = infoRefs(path, null);
      assertThat(r.statusCode()).as(path).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate")).as(path).contains("Basic realm=\"GitLab\"");
      assertThat(r.body()).startsWith(DENIED)
          .endsWith("/help/topics/git/troubleshooting_git.md#error-on-git-fetch-http-basic-access-denied");
    }
  }

  @Test
  void wrongExpiredAndRevokedTokensAllGetTheSame401() {
    IssuedGitLabToken revoked = gl.addPersonalToken("alice", "revoked", List.of("api"), null);
    gl.revokeToken(revoked.id());
    IssuedGitLabToken expired = gl.addPersonalToken("alice", "expired", List.of("api"), LocalDate.parse("2026-03-10"));
    for (String secret : List.of("glpat-00000000000000000000", revoked.token(), expired.token())) {
      HttpResponse<String> r = infoRefs("alice/app.git", Http.basic("alice", secret));
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.body()).startsWith(DENIED);
    }
    Cli.Result git = lsRemote("alice", revoked.token(), "alice/app");
    assertThat(git.exit()).isNotZero();
    assertThat(git.out()).contains("HTTP Basic: Access denied").contains("Authentication failed");
  }

  @Test
  void aTokenExpiresAtMidnightUtcOfItsDate() {
    IssuedGitLabToken t = gl.addPersonalToken("alice", "short", List.of("read_repository"), LocalDate.parse("2026-03-12"));
    gl.setTime(Instant.parse("2026-03-11T23:59:59Z"));
    lsRemote("alice", t.token(), "alice/app").assertOk();
    gl.setTime(Instant.parse("2026-03-12T00:00:00Z"));
    Cli.Result r = lsRemote("alice", t.token(), "alice/app");
    assertThat(r.exit()).isNotZero();
    assertThat(r.out()).contains("HTTP Basic: Access denied");
  }

  @Test
  void aProjectAccessTokenOnAnotherProjectIs401() {
    IssuedGitLabToken pt = gl.addProjectToken("alice/app", "ci", List.of("read_repository"), 20, null);
    lsRemote("bot", pt.token(), "alice/app").assertOk();
    HttpResponse<String> other = infoRefs("grp/sub/lib.git", Http.basic("bot", pt.token()));
    assertThat(other.statusCode()).isEqualTo(401);
    assertThat(other.body()).startsWith(DENIED);
  }

  @Test
  void aUsersTokenOnAProjectTheyCannotSeeIs404WithGitLabsMessage() {
    String bob = gl.addPersonalToken("bob", "bob", List.of("api"), null).token();
    for (String path : List.of("grp/sub/lib", "nobody/nothing")) {
      Cli.Result r = lsRemote("bob", bob, path);
      assertThat(r.exit()).isNotZero();
      assertThat(r.out()).contains(
          "The project you were looking for could not be found or you don't have permission to view it.");
      HttpResponse<String> raw = infoRefs(path + ".git", Http.basic("bob", bob));
      assertThat(raw.statusCode()).isEqualTo(404);
    }
  }

  @Test
  void pushWithoutWriteRepositoryIs403YouAreNotAllowedToUploadCode() throws IOException {
    String readOnly = gl.addPersonalToken("alice", "ro", List.of("read_repository"), null).token();
    Cli.Result r = pushNewBranch("alice", readOnly, "alice/app");
    assertThat(r.exit()).isNotZero();
    assertThat(r.out()).contains("You are not allowed to upload code.").contains("403");
  }

  @Test
  void aTokenWithoutRepositoryScopeMayNotEvenPull() {
    String user = gl.addPersonalToken("alice", "u", List.of("read_user"), null).token();
    HttpResponse<String> r = infoRefs("alice/app.git", Http.basic("alice", user));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).isEqualTo("You are not allowed to download code.");
  }

  @Test
  void headOnInfoRefsIs403EvenWithoutCredentials() {
    HttpResponse<String> r = Http.send(Http.request(gl.url().toString(),
        "/alice/app.git/info/refs?service=git-upload-pack").method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("WWW-Authenticate")).isEmpty();
  }

  @Test
  void reporterPullsButMayNotPushAndGuestOfAPrivateProjectMayNotPull() throws IOException {
    String bob = gl.addPersonalToken("bob", "bob-rw", List.of("write_repository"), null).token();
    lsRemote("bob", bob, "alice/app").assertOk();
    Cli.Result push = pushNewBranch("bob", bob, "alice/app");
    assertThat(push.exit()).isNotZero();
    assertThat(push.out()).contains("You are not allowed to push code to this project.");

    String carol = gl.addPersonalToken("carol", "carol", List.of("api"), null).token();
    HttpResponse<String> guest = infoRefs("alice/app.git", Http.basic("carol", carol));
    assertThat(guest.statusCode()).isEqualTo(403);
    assertThat(guest.body()).isEqualTo("You are not allowed to download code from this project.");
  }

  @Test
  void aDeveloperPushes() throws IOException {
    gl.createProject("alice/dev", "git", "alice", "private");
    gl.addMember("alice/dev", "bob", 30);
    IssuedGitLabToken seed = gl.addPersonalToken("alice", "seed2", List.of("api"), null);
    Path s = Files.createDirectories(work.resolve("seed"));
    Cli.git(s, work, "init", "-q").assertOk();
    Files.writeString(s.resolve("a"), "a");
    Cli.git(s, work, "add", "a").assertOk();
    Cli.git(s, work, "commit", "-qm", "a").assertOk();
    Cli.git(s, work, "push", url("alice", seed.token(), "alice/dev"), "HEAD:refs/heads/main").assertOk();
    String bob = gl.addPersonalToken("bob", "bob-dev", List.of("write_repository"), null).token();
    pushNewBranch("bob", bob, "alice/dev").assertOk();
  }

  @Test
  void publicProjectsCloneAnonymouslyButPushNeedsCredentials() throws IOException {
    Path clone = work.resolve("anon");
    Cli.git(work, work, "clone", url(null, null, "alice/open"), clone.toString()).assertOk();
    assertThat(clone.resolve("README")).exists();
    Files.writeString(clone.resolve("x"), "x");
    Cli.git(clone, work, "add", "x").assertOk();
    Cli.git(clone, work, "commit", "-qm", "x").assertOk();
    Cli.Result push = Cli.git(clone, work, "push", "origin", "HEAD:refs/heads/anon");
    assertThat(push.exit()).isNotZero();
    // git was challenged and, with prompts off, had no username to offer.
    assertThat(push.out()).contains("could not read Username");
    HttpResponse<String> r = Http.send(Http.request(gl.url().toString(),
        "/alice/open.git/info/refs?service=git-receive-pack"));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).startsWith(DENIED);
  }

  @Test
  void internalProjectsAreReadableByAnySignedInUserButNotAnonymously() {
    assertThat(infoRefs("alice/inside.git", null).statusCode()).isEqualTo(401);
    String carol = gl.addPersonalToken("carol", "c2", List.of("read_repository"), null).token();
    lsRemote("carol", carol, "alice/inside").assertOk();
  }

  @Test
  void credentialsThatFailAre401EvenForAPublicProject() {
    HttpResponse<String> r = infoRefs("alice/open.git", Http.basic("alice", "wrong"));
    assertThat(r.statusCode()).isEqualTo(401);
  }

  @Test
  void aCloneUrlWithoutDotGitIsRedirectedToTheDotGitUrl() {
    HttpResponse<String> r = infoRefs("alice/app", null);
    assertThat(r.statusCode()).isEqualTo(301);
    assertThat(r.headers().firstValue("Location")).contains(
        gl.url() + "/alice/app.git/info/refs?service=git-upload-pack");
    String token = gl.addPersonalToken("alice", "nogit", List.of("read_repository"), null).token();
    Path clone = work.resolve("nogit");
    String plain = gl.url().toString().replace("http://", "http://alice:" + token + "@") + "/alice/app";
    Cli.git(work, work, "clone", plain, clone.toString()).assertOk();
    assertThat(clone.resolve("README")).exists();
  }

  @Test
  void theAccountPasswordWorksForGitAsGitLabAllowsByDefault() {
    lsRemote("alice", "alice-password", "alice/app").assertOk();
    assertThat(infoRefs("alice/app.git", Http.basic("alice", "wrong-password")).statusCode()).isEqualTo(401);
  }

  @Test
  void projectPathsAreMatchedWithoutCase() {
    String token = gl.addPersonalToken("alice", "case", List.of("read_repository"), null).token();
    assertThat(infoRefs("Alice/App.git", Http.basic("x", token)).statusCode()).isEqualTo(200);
  }

  @Test
  void aProjectWhoseRepositoryIsGoneIs404NoRepositoryYet() throws IOException {
    gl.createProject("alice/gone", "git", "alice", "private");
    try (var files = Files.walk(data.resolve("repositories/git/alice/gone"))) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
    String token = gl.addPersonalToken("alice", "gone", List.of("read_repository"), null).token();
    HttpResponse<String> r = infoRefs("alice/gone.git", Http.basic("alice", token));
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).isEqualTo("A repository for this project does not exist yet.");
  }

  @Test
  void anInfoRefsWithoutAKnownServiceIsNotAllowed() {
    String token = gl.addPersonalToken("alice", "svc", List.of("api"), null).token();
    HttpResponse<String> r = Http.send(Http.request(gl.url().toString(), "/alice/app.git/info/refs?service=evil")
        .header("Authorization", Http.basic("alice", token)));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).isEqualTo("The command you're trying to execute is not allowed.");
  }
}
