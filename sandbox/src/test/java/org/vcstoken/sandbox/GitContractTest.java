package org.vcstoken.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RhodeCode's VCS auth rules, exercised with the real git client against JGit. */
class GitContractTest {
  @TempDir
  static Path data;
  static Sandbox sandbox;
  @TempDir
  Path work;

  @BeforeAll
  static void start() throws IOException {
    Tools.requireTool("git", "--version");
    sandbox = Sandbox.start(SandboxOptions.defaults(data).withAuthCacheTtl(Duration.ZERO));
    sandbox.createUser("alice", "alice-pw");
    sandbox.createUser("bob", "bob-pw");
    sandbox.createRepo("grp/sub/app", "git", "alice");
    sandbox.createRepo("other", "git", "alice");
    sandbox.grant("grp/sub/app", "bob", "repository.read");
  }

  @AfterAll
  static void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  private Cli.Result cloneAs(String user, String secret, String repoPath) {
    return Cli.git(work, work, "clone", Cli.url(sandbox, user, secret, repoPath),
        work.resolve("c" + System.nanoTime()).toString());
  }

  @Test
  void ownerClonesAndPushesWithVcsToken() throws IOException {
    String token = sandbox.addToken("alice", "token_role_vcs", -1, "t", null).token();
    Path clone = work.resolve("clone");
    Cli.git(work, work, "clone", Cli.url(sandbox, "alice", token, "grp/sub/app"), clone.toString()).assertOk();
    Files.writeString(clone.resolve("f.txt"), "hello");
    Cli.git(clone, work, "add", "f.txt").assertOk();
    Cli.git(clone, work, "commit", "-m", "first").assertOk();
    Cli.git(clone, work, "push", "origin", "HEAD:refs/heads/push-" + System.nanoTime()).assertOk();
    assertThat(Cli.git(work, work, "ls-remote", Cli.url(sandbox, "alice", token, "grp/sub/app")).assertOk().out())
        .contains("refs/heads/push-");
  }

  @Test
  void tokenWithRoleAllWorksAndApiRoleDoesNot() {
    assertThat(cloneAs("alice", sandbox.addToken("alice", "token_role_all", -1, "", null).token(), "other").exit())
        .isZero();
    Cli.Result api = cloneAs("alice", sandbox.addToken("alice", "token_role_api", -1, "", null).token(), "other");
    assertThat(api.exit()).isNotZero();
    assertThat(api.out()).contains("Authentication failed");
  }

  @Test
  void usernameMustBeTheOwnerWithTheSameCase() {
    String token = sandbox.addToken("alice", "token_role_vcs", -1, "", null).token();
    assertThat(cloneAs("Alice", token, "other").out()).contains("Authentication failed");
    assertThat(cloneAs("bob", token, "grp/sub/app").out()).contains("Authentication failed");
  }

  @Test
  void wrongTokenIsAuthenticationFailed() {
    assertThat(cloneAs("alice", "0".repeat(40), "other").out()).contains("Authentication failed");
  }

  @Test
  void expiredTokenFailsLikeAWrongOne() {
    IssuedToken t = sandbox.addToken("alice", "token_role_vcs", 5, "", "other");
    assertThat(cloneAs("alice", t.token(), "other").exit()).isZero();
    Instant before = sandbox.now();
    try {
      sandbox.setTime(before.plusSeconds(5 * 60 + 2));
      assertThat(cloneAs("alice", t.token(), "other").out()).contains("Authentication failed");
    } finally {
      sandbox.setTime(before);
    }
  }

  @Test
  void repoScopedTokenOnlyWorksForItsRepo() {
    String token = sandbox.addToken("alice", "token_role_vcs", -1, "", "other").token();
    assertThat(cloneAs("alice", token, "other").exit()).isZero();
    assertThat(cloneAs("alice", token, "grp/sub/app").out()).contains("Authentication failed");
  }

  @Test
  void readPermissionAllowsCloneButPushIs403() throws IOException {
    String token = sandbox.addToken("bob", "token_role_vcs", -1, "", null).token();
    Path clone = work.resolve("bobs");
    Cli.git(work, work, "clone", Cli.url(sandbox, "bob", token, "grp/sub/app"), clone.toString()).assertOk();
    Files.writeString(clone.resolve("b.txt"), "bob");
    Cli.git(clone, work, "add", "b.txt").assertOk();
    Cli.git(clone, work, "commit", "-m", "bob").assertOk();
    Cli.Result push = Cli.git(clone, work, "push", "origin", "HEAD:refs/heads/bob");
    assertThat(push.exit()).isNotZero();
    assertThat(push.out()).contains("403");
  }

  @Test
  void noPermissionIs403() {
    String token = sandbox.addToken("bob", "token_role_vcs", -1, "", null).token();
    Cli.Result r = cloneAs("bob", token, "other");
    assertThat(r.exit()).isNotZero();
    assertThat(r.out()).contains("403");
  }

  @Test
  void inactiveUserIs403() {
    sandbox.createUser("carol", "carol-pw");
    sandbox.createRepo("carols", "git", "carol");
    String token = sandbox.addToken("carol", "token_role_vcs", -1, "", null).token();
    assertThat(cloneAs("carol", token, "carols").exit()).isZero();
    sandbox.setUserActive("carol", false);
    Cli.Result r = cloneAs("carol", token, "carols");
    assertThat(r.out()).contains("403");
    assertThat(r.out()).doesNotContain("Authentication failed");
  }

  @Test
  void cloneByRepoIdUrl() {
    String token = sandbox.addToken("alice", "token_role_vcs", -1, "", null).token();
    assertThat(cloneAs("alice", token, "_" + sandbox.repoId("grp/sub/app")).exit()).isZero();
  }

  @Test
  void accountPasswordIsTheFallbackPlugin() {
    assertThat(cloneAs("alice", "alice-pw", "other").exit()).isZero();
  }

  @Test
  void deletedTokenStopsWorkingAtOnceWithoutCache() {
    IssuedToken t = sandbox.addToken("alice", "token_role_vcs", -1, "", null);
    assertThat(cloneAs("alice", t.token(), "other").exit()).isZero();
    sandbox.deleteToken(t.id());
    assertThat(cloneAs("alice", t.token(), "other").out()).contains("Authentication failed");
  }

  @Test
  void unknownRepoIs404BeforeAuthentication() {
    HttpResponse<String> r = Http.send(Http.request(sandbox, "/no/such/repo/info/refs?service=git-upload-pack"));
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("WWW-Authenticate")).isEmpty();
  }

  @Test
  void knownRepoWithoutCredentialsIs401WithRealm() {
    HttpResponse<String> r = Http.send(Http.request(sandbox, "/other/info/refs?service=git-upload-pack"));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"RhodeCode\"");
  }
}
