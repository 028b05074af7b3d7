package org.vcstoken.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.sandbox.GlApi.Reply;
import org.vcstoken.sandbox.gitlab.GitLabOptions;
import org.vcstoken.sandbox.gitlab.GitLabSandbox;
import org.vcstoken.sandbox.gitlab.IssuedGitLabToken;
import org.vcstoken.sandbox.gitlab.TokenView;

/** The personal access token endpoints of {@code /api/v4}, over real HTTP, on GitLab 17.9. */
class GitLabTokenApiTest {
  static final Instant START = Instant.parse("2026-03-10T12:00:00Z");

  @TempDir
  static Path data;
  static GitLabSandbox gl;

  @BeforeAll
  static void start() throws IOException {
    gl = GitLabSandbox.start(GitLabOptions.defaults(data).withVersion("17.9")
        .withClock(Clock.fixed(START, ZoneOffset.UTC)));
    gl.createUser("alice", "alice-password");
    gl.createUser("bob", "bob-password");
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

  private static IssuedGitLabToken api(String user) {
    return gl.addPersonalToken(user, "api-" + System.nanoTime(), List.of("api"), LocalDate.parse("2026-06-01"));
  }

  @Test
  void versionAndUserNeedAToken() {
    Reply anon = GlApi.get(gl, "/version", null);
    assertThat(anon.status()).isEqualTo(401);
    assertThat(anon.message()).isEqualTo("401 Unauthorized");
    String t = api("alice").token();
    Reply v = GlApi.get(gl, "/version", t);
    assertThat(v.status()).isEqualTo(200);
    assertThat(v.text("version")).isEqualTo("17.9.0");
    Reply user = GlApi.get(gl, "/user", t);
    assertThat(user.text("username")).isEqualTo("alice");
    assertThat(user.json().get("bot").asBoolean()).isFalse();
  }

  @Test
  void theTokenMayComeAsPrivateTokenOrAsBearer() {
    String t = api("alice").token();
    assertThat(GlApi.call(gl, "GET", "/user", Map.of("Authorization", "Bearer " + t), null).text("username"))
        .isEqualTo("alice");
    assertThat(GlApi.get(gl, "/user?private_token=" + t, null).text("username")).isEqualTo("alice");
  }

  @Test
  void anUnknownTokenIs401UnauthorizedAndAnExpiredOrRevokedOneTheOAuthError() {
    Reply unknown = GlApi.get(gl, "/user", "glpat-aaaaaaaaaaaaaaaaaaaa");
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(unknown.message()).isEqualTo("401 Unauthorized");

    IssuedGitLabToken expired = gl.addPersonalToken("alice", "old", List.of("api"), LocalDate.parse("2026-03-10"));
    Reply e = GlApi.get(gl, "/personal_access_tokens/self", expired.token());
    assertThat(e.status()).isEqualTo(401);
    assertThat(e.error()).isEqualTo("invalid_token");
    assertThat(e.text("error_description"))
        .isEqualTo("Token is expired. You can either do re-authorization or token refresh.");
    Reply rotateExpired = GlApi.post(gl, "/personal_access_tokens/self/rotate", expired.token(), Map.of());
    assertThat(rotateExpired.status()).isEqualTo(401);
    assertThat(rotateExpired.error()).isEqualTo("invalid_token");
    assertThat(gl.token(expired.id()).orElseThrow().revoked()).isFalse();
    assertThat(e.raw().headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"Protected by OAuth 2.0\", "
        + "error=\"invalid_token\", error_description=\"Token is expired. You can either do re-authorization or "
        + "token refresh.\"");

    IssuedGitLabToken revoked = api("alice");
    gl.revokeToken(revoked.id());
    Reply r = GlApi.get(gl, "/user", revoked.token());
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.text("error_description")).isEqualTo("Token was revoked. You have to re-authorize from the user.");
  }

  @Test
  void aTokenStopsAtMidnightUtcOfItsExpiryDate() {
    IssuedGitLabToken t = gl.addPersonalToken("alice", "day", List.of("read_api"), LocalDate.parse("2026-03-11"));
    gl.setTime(Instant.parse("2026-03-10T23:59:59.999Z"));
    Reply before = GlApi.get(gl, "/personal_access_tokens/self", t.token());
    assertThat(before.status()).isEqualTo(200);
    assertThat(before.json().get("active").asBoolean()).isTrue();
    assertThat(before.text("expires_at")).isEqualTo("2026-03-11");
    gl.setTime(Instant.parse("2026-03-11T00:00:00Z"));
    assertThat(GlApi.get(gl, "/personal_access_tokens/self", t.token()).status()).isEqualTo(401);
    assertThat(gl.token(t.id()).orElseThrow().active()).isFalse();
  }

  @Test
  void selfDescribesTheTokenInGitLabsShape() {
    IssuedGitLabToken t = gl.addPersonalToken("alice", "shape", List.of("read_user"), LocalDate.parse("2026-04-01"));
    JsonNode j = GlApi.get(gl, "/personal_access_tokens/self", t.token()).json();
    List<String> fields = new ArrayList<>();
    j.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("id", "name", "revoked", "created_at", "description", "scopes", "user_id",
        "last_used_at", "active", "expires_at");
    assertThat(j.get("id").asLong()).isEqualTo(t.id());
    assertThat(j.get("scopes").get(0).asText()).isEqualTo("read_user");
    assertThat(j.get("user_id").asLong()).isEqualTo(gl.userId("alice"));
    assertThat(j.get("created_at").asText()).isEqualTo("2026-03-10T12:00:00.000Z");
    assertThat(t.token()).matches("glpat-[A-Za-z0-9_-]{20}");
  }

  @Test
  void anEndpointOutsideTheTokensScopesIs403InsufficientScope() {
    IssuedGitLabToken t = gl.addPersonalToken("alice", "ru", List.of("read_user"), LocalDate.parse("2026-04-01"));
    Reply r = GlApi.get(gl, "/personal_access_tokens", t.token());
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.error()).isEqualTo("insufficient_scope");
    assertThat(r.text("scope")).isEqualTo("api read_api");
  }

  @Test
  void listingShowsOnlyOwnTokensAndFilters() {
    IssuedGitLabToken a = api("alice");
    IssuedGitLabToken gone = gl.addPersonalToken("alice", "to-revoke", List.of("api"), LocalDate.parse("2026-05-01"));
    gl.revokeToken(gone.id());
    api("bob");
    Reply all = GlApi.get(gl, "/personal_access_tokens?per_page=100", a.token());
    assertThat(all.status()).isEqualTo(200);
    all.json().forEach(t -> assertThat(t.get("user_id").asLong()).isEqualTo(gl.userId("alice")));
    assertThat(all.raw().headers().firstValue("X-Total")).isPresent();

    Reply revoked = GlApi.get(gl, "/personal_access_tokens?revoked=true&per_page=100", a.token());
    assertThat(revoked.json()).isNotEmpty();
    revoked.json().forEach(t -> assertThat(t.get("revoked").asBoolean()).isTrue());
    Reply active = GlApi.get(gl, "/personal_access_tokens?state=active&search=TO-REV", a.token());
    assertThat(active.json()).isEmpty();
    Reply inactive = GlApi.get(gl, "/personal_access_tokens?state=inactive&search=to-rev", a.token());
    assertThat(inactive.json()).hasSize(1);

    Reply other = GlApi.get(gl, "/personal_access_tokens?user_id=" + gl.userId("bob"), a.token());
    assertThat(other.status()).isEqualTo(401);
    Reply bad = GlApi.get(gl, "/personal_access_tokens?state=gone", a.token());
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.error()).isEqualTo("state does not have a valid value");

    Reply asAdmin = GlApi.get(gl, "/personal_access_tokens?user_id=" + gl.userId("bob"), gl.adminToken());
    assertThat(asAdmin.json()).isNotEmpty();
    asAdmin.json().forEach(t -> assertThat(t.get("user_id").asLong()).isEqualTo(gl.userId("bob")));
  }

  @Test
  void getByIdIsOwnOnlyAnd401ForSomeoneElses() {
    IssuedGitLabToken a = api("alice");
    IssuedGitLabToken b = api("bob");
    Reply own = GlApi.get(gl, "/personal_access_tokens/" + a.id(), a.token());
    assertThat(own.status()).isEqualTo(200);
    assertThat(own.json().get("last_used_ips")).isNotNull();
    assertThat(GlApi.get(gl, "/personal_access_tokens/" + b.id(), a.token()).status()).isEqualTo(401);
    assertThat(GlApi.get(gl, "/personal_access_tokens/999999", a.token()).status()).isEqualTo(401);
    assertThat(GlApi.get(gl, "/personal_access_tokens/999999", gl.adminToken()).status()).isEqualTo(404);
  }

  @Test
  void deletingSelfRevokesTheTokenWith204() {
    IssuedGitLabToken t = gl.addPersonalToken("alice", "bye", List.of("read_repository"), LocalDate.parse("2026-04-01"));
    Reply r = GlApi.delete(gl, "/personal_access_tokens/self", t.token());
    assertThat(r.status()).isEqualTo(204);
    assertThat(gl.token(t.id()).orElseThrow().revoked()).isTrue();
    assertThat(GlApi.get(gl, "/personal_access_tokens/self", t.token()).status()).isEqualTo(401);
  }

  @Test
  void deletingByIdIsForOwnTokensOnly() {
    IssuedGitLabToken a = api("alice");
    IssuedGitLabToken b = api("bob");
    assertThat(GlApi.delete(gl, "/personal_access_tokens/" + b.id(), a.token()).status()).isEqualTo(400);
    assertThat(GlApi.delete(gl, "/personal_access_tokens/999999", a.token()).message()).isEqualTo("404 Not found");
    IssuedGitLabToken mine = api("alice");
    assertThat(GlApi.delete(gl, "/personal_access_tokens/" + mine.id(), a.token()).status()).isEqualTo(204);
    assertThat(gl.token(mine.id()).orElseThrow().revoked()).isTrue();
  }

  @Test
  void rotatingByIdRevokesTheOldTokenAndDefaultsToAWeek() {
    IssuedGitLabToken admin = api("alice");
    IssuedGitLabToken t = gl.addPersonalToken("alice", "rot", List.of("read_repository"), LocalDate.parse("2026-04-01"));
    Reply r = GlApi.post(gl, "/personal_access_tokens/" + t.id() + "/rotate", admin.token(), Map.of());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text("expires_at")).isEqualTo("2026-03-17");
    assertThat(r.text("name")).isEqualTo("rot");
    assertThat(r.text("token")).startsWith("glpat-").isNotEqualTo(t.token());
    assertThat(r.json().get("scopes").get(0).asText()).isEqualTo("read_repository");
    assertThat(gl.token(t.id()).orElseThrow().revoked()).isTrue();
    TokenView fresh = gl.token(r.id()).orElseThrow();
    assertThat(fresh.active()).isTrue();
    assertThat(fresh.previousId()).isEqualTo(t.id());
  }

  @Test
  void rotatingHonoursExpiresAtUpToTheMaximumLifetime() {
    IssuedGitLabToken t = api("alice");
    Reply ok = GlApi.post(gl, "/personal_access_tokens/self/rotate", t.token(), Map.of("expires_at", "2027-03-10"));
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.text("expires_at")).isEqualTo("2027-03-10");
    String next = ok.text("token");
    Reply tooLate = GlApi.post(gl, "/personal_access_tokens/self/rotate", next, Map.of("expires_at", "2027-03-11"));
    assertThat(tooLate.status()).isEqualTo(400);
    assertThat(tooLate.message()).isEqualTo("400 Bad request - Expiration date must be before 2027-03-10");
    // A refused rotation changes nothing: the token still works.
    assertThat(GlApi.get(gl, "/personal_access_tokens/self", next).status()).isEqualTo(200);
  }

  @Test
  void reusingARevokedTokenToRotateRevokesTheWholeFamily() {
    IssuedGitLabToken first = api("alice");
    Reply second = GlApi.post(gl, "/personal_access_tokens/self/rotate", first.token(), Map.of());
    Reply third = GlApi.post(gl, "/personal_access_tokens/self/rotate", second.text("token"), Map.of());
    assertThat(third.status()).isEqualTo(200);
    assertThat(gl.token(third.id()).orElseThrow().active()).isTrue();

    Reply reuse = GlApi.post(gl, "/personal_access_tokens/self/rotate", first.token(), Map.of());
    assertThat(reuse.status()).isEqualTo(401);
    assertThat(reuse.text("error_description")).isEqualTo("Token was revoked. You have to re-authorize from the user.");
    assertThat(gl.token(third.id()).orElseThrow().revoked()).isTrue();
    assertThat(GlApi.get(gl, "/user", third.text("token")).status()).isEqualTo(401);
  }

  @Test
  void reuseOnTheRotateByIdPathRevokesTheFamilyToo() {
    IssuedGitLabToken first = api("alice");
    Reply second = GlApi.post(gl, "/personal_access_tokens/" + first.id() + "/rotate", first.token(), Map.of());
    assertThat(second.status()).isEqualTo(200);
    Reply reuse = GlApi.post(gl, "/personal_access_tokens/" + first.id() + "/rotate", first.token(), Map.of());
    assertThat(reuse.status()).isEqualTo(401);
    assertThat(gl.token(second.id()).orElseThrow().revoked()).isTrue();
  }

  @Test
  void aRevokedTokenUsedAnywhereElseDoesNotRevokeTheFamily() {
    IssuedGitLabToken first = api("alice");
    Reply second = GlApi.post(gl, "/personal_access_tokens/self/rotate", first.token(), Map.of());
    assertThat(GlApi.get(gl, "/personal_access_tokens/self", first.token()).status()).isEqualTo(401);
    assertThat(gl.token(second.id()).orElseThrow().active()).isTrue();
  }

  @Test
  void rotatingARevokedTokenByIdWithAnotherTokenIs400AndLeavesTheFamilyAlone() {
    IssuedGitLabToken other = api("alice");
    IssuedGitLabToken first = api("alice");
    Reply second = GlApi.post(gl, "/personal_access_tokens/self/rotate", first.token(), Map.of());
    Reply again = GlApi.post(gl, "/personal_access_tokens/" + first.id() + "/rotate", other.token(), Map.of());
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.message()).isEqualTo("400 Bad request - Token already revoked");
    assertThat(gl.token(second.id()).orElseThrow().active()).isTrue();
    assertThat(gl.personalTokens("alice").stream().filter(t -> t.name().equals(second.text("name"))
        && t.active())).hasSize(1);
  }

  @Test
  void selfRotateNeedsApiOrSelfRotateScope() {
    IssuedGitLabToken readOnly = gl.addPersonalToken("alice", "ro", List.of("read_api"), LocalDate.parse("2026-04-01"));
    Reply r = GlApi.post(gl, "/personal_access_tokens/self/rotate", readOnly.token(), Map.of());
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.text("scope")).isEqualTo("api self_rotate api read_api");
    IssuedGitLabToken self = gl.addPersonalToken("alice", "sr", List.of("self_rotate", "read_repository"),
        LocalDate.parse("2026-04-01"));
    assertThat(GlApi.post(gl, "/personal_access_tokens/self/rotate", self.token(), Map.of()).status()).isEqualTo(200);
  }

  @Test
  void usersMayCreateOwnTokensOnlyWithK8sProxyOrSelfRotateAndExpiryDefaultsToTomorrow() {
    String t = api("alice").token();
    Reply ok = GlApi.post(gl, "/user/personal_access_tokens", t, Map.of("name", "k8s", "scopes", List.of("k8s_proxy")));
    assertThat(ok.status()).isEqualTo(201);
    assertThat(ok.text("expires_at")).isEqualTo("2026-03-11");
    assertThat(ok.text("token")).startsWith("glpat-");
    Reply api = GlApi.post(gl, "/user/personal_access_tokens", t, Map.of("name", "x", "scopes", List.of("api")));
    assertThat(api.status()).isEqualTo(400);
    assertThat(api.error()).isEqualTo("scopes does not have a valid value");
    Reply missing = GlApi.post(gl, "/user/personal_access_tokens", t, Map.of());
    assertThat(missing.error()).isEqualTo("name is missing, scopes is missing");
    Reply sr = GlApi.post(gl, "/user/personal_access_tokens", t, Map.of("name", "sr", "scopes", "self_rotate"));
    assertThat(sr.status()).isEqualTo(201);
  }

  @Test
  void unknownPathsAreGrapesCatchAll404() {
    Reply r = GlApi.get(gl, "/nothing/here", api("alice").token());
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.error()).isEqualTo("404 Not Found");
  }

  @Test
  void aMalformedJsonBodyIs400() {
    var r = Http.send(Http.request(gl.url().toString(), "/api/v4/user/personal_access_tokens")
        .header("PRIVATE-TOKEN", api("alice").token()).header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{not json")));
    assertThat(r.statusCode()).isEqualTo(400);
  }
}
