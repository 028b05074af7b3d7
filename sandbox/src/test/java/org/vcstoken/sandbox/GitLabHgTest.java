package org.vcstoken.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.sandbox.GlApi.Reply;
import org.vcstoken.sandbox.gitlab.GitLabOptions;
import org.vcstoken.sandbox.gitlab.GitLabSandbox;
import org.vcstoken.sandbox.gitlab.IssuedGitLabToken;

/** Heptapod mode: the real hg client over HTTP at /namespace/project, behind GitLab's auth. */
class GitLabHgTest {
  @TempDir
  static Path data;
  static GitLabSandbox gl;
  @TempDir
  Path work;

  @BeforeAll
  static void start() throws IOException {
    gl = GitLabSandbox.start(GitLabOptions.defaults(data));
    gl.createUser("alice", "alice-password");
    gl.createUser("bob", "bob-password");
    if (gl.hgAvailable()) {
      gl.createProject("alice/hgapp", "hg", "alice", "private");
      gl.createProject("grp/hgother", "hg", "alice", "private");
      gl.addMember("alice/hgapp", "bob", 20);
    }
  }

  @AfterAll
  static void stop() {
    if (gl != null) {
      gl.close();
    }
  }

  @BeforeEach
  void needHg() {
    Tools.requireTool("hg", "--version");
    Tools.require(gl.hgAvailable(), "the GitLab sandbox hg backend is off: " + gl.hgUnavailableReason());
  }

  private static String url(String user, String secret, String path) {
    return gl.url().toString().replace("http://", "http://" + user + ":" + secret + "@") + "/" + path;
  }

  private Path commitIn(Path clone, String file) throws IOException {
    Files.writeString(clone.resolve(file), file);
    Cli.hg(clone, work, "add", file).assertOk();
    Cli.hg(clone, work, "commit", "-m", "add " + file).assertOk();
    return clone;
  }

  @Test
  void ownerClonesAndPushesWithAPersonalToken() throws IOException {
    String token = gl.addPersonalToken("alice", "hg", List.of("write_repository"), null).token();
    Path clone = work.resolve("c");
    Cli.hg(work, work, "clone", url("anyone", token, "alice/hgapp"), clone.toString()).assertOk();
    commitIn(clone, "a.txt");
    Cli.hg(clone, work, "push", url("anyone", token, "alice/hgapp")).assertOk();
    Path second = work.resolve("c2");
    Cli.hg(work, work, "clone", url("x", token, "alice/hgapp"), second.toString()).assertOk();
    assertThat(second.resolve("a.txt")).exists();
  }

  @Test
  void aProjectAccessTokenWorksOnItsProjectOnly() {
    IssuedGitLabToken pt = gl.addProjectToken("alice/hgapp", "ci", List.of("read_repository"), 20, null);
    Cli.hg(work, work, "clone", url("bot", pt.token(), "alice/hgapp"), work.resolve("p").toString()).assertOk();
    Cli.Result other = Cli.hg(work, work, "clone", url("bot", pt.token(), "grp/hgother"), work.resolve("o").toString());
    assertThat(other.exit()).isNotZero();
    assertThat(other.out()).contains("authorization failed");
  }

  @Test
  void aReadOnlyTokenPullsButPushIs403() throws IOException {
    String token = gl.addPersonalToken("alice", "ro", List.of("read_repository"), null).token();
    Path clone = work.resolve("r");
    Cli.hg(work, work, "clone", url("alice", token, "alice/hgapp"), clone.toString()).assertOk();
    commitIn(clone, "r.txt");
    Cli.Result push = Cli.hg(clone, work, "push", url("alice", token, "alice/hgapp"));
    assertThat(push.exit()).isNotZero();
    assertThat(push.out()).contains("403");
    HttpResponse<String> raw = Http.send(Http.request(gl.url().toString(), "/alice/hgapp?cmd=unbundle")
        .header("Accept", "application/mercurial-0.1").header("Authorization", Http.basic("alice", token))
        .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(raw.statusCode()).isEqualTo(403);
    assertThat(raw.body()).isEqualTo("You are not allowed to upload code.");
  }

  @Test
  void aReporterMayNotPushEvenWithWriteRepository() {
    String token = gl.addPersonalToken("bob", "bob", List.of("write_repository"), null).token();
    HttpResponse<String> raw = Http.send(Http.request(gl.url().toString(), "/alice/hgapp?cmd=unbundle")
        .header("Accept", "application/mercurial-0.1").header("Authorization", Http.basic("bob", token))
        .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(raw.statusCode()).isEqualTo(403);
    assertThat(raw.body()).isEqualTo("You are not allowed to push code to this project.");
  }

  @Test
  void noCredentialsIs401WithRealmGitLabForExistingAndMissingProjects() {
    for (String path : List.of("/alice/hgapp", "/nobody/nothing")) {
      HttpResponse<String> r = Http.send(Http.request(gl.url().toString(), path + "?cmd=capabilities")
          .header("Accept", "application/mercurial-0.1"));
      assertThat(r.statusCode()).as(path).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"GitLab\"");
      assertThat(r.body()).startsWith("HTTP Basic: Access denied.");
    }
  }

  @Test
  void aWrongTokenIsAuthorizationFailedForHg() {
    Cli.Result r = Cli.hg(work, work, "clone", url("alice", "glpat-xxxxxxxxxxxxxxxxxxxx", "alice/hgapp"),
        work.resolve("x").toString());
    assertThat(r.exit()).isNotZero();
    assertThat(r.out()).contains("authorization failed");
  }

  @Test
  void hgProjectsAreCreatedThroughTheApiWithVcsTypeHg() {
    Reply r = GlApi.post(gl, "/projects/user/" + gl.userId("alice"), gl.adminToken(),
        Map.of("name", "viaapi", "vcs_type", "hg"));
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.text("vcs_type")).isEqualTo("hg");
    assertThat(r.text("http_url_to_repo")).isEqualTo(gl.url() + "/alice/viaapi");
    String token = gl.addPersonalToken("alice", "api-hg", List.of("read_repository"), null).token();
    Cli.hg(work, work, "clone", url("alice", token, "alice/viaapi"), work.resolve("v").toString()).assertOk();
  }

  @Test
  void gitRequestsForAnHgProjectAreNotFound() {
    String token = gl.addPersonalToken("alice", "git-on-hg", List.of("api"), null).token();
    HttpResponse<String> r = Http.send(Http.request(gl.url().toString(),
        "/alice/hgapp.git/info/refs?service=git-upload-pack").header("Authorization", Http.basic("alice", token)));
    assertThat(r.statusCode()).isEqualTo(404);
  }
}
