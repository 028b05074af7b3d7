package org.vcstoken.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.sandbox.GlApi.Reply;
import org.vcstoken.sandbox.gitlab.GitLabOptions;
import org.vcstoken.sandbox.gitlab.GitLabSandbox;
import org.vcstoken.sandbox.gitlab.GitLabVersion;
import org.vcstoken.sandbox.gitlab.IssuedGitLabToken;

/** The version switch turns features off as the releases that brought them; and the other options. */
class GitLabVersionSwitchTest {
  static final Instant START = Instant.parse("2026-03-10T12:00:00Z");

  @TempDir
  Path dir;
  @TempDir
  Path work;

  private GitLabSandbox start(String version) throws IOException {
    return GitLabSandbox.start(GitLabOptions.defaults(Files.createTempDirectory(dir, "gl")).withVersion(version)
        .withClock(Clock.fixed(START, ZoneOffset.UTC)));
  }

  private static IssuedGitLabToken api(GitLabSandbox gl, String user) {
    return gl.addPersonalToken(user, "api-" + System.nanoTime(), List.of("api"), LocalDate.parse("2026-06-01"));
  }

  @Test
  void gitLab16_0RotatesByIdAWeekAheadIgnoringExpiresAtAndHasNoSelfRotationNorReuseDetection() throws IOException {
    try (GitLabSandbox gl = start("16.0")) {
      gl.createUser("alice", "alice-password");
      IssuedGitLabToken a = api(gl, "alice");
      Reply rotated = GlApi.post(gl, "/personal_access_tokens/" + a.id() + "/rotate", a.token(),
          Map.of("expires_at", "2026-05-01"));
      assertThat(rotated.status()).isEqualTo(200);
      assertThat(rotated.text("expires_at")).isEqualTo("2026-03-17");
      String b = rotated.text("token");

      Reply self = GlApi.post(gl, "/personal_access_tokens/self/rotate", b, Map.of());
      assertThat(self.status()).isEqualTo(401);
      assertThat(self.message()).isEqualTo("401 Unauthorized");
      assertThat(GlApi.post(gl, "/personal_access_tokens/self/rotate", gl.adminToken(), Map.of()).status())
          .isEqualTo(404);

      // Reuse detection came in 16.3: the revoked token is refused but its successor lives on.
      Reply reuse = GlApi.post(gl, "/personal_access_tokens/" + a.id() + "/rotate", a.token(), Map.of());
      assertThat(reuse.status()).isEqualTo(401);
      assertThat(gl.token(rotated.id()).orElseThrow().active()).isTrue();

      Reply own = GlApi.post(gl, "/user/personal_access_tokens", b, Map.of("name", "k", "scopes", List.of("k8s_proxy")));
      assertThat(own.status()).isEqualTo(404);
      assertThat(own.error()).isEqualTo("404 Not Found");

      Reply selfRotateScope = GlApi.post(gl, "/users/" + gl.userId("alice") + "/personal_access_tokens",
          gl.adminToken(), Map.of("name", "s", "scopes", List.of("self_rotate")));
      assertThat(selfRotateScope.status()).isEqualTo(400);
      assertThat(selfRotateScope.error()).isEqualTo("scopes does not have a valid value");
    }
  }

  @Test
  void gitLab16_10HasSelfRotationButNoSelfRotateScopeNorProjectSelfRotation() throws IOException {
    try (GitLabSandbox gl = start("16.10")) {
      gl.createUser("alice", "alice-password");
      gl.createProject("alice/app", "git", "alice", "private");
      IssuedGitLabToken a = api(gl, "alice");
      Reply self = GlApi.post(gl, "/personal_access_tokens/self/rotate", a.token(), Map.of("expires_at", "2026-04-30"));
      assertThat(self.status()).isEqualTo(200);
      assertThat(self.text("expires_at")).isEqualTo("2026-04-30");
      Reply reuse = GlApi.post(gl, "/personal_access_tokens/self/rotate", a.token(), Map.of());
      assertThat(reuse.status()).isEqualTo(401);
      assertThat(gl.token(self.id()).orElseThrow().revoked()).isTrue();

      Reply own = GlApi.post(gl, "/user/personal_access_tokens", api(gl, "alice").token(),
          Map.of("name", "k", "scopes", List.of("self_rotate")));
      assertThat(own.error()).isEqualTo("scopes does not have a valid value");

      IssuedGitLabToken pt = gl.addProjectToken("alice/app", "ci", List.of("api"), 40, LocalDate.parse("2026-05-01"));
      Reply projectSelf = GlApi.post(gl, "/projects/alice%2Fapp/access_tokens/self/rotate", pt.token(), Map.of());
      assertThat(projectSelf.status()).isEqualTo(401);
      assertThat(gl.token(pt.id()).orElseThrow().active()).isTrue();
    }
  }

  @Test
  void gitLab17_9AcceptsSelfRotateButNotGranularScopes() throws IOException {
    try (GitLabSandbox gl = start("17.9")) {
      gl.createUser("alice", "alice-password");
      Reply r = GlApi.post(gl, "/user/personal_access_tokens", api(gl, "alice").token(),
          Map.of("name", "g", "granular_scopes", List.of(Map.of("access", "personal_projects",
              "permissions", List.of("download_code")))));
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.error()).isEqualTo("scopes is missing");
    }
  }

  @Test
  void gitLab19_2MintsFineGrainedTokensLimitedToTheChosenProjects() throws IOException {
    Tools.requireTool("git", "--version");
    try (GitLabSandbox gl = start("19.2")) {
      gl.createUser("alice", "alice-password");
      long app = gl.createProject("alice/app", "git", "alice", "private");
      gl.createProject("alice/other", "git", "alice", "private");
      String apiToken = api(gl, "alice").token();
      Reply both = GlApi.post(gl, "/user/personal_access_tokens", apiToken, Map.of("name", "x",
          "scopes", List.of("k8s_proxy"), "granular_scopes", List.of(Map.of("access", "user",
              "permissions", List.of("read_user")))));
      assertThat(both.error()).isEqualTo("scopes, granular_scopes are mutually exclusive");

      Reply g = GlApi.post(gl, "/user/personal_access_tokens", apiToken, Map.of("name", "fine",
          "expires_at", "2026-04-01", "granular_scopes", List.of(Map.of("access", "selected_memberships",
              "permissions", List.of("download_code", "push_code"), "project_ids", List.of(app)))));
      assertThat(g.status()).isEqualTo(201);
      assertThat(g.json().get("scopes")).isEmpty();
      assertThat(g.json().get("granular_scopes").get(0).get("project_id").asLong()).isEqualTo(app);
      assertThat(g.json().get("granular_scopes").get(0).get("group_id").isNull()).isTrue();
      String fine = g.text("token");

      Cli.git(work, work, "ls-remote", gl.url().toString().replace("http://", "http://alice:" + fine + "@")
          + "/alice/app.git").assertOk();
      HttpResponse<String> other = Http.send(Http.request(gl.url().toString(),
          "/alice/other.git/info/refs?service=git-upload-pack").header("Authorization", Http.basic("alice", fine)));
      assertThat(other.statusCode()).isEqualTo(403);
      assertThat(other.body()).isEqualTo("You are not allowed to download code.");

      assertThat(GlApi.get(gl, "/personal_access_tokens/self", fine).status()).isEqualTo(200);
      assertThat(GlApi.get(gl, "/user", fine).status()).isEqualTo(403);
    }
  }

  @Test
  void theFourHundredDaySwitchRaisesTheMaximumLifetime() throws IOException {
    try (GitLabSandbox gl = GitLabSandbox.start(GitLabOptions.defaults(Files.createTempDirectory(dir, "g400"))
        .withMaxTokenLifetimeDays(400).withClock(Clock.fixed(START, ZoneOffset.UTC)))) {
      gl.createUser("alice", "alice-password");
      String path = "/users/" + gl.userId("alice") + "/personal_access_tokens";
      LocalDate max = LocalDate.parse("2026-03-10").plusDays(400);
      Reply ok = GlApi.post(gl, path, gl.adminToken(), Map.of("name", "long", "scopes", List.of("api"),
          "expires_at", max.toString()));
      assertThat(ok.status()).isEqualTo(201);
      Reply tooLong = GlApi.post(gl, path, gl.adminToken(), Map.of("name", "long", "scopes", List.of("api"),
          "expires_at", max.plusDays(1).toString()));
      assertThat(tooLong.status()).isEqualTo(422);
      assertThat(tooLong.message()).isEqualTo("Expiration date must be before " + max);
      Reply defaulted = GlApi.post(gl, path, gl.adminToken(), Map.of("name", "d", "scopes", List.of("api")));
      assertThat(defaulted.text("expires_at")).isEqualTo(max.toString());
    }
  }

  @Test
  void withPasswordsForGitOffOnlyTokensWork() throws IOException {
    try (GitLabSandbox gl = GitLabSandbox.start(GitLabOptions.defaults(Files.createTempDirectory(dir, "nopw"))
        .withPasswordForGit(false))) {
      gl.createUser("alice", "alice-password");
      gl.createProject("alice/app", "git", "alice", "private");
      HttpResponse<String> pw = Http.send(Http.request(gl.url().toString(),
          "/alice/app.git/info/refs?service=git-upload-pack").header("Authorization", Http.basic("alice", "alice-password")));
      assertThat(pw.statusCode()).isEqualTo(401);
      String token = gl.addPersonalToken("alice", "t", List.of("read_repository"), null).token();
      HttpResponse<String> tok = Http.send(Http.request(gl.url().toString(),
          "/alice/app.git/info/refs?service=git-upload-pack").header("Authorization", Http.basic("alice", token)));
      assertThat(tok.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void versionsAreParsedStrictlyAndOldOnesRefused() {
    assertThat(GitLabVersion.parse("16.10.2")).isEqualTo(new GitLabVersion(16, 10));
    assertThat(GitLabVersion.parse("16.10").compareTo(GitLabVersion.parse("16.9"))).isPositive();
    assertThatThrownBy(() -> GitLabVersion.parse("15.11")).hasMessageContaining("16.0 or later, got `15.11`");
    assertThatThrownBy(() -> GitLabVersion.parse("latest")).hasMessageContaining("must look like 17.9, got `latest`");
  }
}
