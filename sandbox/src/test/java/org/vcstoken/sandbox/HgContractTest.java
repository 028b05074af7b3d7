package org.vcstoken.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same rules through the real hg client, the sandbox and hg serve. */
class HgContractTest {
  @TempDir
  static Path data;
  static Sandbox sandbox;
  @TempDir
  Path work;

  @BeforeAll
  static void start() throws IOException {
    sandbox = Sandbox.start(SandboxOptions.defaults(data).withAuthCacheTtl(Duration.ZERO));
    sandbox.createUser("alice", "alice-pw");
    sandbox.createUser("bob", "bob-pw");
    if (sandbox.hgAvailable()) {
      sandbox.createRepo("grp/hgapp", "hg", "alice");
      sandbox.grant("grp/hgapp", "bob", "repository.read");
    }
  }

  @AfterAll
  static void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @BeforeEach
  void needHg() {
    Tools.requireHg(sandbox);
  }

  private Path commitIn(Path clone, String file) throws IOException {
    Files.writeString(clone.resolve(file), file);
    Cli.hg(clone, work, "add", file).assertOk();
    Cli.hg(clone, work, "commit", "-m", "add " + file).assertOk();
    return clone;
  }

  @Test
  void ownerClonesAndPushesWithToken() throws IOException {
    String token = sandbox.addToken("alice", "token_role_vcs", -1, "", null).token();
    String url = Cli.url(sandbox, "alice", token, "grp/hgapp");
    Path clone = work.resolve("c");
    Cli.hg(work, work, "clone", url, clone.toString()).assertOk();
    commitIn(clone, "a.txt");
    // hg drops the password from the stored default path, so push names the URL again.
    Cli.hg(clone, work, "push", url).assertOk();
    Path second = work.resolve("c2");
    Cli.hg(work, work, "clone", url, second.toString()).assertOk();
    assertThat(second.resolve("a.txt")).exists();
  }

  @Test
  void wrongTokenIsAuthorizationFailed() {
    Cli.Result r = Cli.hg(work, work, "clone", Cli.url(sandbox, "alice", "f".repeat(40), "grp/hgapp"),
        work.resolve("x").toString());
    assertThat(r.exit()).isNotZero();
    assertThat(r.out()).contains("authorization failed");
  }

  @Test
  void readOnlyUserCanPullButPushIs403() throws IOException {
    String token = sandbox.addToken("bob", "token_role_vcs", -1, "", null).token();
    String url = Cli.url(sandbox, "bob", token, "grp/hgapp");
    Path clone = work.resolve("b");
    Cli.hg(work, work, "clone", url, clone.toString()).assertOk();
    commitIn(clone, "b.txt");
    Cli.Result push = Cli.hg(clone, work, "push", url);
    assertThat(push.exit()).isNotZero();
    assertThat(push.out()).contains("403");
  }

  @Test
  void repoScopeAndIdUrl() {
    String scoped = sandbox.addToken("alice", "token_role_vcs", -1, "", "grp/hgapp").token();
    Cli.hg(work, work, "clone", Cli.url(sandbox, "alice", scoped, "_" + sandbox.repoId("grp/hgapp")),
        work.resolve("byid").toString()).assertOk();
    assertThat(work.resolve("byid/.hg")).isDirectory();
  }

  @Test
  void unknownRepoIs404AndKnownIs401WithRealm() {
    HttpResponse<String> unknown = Http.send(Http.request(sandbox, "/grp/nothere?cmd=capabilities")
        .header("Accept", "application/mercurial-0.1"));
    assertThat(unknown.statusCode()).isEqualTo(404);
    HttpResponse<String> known = Http.send(Http.request(sandbox, "/grp/hgapp?cmd=capabilities")
        .header("Accept", "application/mercurial-0.1"));
    assertThat(known.statusCode()).isEqualTo(401);
    assertThat(known.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"RhodeCode\"");
  }

  @Test
  void gitRequestForAnHgRepoIs404BeforeAuthentication() {
    HttpResponse<String> r = Http.send(Http.request(sandbox, "/grp/hgapp/info/refs?service=git-upload-pack"));
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("WWW-Authenticate")).isEmpty();
  }

  @Test
  void hgRequestsCarryingPushCommandsNeedWrite() {
    String token = sandbox.addToken("bob", "token_role_vcs", -1, "", null).token();
    HttpResponse<String> r = Http.send(Http.request(sandbox, "/grp/hgapp?cmd=unbundle")
        .header("Accept", "application/mercurial-0.1").header("Authorization", Http.basic("bob", token))
        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
    assertThat(r.statusCode()).isEqualTo(403);
  }
}
