package org.vcstoken.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.sandbox.forgejo.Flavor;
import org.vcstoken.sandbox.forgejo.ForgeOptions;
import org.vcstoken.sandbox.forgejo.ForgeSandbox;
import org.vcstoken.sandbox.forgejo.ForgeToken;
import org.vcstoken.sandbox.forgejo.IssuedForgeToken;
import org.vcstoken.sandbox.forgejo.Totp;

/**
 * The token API both forges share, over real HTTP; each rule's expected text is the flavor's
 * own. {@link ForgejoApiTest} and {@link GiteaApiTest} run it and add what only one forge does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ForgeApiContract {
  static final String PW = "correct horse battery";
  Path data;
  ForgeSandbox forge;

  abstract Flavor flavor();

  @BeforeAll
  void start(@TempDir Path dir) throws IOException {
    data = dir;
    forge = ForgeSandbox.start(ForgeOptions.defaults(data, flavor()));
    for (String u : List.of("alice", "bob", "carol", "dave")) {
      forge.createUser(u, PW);
    }
    forge.createRepo("alice", "app");
    forge.createRepo("alice", "lib");
    forge.createRepo("alice", "site", false);
    forge.createRepo("bob", "own");
    forge.addCollaborator("alice", "app", "bob", "read");
  }

  @AfterAll
  void stop() {
    if (forge != null) {
      forge.close();
    }
  }

  // ---- helpers ---------------------------------------------------------------------------

  HttpResponse<String> call(String method, String path, String authorization, String json, String... headers) {
    HttpRequest.Builder b = Http.request(forge.url().toString(), path);
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    return Http.send(b);
  }

  static String basic(String user, String password) {
    return Http.basic(user, password);
  }

  static JsonNode json(HttpResponse<String> r) {
    try {
      return Http.JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + r.body(), e);
    }
  }

  static String message(HttpResponse<String> r) {
    return json(r).get("message").asText();
  }

  HttpResponse<String> create(String user, String auth, String name, String... scopes) {
    return call("POST", "/api/v1/users/" + user + "/tokens", auth,
        "{\"name\":\"" + name + "\",\"scopes\":" + jsonList(scopes) + "}");
  }

  static String jsonList(String... items) {
    StringBuilder b = new StringBuilder("[");
    for (String s : items) {
      b.append(b.length() > 1 ? "," : "").append('"').append(s).append('"');
    }
    return b.append(']').toString();
  }

  String swaggerUrl() {
    return forge.url() + "/api/swagger";
  }

  // ---- version -----------------------------------------------------------------------------

  @Test
  void versionEndpointAnswersTheFlavorsVersionStringWithoutAuthentication() {
    HttpResponse<String> r = call("GET", "/api/v1/version", null, null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json;charset=utf-8");
    assertThat(json(r).get("version").asText()).isEqualTo(flavor().defaultVersion());
  }

  // ---- creating tokens ---------------------------------------------------------------------

  @Test
  void basicPasswordCreatesATokenShownOnceWithIdLastEightAndNormalisedScopes() {
    HttpResponse<String> r = create("alice", basic("alice", PW), "created-once", "read:repository",
        "write:repository");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode t = json(r);
    String secret = t.get("sha1").asText();
    assertThat(secret).matches("[0-9a-f]{40}");
    assertThat(t.get("token_last_eight").asText()).isEqualTo(secret.substring(32));
    assertThat(t.get("name").asText()).isEqualTo("created-once");
    assertThat(t.get("scopes").toString()).isEqualTo("[\"write:repository\"]");
    assertThat(forge.hasToken("alice", t.get("id").asLong())).isTrue();
  }

  @Test
  void theStoreKeepsAHashAndTheLastEightButNeverTheSecret() throws IOException {
    String secret = json(create("alice", basic("alice", PW), "hashed", "read:repository")).get("sha1").asText();
    String state = Files.readString(data.resolve("forge-state.json"), StandardCharsets.UTF_8);
    assertThat(state).doesNotContain(secret).contains(secret.substring(32));
  }

  @Test
  void theUsernameIsCaseInsensitiveForAPasswordLogin() {
    assertThat(create("alice", basic("ALICE", PW), "upper-login", "read:repository").statusCode()).isEqualTo(201);
  }

  @Test
  void aTokenInTheAuthorizationHeaderCannotMintATokenAndGets401() {
    String token = forge.createToken("alice", "header-minter", List.of("all")).secret();
    HttpResponse<String> r = create("alice", "token " + token, "minted-by-header", "read:repository");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(message(r)).isEqualTo(flavor() == Flavor.GITEA ? "auth required" : "auth method not allowed");
    assertThat(json(r).get("url").asText()).isEqualTo(swaggerUrl());
  }

  @Test
  void aRepositoryTokenSentAsTheBasicPasswordLacksWriteUserAndGets403() {
    String token = forge.createToken("alice", "repo-only", List.of("write:repository")).secret();
    HttpResponse<String> r = create("alice", basic("alice", token), "minted-by-repo-token", "read:repository");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(message(r)).isEqualTo(flavor() == Flavor.GITEA
        ? "token does not have at least one of required scope(s), required=[write:user], token scope=write:repository"
        : "token does not have at least one of required scope(s): [write:user]");
  }

  @Test
  void anonymousAndOtherUsersAreRefusedBySelfOrAdminWith403() {
    String msg = "doer should be the site admin or be same as the contextUser";
    HttpResponse<String> anonymous = create("alice", null, "anon", "read:repository");
    assertThat(anonymous.statusCode()).isEqualTo(403);
    assertThat(message(anonymous)).isEqualTo(msg);
    HttpResponse<String> bob = create("alice", basic("bob", PW), "bobs", "read:repository");
    assertThat(bob.statusCode()).isEqualTo(403);
    assertThat(message(bob)).isEqualTo(msg);
  }

  @Test
  void aWrongPasswordIs401WithTheForgesMessage() {
    HttpResponse<String> r = create("alice", basic("alice", "wrong"), "nope", "read:repository");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(message(r)).isEqualTo(flavor() == Flavor.GITEA ? "invalid username, password or token"
        : "user's password is invalid [uid: 2, name: alice]");
    HttpResponse<String> nobody = create("alice", basic("nobody", "pw"), "nope", "read:repository");
    assertThat(message(nobody)).isEqualTo(flavor() == Flavor.GITEA ? "invalid username, password or token"
        : "user does not exist [uid: 0, name: nobody]");
  }

  @Test
  void aDuplicateNameIs400AndNothingIsCreated() {
    assertThat(create("bob", basic("bob", PW), "twice", "read:repository").statusCode()).isEqualTo(201);
    int before = forge.tokens("bob").size();
    HttpResponse<String> r = create("bob", basic("bob", PW), "twice", "read:repository");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(message(r)).isEqualTo("access token name has been used already");
    assertThat(forge.tokens("bob")).hasSize(before);
  }

  @Test
  void noScopeIs400AndAnUnknownScopeNamesIt() {
    HttpResponse<String> none = create("bob", basic("bob", PW), "scopeless");
    assertThat(none.statusCode()).isEqualTo(400);
    assertThat(message(none)).isEqualTo("access token must have a scope");
    HttpResponse<String> bogus = create("bob", basic("bob", PW), "bogus", "repo");
    assertThat(bogus.statusCode()).isEqualTo(400);
    assertThat(message(bogus)).isEqualTo("invalid access token scope provided: invalid access token scope: repo");
  }

  @Test
  void bindingErrorsAre422WithTheFieldName() {
    HttpResponse<String> noName = call("POST", "/api/v1/users/bob/tokens", basic("bob", PW),
        "{\"scopes\":[\"read:repository\"]}");
    assertThat(noName.statusCode()).isEqualTo(422);
    assertThat(message(noName)).isEqualTo("[Name]: Required");
    HttpRequest.Builder b = Http.request(forge.url().toString(), "/api/v1/users/bob/tokens")
        .header("Authorization", basic("bob", PW))
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\",\"scopes\":[\"read:repository\"]}"));
    HttpResponse<String> noType = Http.send(b);
    assertThat(noType.statusCode()).isEqualTo(422);
    assertThat(message(noType)).isEqualTo("[]: Empty Content-Type");
  }

  @Test
  void jsonKeysMatchCaseInsensitivelyAsGoDecodesThem() {
    HttpResponse<String> r = call("POST", "/api/v1/users/bob/tokens", basic("bob", PW),
        "{\"NAME\":\"shouty\",\"Scopes\":[\"read:repository\"]}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(json(r).get("name").asText()).isEqualTo("shouty");
  }

  // ---- two-factor --------------------------------------------------------------------------

  @Test
  void aTotpUserNeedsTheCurrentCodeOnTheSandboxClock() {
    String secret = forge.enrollTotp("carol");
    try {
      HttpResponse<String> without = create("carol", basic("carol", PW), "no-otp", "read:repository");
      assertThat(without.statusCode()).isEqualTo(401);
      assertThat(message(without)).isEqualTo(flavor() == Flavor.GITEA ? "invalid username, password or token"
          : "invalid provided OTP");
      assertThat(withOtp("carol", "wrong-otp", "X-Gitea-OTP", "000000".equals(forge.totpCode("carol"))
          ? "111111" : "000000").statusCode()).isEqualTo(401);

      // Move the server clock an hour on: the code for the real time no longer fits, the one for
      // the sandbox's time does.
      Instant real = forge.now();
      // 5 s into a step an hour on, so the code computed here is still the server's current one.
      forge.setTime(Instant.ofEpochSecond(Math.floorDiv(real.getEpochSecond() + 3600, 30) * 30 + 5));
      assertThat(withOtp("carol", "stale-otp", "X-Gitea-OTP", Totp.code(secret, real)).statusCode()).isEqualTo(401);
      String current = Totp.code(secret, forge.now());
      assertThat(current).isEqualTo(forge.totpCode("carol"));
      HttpResponse<String> ok = withOtp("carol", "with-otp", "X-Gitea-OTP", current);
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
    } finally {
      forge.setTime(Instant.now());
      forge.disableTotp("carol");
    }
  }

  @Test
  void theCodeOfTheStepBeforeIsStillAcceptedButNotTheOneBeforeThat() {
    String secret = forge.enrollTotp("carol");
    try {
      // 5 s into a 30 s step, so the server is still in this step when the request arrives.
      Instant now = Instant.ofEpochSecond(Math.floorDiv(Instant.now().getEpochSecond(), 30) * 30 + 5);
      forge.setTime(now);
      assertThat(withOtp("carol", "skew-1", "X-Gitea-OTP", Totp.code(secret, now.minusSeconds(30))).statusCode())
          .isEqualTo(201);
      assertThat(withOtp("carol", "skew-2", "X-Gitea-OTP", Totp.code(secret, now.minusSeconds(90))).statusCode())
          .isEqualTo(401);
    } finally {
      forge.setTime(Instant.now());
      forge.disableTotp("carol");
    }
  }

  HttpResponse<String> withOtp(String user, String tokenName, String header, String code) {
    return call("POST", "/api/v1/users/" + user + "/tokens", basic(user, PW),
        "{\"name\":\"" + tokenName + "\",\"scopes\":[\"read:repository\"]}", header, code);
  }

  @Test
  void aTotpUserIsAskedForTheCodeOnEveryPasswordApiCallNotOnlyTokenCreation() {
    forge.enrollTotp("carol");
    try {
      assertThat(call("GET", "/api/v1/user", basic("carol", PW), null).statusCode()).isEqualTo(401);
      assertThat(call("GET", "/api/v1/user", basic("carol", PW), null, "X-Gitea-OTP", forge.totpCode("carol"))
          .statusCode()).isEqualTo(200);
    } finally {
      forge.disableTotp("carol");
    }
  }

  @Test
  void aTotpUsersTokenNeedsNoCode() {
    forge.enrollTotp("carol");
    try {
      String token = forge.createToken("carol", "carol-user", List.of("read:user")).secret();
      assertThat(call("GET", "/api/v1/user", basic("carol", token), null).statusCode()).isEqualTo(200);
    } finally {
      forge.disableTotp("carol");
    }
  }

  @Test
  void basicPasswordIsRefusedWhileAWebAuthnKeyIsEnrolled() {
    forge.enrollWebAuthn("dave");
    try {
      HttpResponse<String> r = create("dave", basic("dave", PW), "with-key", "read:repository");
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(message(r)).isEqualTo(flavor() == Flavor.GITEA
          ? "basic authorization is not allowed while WebAuthn enrolled"
          : "Basic authorization is not allowed while having security keys enrolled");
    } finally {
      forge.removeWebAuthn("dave");
    }
  }

  // ---- listing and deleting ----------------------------------------------------------------

  @Test
  void listingShowsNewestFirstWithoutSecretsAndCountsThem() {
    forge.createUser("lister", PW);
    long first = json(create("lister", basic("lister", PW), "first", "read:repository")).get("id").asLong();
    long second = json(create("lister", basic("lister", PW), "second", "read:repository")).get("id").asLong();
    HttpResponse<String> r = call("GET", "/api/v1/users/lister/tokens", basic("lister", PW), null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Total-Count")).contains("2");
    JsonNode list = json(r);
    assertThat(list.get(0).get("id").asLong()).isEqualTo(second);
    assertThat(list.get(1).get("id").asLong()).isEqualTo(first);
    assertThat(list.get(0).get("sha1").asText()).isEmpty();
    assertThat(list.get(0).get("token_last_eight").asText()).hasSize(8);
  }

  @Test
  void deletingByIdAnswers204ThenTheTokenIsGoneAndASecondDeleteIs404() {
    JsonNode t = json(create("bob", basic("bob", PW), "to-delete", "read:repository"));
    long id = t.get("id").asLong();
    HttpResponse<String> r = call("DELETE", "/api/v1/users/bob/tokens/" + id, basic("bob", PW), null);
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(forge.hasToken("bob", id)).isFalse();
    HttpResponse<String> again = call("DELETE", "/api/v1/users/bob/tokens/" + id, basic("bob", PW), null);
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(message(again)).isEqualTo(flavor() == Flavor.GITEA ? "not found" : "The target couldn't be found.");
  }

  @Test
  void deletingByNameWorksAndAnAmbiguousNameIs422() {
    create("bob", basic("bob", PW), "by-name", "read:repository");
    assertThat(call("DELETE", "/api/v1/users/bob/tokens/by-name", basic("bob", PW), null).statusCode())
        .isEqualTo(204);
    assertThat(forge.tokens("bob")).extracting(ForgeToken::name).doesNotContain("by-name");
    // The API refuses duplicate names; two racing creations (here: the seeding API) can still leave two.
    forge.createToken("bob", "dup", List.of("read:repository"));
    forge.createToken("bob", "dup", List.of("read:repository"));
    HttpResponse<String> r = call("DELETE", "/api/v1/users/bob/tokens/dup", basic("bob", PW), null);
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(message(r)).isEqualTo("multiple matches for token name 'dup'");
    assertThat(call("DELETE", "/api/v1/users/bob/tokens/no-such-name", basic("bob", PW), null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void theIdIsParsedLikeGoParseIntWithBaseZero() {
    IssuedForgeToken t = forge.createToken("bob", "hex-id", List.of("read:repository"));
    HttpResponse<String> r = call("DELETE", "/api/v1/users/bob/tokens/0x" + Long.toHexString(t.id()),
        basic("bob", PW), null);
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(forge.hasToken("bob", t.id())).isFalse();
  }

  @Test
  void anotherUsersTokenIdIs404EvenForItsNumber() {
    IssuedForgeToken alices = forge.createToken("alice", "not-bobs", List.of("read:repository"));
    assertThat(call("DELETE", "/api/v1/users/bob/tokens/" + alices.id(), basic("bob", PW), null).statusCode())
        .isEqualTo(404);
    assertThat(forge.hasToken("alice", alices.id())).isTrue();
  }

  @Test
  void deletingWithATokenInTheHeaderIsRefusedLikeCreating() {
    IssuedForgeToken victim = forge.createToken("bob", "victim", List.of("read:repository"));
    String token = forge.createToken("bob", "deleter", List.of("all")).secret();
    HttpResponse<String> r = call("DELETE", "/api/v1/users/bob/tokens/" + victim.id(), "token " + token, null);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(forge.hasToken("bob", victim.id())).isTrue();
  }

  @Test
  void anUnknownUserIs404FromTheRedirectLookup() {
    HttpResponse<String> r = call("GET", "/api/v1/users/ghost/tokens", "token " + forge.adminToken(), null);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(message(r)).isEqualTo("user redirect does not exist [name: ghost]");
  }

  // ---- /user and tokens in the header --------------------------------------------------------

  @Test
  void userNeedsReadUserScopeFromATokenAndATokenFromAnonymous() {
    String repoOnly = forge.createToken("alice", "user-probe", List.of("write:repository")).secret();
    HttpResponse<String> scoped = call("GET", "/api/v1/user", "token " + repoOnly, null);
    assertThat(scoped.statusCode()).isEqualTo(403);
    assertThat(message(scoped)).startsWith("token does not have at least one of required scope(s)")
        .contains("read:user");
    HttpResponse<String> anonymous = call("GET", "/api/v1/user", null, null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(message(anonymous)).isEqualTo("token is required");
    HttpResponse<String> ok = call("GET", "/api/v1/user", "Bearer "
        + forge.createToken("alice", "user-reader", List.of("read:user")).secret(), null);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(json(ok).get("login").asText()).isEqualTo("alice");
  }

  @Test
  void anUnknownHeaderTokenIs401() {
    HttpResponse<String> r = call("GET", "/api/v1/user", "token " + "0".repeat(40), null);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(message(r)).isEqualTo(flavor() == Flavor.GITEA ? "invalid username, password or token"
        : "access token does not exist [sha: " + "0".repeat(40) + "]");
  }

  // ---- admin seeding ---------------------------------------------------------------------------

  @Test
  void theAdminApiCreatesUsersReposAndCollaboratorsWithTheAdminToken() {
    String admin = "token " + forge.adminToken();
    HttpResponse<String> u = call("POST", "/api/v1/admin/users", admin,
        "{\"username\":\"erin\",\"email\":\"erin@example.test\",\"password\":\"erin-password\","
            + "\"must_change_password\":false}");
    assertThat(u.statusCode()).as(u.body()).isEqualTo(201);
    assertThat(json(u).get("login").asText()).isEqualTo("erin");
    HttpResponse<String> repo = call("POST", "/api/v1/admin/users/erin/repos", admin,
        "{\"name\":\"tool\",\"private\":true}");
    assertThat(repo.statusCode()).as(repo.body()).isEqualTo(201);
    assertThat(json(repo).get("full_name").asText()).isEqualTo("erin/tool");
    assertThat(json(repo).get("private").asBoolean()).isTrue();
    HttpResponse<String> again = call("POST", "/api/v1/admin/users/erin/repos", admin, "{\"name\":\"tool\"}");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(message(again)).isEqualTo("The repository with the same name already exists.");
    HttpResponse<String> collab = call("PUT", "/api/v1/repos/erin/tool/collaborators/bob", admin,
        "{\"permission\":\"write\"}");
    assertThat(collab.statusCode()).isEqualTo(204);
    assertThat(create("erin", basic("erin", "erin-password"), "erins", "read:repository").statusCode())
        .isEqualTo(201);
  }

  @Test
  void aUserCreatedByTheAdminApiMustChangeThePasswordUnlessToldOtherwise() {
    HttpResponse<String> u = call("POST", "/api/v1/admin/users", "token " + forge.adminToken(),
        "{\"username\":\"frank\",\"email\":\"frank@example.test\",\"password\":\"frank-password\"}");
    assertThat(u.statusCode()).isEqualTo(201);
    HttpResponse<String> r = create("frank", basic("frank", "frank-password"), "blocked", "read:repository");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(message(r)).isEqualTo("You must change your password. Change it at: " + forge.url()
        + "//user/change_password");
  }

  @Test
  void theAdminApiNeedsASiteAdmin() {
    HttpResponse<String> r = call("POST", "/api/v1/admin/users", basic("alice", PW),
        "{\"username\":\"gina\",\"email\":\"gina@example.test\",\"password\":\"gina-password\"}");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(message(r)).isEqualTo("user should be the site admin");
    HttpResponse<String> anonymous = call("POST", "/api/v1/admin/users", null, "{}");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(message(anonymous)).isEqualTo("token is required");
  }

  @Test
  void theControlEndpointsMoveTheClockAndShowTokensToTheAdminOnly() {
    HttpResponse<String> denied = call("GET", "/_sandbox/users/alice/tokens", basic("alice", PW), null);
    assertThat(denied.statusCode()).isEqualTo(401);
    Instant target = Instant.parse("2031-05-06T07:08:09Z");
    HttpResponse<String> moved = call("POST", "/_sandbox/time", "token " + forge.adminToken(),
        "{\"epoch\":" + target.getEpochSecond() + "}");
    try {
      assertThat(moved.statusCode()).isEqualTo(200);
      assertThat(forge.now()).isBetween(target, target.plusSeconds(60));
    } finally {
      forge.setTime(Instant.now());
    }
    IssuedForgeToken t = forge.createToken("alice", "shown-to-admin", List.of("read:repository"));
    HttpResponse<String> list = call("GET", "/_sandbox/users/alice/tokens", "token " + forge.adminToken(), null);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains("\"shown-to-admin\"").doesNotContain(t.secret());
  }

  @Test
  void theControlEndpointsEnrolTotpAndTellTheCurrentCode() {
    String admin = "token " + forge.adminToken();
    HttpResponse<String> enrolled = call("PUT", "/_sandbox/users/dave/totp", admin, "{}");
    try {
      assertThat(enrolled.statusCode()).isEqualTo(200);
      String code = json(call("GET", "/_sandbox/users/dave/totp", admin, null)).get("code").asText();
      assertThat(code).matches("\\d{6}");
      assertThat(call("GET", "/api/v1/user", basic("dave", PW), null, "X-Gitea-OTP", code).statusCode())
          .isEqualTo(200);
    } finally {
      forge.disableTotp("dave");
    }
  }

}
