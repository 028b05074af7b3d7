package org.vcstoken.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.sandbox.GlApi.Reply;
import org.vcstoken.sandbox.gitlab.GitLabOptions;
import org.vcstoken.sandbox.gitlab.GitLabSandbox;
import org.vcstoken.sandbox.gitlab.IssuedGitLabToken;
import org.vcstoken.sandbox.gitlab.TokenView;

/** Project access tokens ({@code /projects/:id/access_tokens}) over real HTTP, on GitLab 17.9. */
class GitLabProjectTokenApiTest {
  static final Instant START = Instant.parse("2026-03-10T12:00:00Z");
  static final String APP = "/projects/alice%2Fapp/access_tokens";

  @TempDir
  static Path data;
  static GitLabSandbox gl;
  static String maintainer;
  static String developer;
  static String stranger;
  static String owner;

  @BeforeAll
  static void start() throws IOException {
    gl = GitLabSandbox.start(GitLabOptions.defaults(data).withVersion("17.9")
        .withClock(Clock.fixed(START, ZoneOffset.UTC)));
    for (String u : List.of("alice", "mia", "dev", "eve")) {
      gl.createUser(u, u + "-password");
    }
    gl.createProject("alice/app", "git", "alice", "private");
    gl.createProject("alice/other", "git", "alice", "private");
    gl.addMember("alice/app", "mia", 40);
    gl.addMember("alice/app", "dev", 30);
    owner = token("alice");
    maintainer = token("mia");
    developer = token("dev");
    stranger = token("eve");
  }

  @AfterAll
  static void stop() {
    if (gl != null) {
      gl.close();
    }
  }

  private static String token(String user) {
    return gl.addPersonalToken(user, "api", List.of("api"), LocalDate.parse("2026-09-01")).token();
  }

  private static Map<String, Object> body(String name, List<String> scopes, Object level, String expiresAt) {
    Map<String, Object> b = new java.util.LinkedHashMap<>();
    b.put("name", name);
    b.put("scopes", scopes);
    if (level != null) {
      b.put("access_level", level);
    }
    if (expiresAt != null) {
      b.put("expires_at", expiresAt);
    }
    return b;
  }

  private static HttpResponse<String> infoRefs(String path, String secret) {
    return Http.send(Http.request(gl.url().toString(), "/" + path + ".git/info/refs?service=git-upload-pack")
        .header("Authorization", Http.basic("any", secret)));
  }

  @Test
  void aMaintainerCreatesATokenWhoseBotHasTheGivenRole() {
    Reply r = GlApi.post(gl, APP, maintainer, body("ci", List.of("read_api", "write_repository"), 30,
        "2026-04-09"));
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json().get("access_level").asInt()).isEqualTo(30);
    assertThat(r.text("expires_at")).isEqualTo("2026-04-09");
    assertThat(r.text("token")).matches("glpat-[A-Za-z0-9_-]{20}");
    long bot = r.json().get("user_id").asLong();
    assertThat(bot).isNotIn(gl.userId("mia"), gl.userId("alice"));
    Reply me = GlApi.get(gl, "/user", r.text("token"));
    assertThat(me.json().get("bot").asBoolean()).isTrue();
    assertThat(me.text("username")).startsWith("project_" + gl.projectId("alice/app") + "_bot_");
    assertThat(infoRefs("alice/app", r.text("token")).statusCode()).isEqualTo(200);
    TokenView view = gl.token(r.id()).orElseThrow();
    assertThat(view.projectPath()).isEqualTo("alice/app");
    assertThat(view.accessLevel()).isEqualTo(30);
  }

  @Test
  void theAccessLevelDefaultsToMaintainer() {
    Reply r = GlApi.post(gl, APP, owner, body("default", List.of("read_api"), null, "2026-04-01"));
    assertThat(r.json().get("access_level").asInt()).isEqualTo(40);
  }

  @Test
  void aDeveloperMayNotCreateAProjectTokenAndANonMemberDoesNotSeeTheProject() {
    Reply dev = GlApi.post(gl, APP, developer, body("x", List.of("read_repository"), 30, "2026-04-01"));
    assertThat(dev.status()).isEqualTo(400);
    assertThat(dev.message()).isEqualTo("400 Bad request - User does not have permission to create project access token");
    Reply outsider = GlApi.post(gl, APP, stranger, body("x", List.of("read_repository"), 30, "2026-04-01"));
    assertThat(outsider.status()).isEqualTo(404);
    assertThat(outsider.message()).isEqualTo("404 Project Not Found");
  }

  @Test
  void aMaintainerCannotGiveOwnerOrMoreThanTheirOwnRole() {
    Reply ownerLevel = GlApi.post(gl, APP, maintainer, body("x", List.of("api"), 50, "2026-04-01"));
    assertThat(ownerLevel.message()).isEqualTo("400 Bad request - Could not provision owner access to project access token");
    assertThat(GlApi.post(gl, APP, owner, body("x", List.of("api"), 50, "2026-04-01")).status()).isEqualTo(201);
    Reply badLevel = GlApi.post(gl, APP, owner, body("x", List.of("api"), 35, "2026-04-01"));
    assertThat(badLevel.error()).isEqualTo("access_level does not have a valid value");
  }

  @Test
  void expiryIsCappedAtTheMaximumLifetimeAndScopesAreChecked() {
    Reply tooLong = GlApi.post(gl, APP, maintainer, body("x", List.of("api"), 30, "2027-03-11"));
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.message()).isEqualTo("400 Bad request - Expiration date must be before 2027-03-10");
    assertThat(GlApi.post(gl, APP, maintainer, body("x", List.of("api"), 30, "2027-03-10")).status()).isEqualTo(201);
    Reply defaulted = GlApi.post(gl, APP, maintainer, body("x", List.of("api"), 30, null));
    assertThat(defaulted.text("expires_at")).isEqualTo("2027-03-10");
    Reply badScope = GlApi.post(gl, APP, maintainer, body("x", List.of("sudo"), 30, "2026-04-01"));
    assertThat(badScope.status()).isEqualTo(400);
    assertThat(badScope.error()).isEqualTo("scopes does not have a valid value");
    Reply missing = GlApi.post(gl, APP, maintainer, Map.of());
    assertThat(missing.error()).isEqualTo("name is missing, scopes is missing");
  }

  @Test
  void listingAndReadingNeedMaintainerAndShowRevokedTokensToo() {
    Reply made = GlApi.post(gl, APP, maintainer, body("listed", List.of("read_repository"), 20, "2026-04-01"));
    assertThat(GlApi.delete(gl, APP + "/" + made.id(), maintainer).status()).isEqualTo(204);
    Reply list = GlApi.get(gl, APP + "?per_page=100", maintainer);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().findValuesAsText("name")).contains("listed");
    Reply inactive = GlApi.get(gl, APP + "?state=inactive&per_page=100", maintainer);
    inactive.json().forEach(t -> assertThat(t.get("active").asBoolean()).isFalse());
    assertThat(inactive.json().findValuesAsText("id")).contains(String.valueOf(made.id()));

    assertThat(GlApi.get(gl, APP, developer).status()).isEqualTo(401);
    assertThat(GlApi.get(gl, APP, stranger).message()).isEqualTo("404 Project Not Found");
    Reply one = GlApi.get(gl, APP + "/" + made.id(), maintainer);
    assertThat(one.json().get("revoked").asBoolean()).isTrue();
    Reply none = GlApi.get(gl, APP + "/999999", maintainer);
    assertThat(none.message()).isEqualTo("404 Could not find project access token with token_id: 999999 Not Found");
  }

  @Test
  void aProjectTokenReadsItselfWithSelf() {
    Reply made = GlApi.post(gl, APP, maintainer, body("me", List.of("read_api"), 20, "2026-04-01"));
    Reply self = GlApi.get(gl, APP + "/self", made.text("token"));
    assertThat(self.status()).isEqualTo(200);
    assertThat(self.id()).isEqualTo(made.id());
    assertThat(self.json().get("access_level").asInt()).isEqualTo(20);
  }

  @Test
  void aMaintainerRotatesAProjectTokenAndOnlyTheNewOneWorks() {
    Reply made = GlApi.post(gl, APP, maintainer, body("rot", List.of("read_repository"), 30, "2026-04-01"));
    Reply byDeveloper = GlApi.post(gl, APP + "/" + made.id() + "/rotate", developer, Map.of());
    assertThat(byDeveloper.status()).isEqualTo(401);
    Reply rotated = GlApi.post(gl, APP + "/" + made.id() + "/rotate", maintainer, Map.of("expires_at", "2026-05-01"));
    assertThat(rotated.status()).isEqualTo(200);
    assertThat(rotated.text("expires_at")).isEqualTo("2026-05-01");
    assertThat(rotated.json().get("access_level").asInt()).isEqualTo(30);
    assertThat(infoRefs("alice/app", made.text("token")).statusCode()).isEqualTo(401);
    assertThat(infoRefs("alice/app", rotated.text("token")).statusCode()).isEqualTo(200);
    List<TokenView> live = gl.projectTokens("alice/app").stream().filter(t -> t.name().equals("rot") && t.active())
        .toList();
    assertThat(live).hasSize(1);
    assertThat(live.get(0).id()).isEqualTo(rotated.id());
    assertThat(live.get(0).previousId()).isEqualTo(made.id());
  }

  @Test
  void aMaintainerMayNotRotateATokenAboveTheirRole() {
    IssuedGitLabToken ownerLevel = gl.addProjectToken("alice/app", "high", List.of("api"), 50,
        LocalDate.parse("2026-04-01"));
    Reply r = GlApi.post(gl, APP + "/" + ownerLevel.id() + "/rotate", maintainer, Map.of());
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.message()).isEqualTo("400 Bad request - Not eligible to rotate token with access level higher than the user");
    assertThat(gl.token(ownerLevel.id()).orElseThrow().active()).isTrue();
  }

  @Test
  void aProjectTokenRotatesItselfAndReuseRevokesTheFamily() {
    IssuedGitLabToken pt = gl.addProjectToken("alice/app", "self", List.of("self_rotate", "read_repository"), 20,
        LocalDate.parse("2026-04-01"));
    Reply next = GlApi.post(gl, APP + "/self/rotate", pt.token(), Map.of());
    assertThat(next.status()).isEqualTo(200);
    assertThat(next.text("expires_at")).isEqualTo("2026-03-17");
    assertThat(infoRefs("alice/app", next.text("token")).statusCode()).isEqualTo(200);
    Reply reuse = GlApi.post(gl, APP + "/self/rotate", pt.token(), Map.of());
    assertThat(reuse.status()).isEqualTo(401);
    assertThat(gl.token(next.id()).orElseThrow().revoked()).isTrue();
    assertThat(infoRefs("alice/app", next.text("token")).statusCode()).isEqualTo(401);
  }

  @Test
  void selfRotationOfAProjectTokenIsForProjectTokens() {
    Reply r = GlApi.post(gl, APP + "/self/rotate", maintainer, Map.of());
    assertThat(r.status()).isEqualTo(405);
    assertThat(r.message()).isEqualTo("405 Method Not Allowed");
    IssuedGitLabToken other = gl.addProjectToken("alice/other", "o", List.of("api"), 40, LocalDate.parse("2026-04-01"));
    assertThat(GlApi.post(gl, APP + "/self/rotate", other.token(), Map.of()).status()).isEqualTo(404);
  }

  @Test
  void aProjectTokenCannotMintProjectTokensEvenAsMaintainer() {
    IssuedGitLabToken pt = gl.addProjectToken("alice/app", "bot", List.of("api"), 40, LocalDate.parse("2026-04-01"));
    Reply r = GlApi.post(gl, APP, pt.token(), body("x", List.of("read_repository"), 20, "2026-04-01"));
    assertThat(r.message()).isEqualTo("400 Bad request - User does not have permission to create project access token");
  }

  @Test
  void revokingAProjectTokenNeedsMaintainer() {
    Reply made = GlApi.post(gl, APP, maintainer, body("rev", List.of("read_repository"), 20, "2026-04-01"));
    Reply byDev = GlApi.delete(gl, APP + "/" + made.id(), developer);
    assertThat(byDev.status()).isEqualTo(400);
    assertThat(gl.token(made.id()).orElseThrow().active()).isTrue();
    assertThat(GlApi.delete(gl, APP + "/" + made.id(), maintainer).status()).isEqualTo(204);
    assertThat(infoRefs("alice/app", made.text("token")).statusCode()).isEqualTo(401);
  }

  @Test
  void projectsAreFoundByIdOrUrlEncodedPath() {
    long id = gl.projectId("alice/app");
    Reply byId = GlApi.get(gl, "/projects/" + id, maintainer);
    assertThat(byId.text("path_with_namespace")).isEqualTo("alice/app");
    assertThat(byId.json().get("permissions").get("project_access").get("access_level").asInt()).isEqualTo(40);
    Reply byPath = GlApi.get(gl, "/projects/alice%2Fapp", maintainer);
    assertThat(byPath.id()).isEqualTo(id);
    assertThat(GlApi.get(gl, "/projects/alice%2Fapp", stranger).message()).isEqualTo("404 Project Not Found");
    assertThat(GlApi.get(gl, "/projects/alice%2Fapp", null).status()).isEqualTo(404);
  }
}
