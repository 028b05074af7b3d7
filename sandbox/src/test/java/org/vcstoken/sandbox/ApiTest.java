package org.vcstoken.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON-RPC at /_admin/api: envelope, RhodeCode's error texts, methods, robustness. */
class ApiTest {
  @TempDir
  static Path data;
  static Sandbox sandbox;
  static String admin;

  @BeforeAll
  static void start() throws IOException {
    sandbox = Sandbox.start(SandboxOptions.defaults(data).withAuthCacheTtl(Duration.ZERO));
    admin = sandbox.adminToken();
  }

  @AfterAll
  static void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  private static String error(HttpResponse<String> r) throws IOException {
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode n = Http.JSON.readTree(r.body());
    assertThat(n.has("id")).isTrue();
    assertThat(n.get("result").isNull()).isTrue();
    return n.get("error").asText();
  }

  @Test
  void adminTokenIs40HexWithRoleAllNeverExpiring() {
    assertThat(admin).matches("[0-9a-f]{40}");
    JsonNode me = Http.rpcOk(sandbox, admin, "get_user", Map.of());
    assertThat(me.get("username").asText()).isEqualTo("admin");
    assertThat(me.get("admin").asBoolean()).isTrue();
    assertThat(me.get("auth_tokens").toString()).contains(admin);
  }

  @Test
  void envelopeEchoesIdAndHasResultAndError() {
    JsonNode r = Http.rpc(sandbox, admin, "get_user", Map.of());
    assertThat(r.get("id").asInt()).isEqualTo(7);
    assertThat(r.get("error").isNull()).isTrue();
    assertThat(r.get("result").isObject()).isTrue();
  }

  @Test
  void createUserRepoGrantAndGetRepo() {
    JsonNode u = Http.rpcOk(sandbox, admin, "create_user",
        Map.of("username", "api-user", "email", "api-user@example.test", "password", "pw"));
    assertThat(u.get("msg").asText()).isEqualTo("created new user `api-user`");
    JsonNode created = Http.rpcOk(sandbox, admin, "create_repo",
        Map.of("repo_name", "apigrp/r1", "repo_type", "git", "owner", "admin"));
    assertThat(created.get("success").asBoolean()).isTrue();
    JsonNode granted = Http.rpcOk(sandbox, admin, "grant_user_permission",
        Map.of("repoid", "apigrp/r1", "userid", "api-user", "perm", "repository.write"));
    assertThat(granted.get("msg").asText()).contains("repository.write").contains("api-user");
    JsonNode repo = Http.rpcOk(sandbox, admin, "get_repo", Map.of("repoid", sandbox.repoId("apigrp/r1")));
    assertThat(repo.get("repo_name").asText()).isEqualTo("apigrp/r1");
    assertThat(repo.get("repo_type").asText()).isEqualTo("git");
    assertThat(repo.get("permissions").toString()).contains("api-user").contains("repository.write");
    assertThat(Http.rpc(sandbox, admin, "create_user",
        Map.of("username", "api-user", "email", "other@example.test")).get("error").asText())
        .isEqualTo("user `api-user` already exist");
  }

  @Test
  void sandboxTokenMethodsAddListAndDelete() {
    sandbox.createUser("tok-user", "pw");
    sandbox.createRepo("tok-repo", "git", "tok-user");
    JsonNode t = Http.rpcOk(sandbox, admin, "sandbox_add_auth_token", Map.of("userid", "tok-user",
        "role", "token_role_vcs", "lifetime", 60, "description", "d", "scope_repo", "tok-repo"));
    assertThat(t.get("auth_token").asText()).matches("[0-9a-f]{40}");
    assertThat(t.get("expires").isDouble()).isTrue();
    assertThat(t.get("expires").asDouble()).isGreaterThan(Instant.now().getEpochSecond() + 3500);
    JsonNode user = Http.rpcOk(sandbox, admin, "get_user", Map.of("userid", "tok-user"));
    assertThat(user.get("auth_tokens").toString()).contains(t.get("auth_token").asText());
    Http.rpcOk(sandbox, admin, "sandbox_delete_auth_token", Map.of("id", t.get("id").asLong()));
    assertThat(Http.rpcOk(sandbox, admin, "get_user", Map.of("userid", "tok-user")).get("auth_tokens").size())
        .as("only the feed token every new user gets").isEqualTo(1);
  }

  @Test
  void setTimeExpiresApiTokens() {
    sandbox.createUser("time-user", "pw");
    JsonNode t = Http.rpcOk(sandbox, admin, "sandbox_add_auth_token", Map.of("userid", "time-user",
        "role", "token_role_api", "lifetime", 5, "description", "short"));
    String token = t.get("auth_token").asText();
    assertThat(Http.rpcOk(sandbox, token, "get_user", Map.of()).get("username").asText()).isEqualTo("time-user");
    Instant before = sandbox.now();
    try {
      Http.rpcOk(sandbox, admin, "sandbox_set_time", Map.of("epoch", t.get("expires").asDouble() + 1));
      assertThat(Http.rpc(sandbox, token, "get_user", Map.of()).get("error").asText()).isEqualTo("Invalid API KEY");
    } finally {
      sandbox.setTime(before);
    }
  }

  @Test
  void normalUserMayGetOnlyThemselvesAndNotSeed() {
    sandbox.createUser("plain", "pw");
    sandbox.createUser("someone", "pw");
    String token = sandbox.addToken("plain", "token_role_api", -1, "", null).token();
    assertThat(Http.rpc(sandbox, token, "get_user", Map.of("userid", "someone")).get("error").asText())
        .isEqualTo("userid is not the same as your user");
    // RhodeCode compares the argument with the caller's numeric id as given.
    assertThat(Http.rpc(sandbox, token, "get_user", Map.of("userid", "plain")).get("error").asText())
        .as("even their own name").isEqualTo("userid is not the same as your user");
    long plainId = Http.rpcOk(sandbox, token, "get_user", Map.of()).get("user_id").asLong();
    assertThat(Http.rpc(sandbox, token, "get_user", Map.of("userid", Long.toString(plainId))).get("error").asText())
        .as("their id as a string").isEqualTo("userid is not the same as your user");
    assertThat(Http.rpcOk(sandbox, token, "get_user", Map.of("userid", plainId)).get("username").asText())
        .isEqualTo("plain");
    assertThat(Http.rpc(sandbox, token, "create_user", Map.of("username", "x", "email", "x@x")).get("error")
        .asText()).isEqualTo("Access was denied to this resource.");
    assertThat(Http.rpc(sandbox, token, "sandbox_set_time", Map.of("epoch", 1)).get("error").asText())
        .isEqualTo("Access was denied to this resource.");
  }

  @Test
  void vcsRoleOrScopedTokenIsBadRoleForApi() {
    sandbox.createUser("vcsonly", "pw");
    sandbox.createRepo("vcsonly-repo", "git", "vcsonly");
    String vcs = sandbox.addToken("vcsonly", "token_role_vcs", -1, "", null).token();
    String scopedAll = sandbox.addToken("vcsonly", "token_role_all", -1, "", "vcsonly-repo").token();
    for (String t : new String[] {vcs, scopedAll}) {
      assertThat(Http.rpc(sandbox, t, "get_user", Map.of()).get("error").asText())
          .isEqualTo("API KEY invalid or, has bad role for an API call");
    }
    assertThat(Http.rpc(sandbox, "1".repeat(40), "get_user", Map.of()).get("error").asText())
        .isEqualTo("Invalid API KEY");
  }

  @Test
  void missingKeysUnknownMethodsAndMissingArgs() throws IOException {
    assertThat(error(Http.postRaw(sandbox, "/_admin/api", "{\"id\":1,\"method\":\"get_user\",\"args\":{}}")))
        .isEqualTo("Incorrect JSON data. Missing 'api_key or auth_token'");
    assertThat(error(Http.postRaw(sandbox, "/_admin/api", "{\"auth_token\":\"" + admin + "\",\"id\":1,\"args\":{}}")))
        .isEqualTo("Incorrect JSON data. Missing 'method'");
    assertThat(error(Http.postRaw(sandbox, "/_admin/api",
        "{\"api_key\":\"" + admin + "\",\"id\":1,\"method\":\"get_user\"}")))
        .isEqualTo("Incorrect JSON data. Missing 'args'");
    assertThat(Http.rpc(sandbox, admin, "list_auth_tokens", Map.of()).get("error").asText())
        .startsWith("No such method: list_auth_tokens. ");
    assertThat(Http.rpc(sandbox, admin, "create_repo", Map.of("repo_type", "git")).get("error").asText())
        .isEqualTo("Missing non optional `repo_name` arg in JSON DATA");
    assertThat(Http.rpc(sandbox, admin, "create_repo", Map.of("repo_name", "x", "repo_type", "cvs"))
        .get("error").asText()).contains("cvs");
  }

  @Test
  void garbageHugeAndOddBodiesGetAnErrorAndTheServerKeepsServing() throws IOException {
    assertThat(error(Http.postRaw(sandbox, "/_admin/api", "{not json"))).startsWith("JSON parse error");
    assertThat(error(Http.postRaw(sandbox, "/_admin/api", ""))).startsWith("JSON parse error");
    assertThat(error(Http.postRaw(sandbox, "/_admin/api", "[1,2]"))).startsWith("JSON parse error");
    assertThat(error(Http.postRaw(sandbox, "/_admin/api", "\u0000\u0001\u0002"))).startsWith("JSON parse error");
    assertThat(error(Http.postRaw(sandbox, "/_admin/api", "{\"id\":1,\"auth_token\":\"" + admin
        + "\",\"method\":\"get_user\",\"args\":{\"userid\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}}")))
        .contains("larger than");
    Map<String, Object> nested = new HashMap<>();
    nested.put("userid", Map.of("a", 1));
    assertThat(Http.rpc(sandbox, admin, "get_user", nested).get("error").asText()).contains("must be a number or a string");
    assertThat(Http.rpc(sandbox, admin, "sandbox_delete_auth_token", Map.of("id", "abc")).get("error").asText())
        .contains("integer");
    assertThat(Http.rpcOk(sandbox, admin, "get_user", Map.of()).get("username").asText()).isEqualTo("admin");
  }
}
