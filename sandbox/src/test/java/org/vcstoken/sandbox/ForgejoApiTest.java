package org.vcstoken.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vcstoken.sandbox.forgejo.Flavor;
import org.vcstoken.sandbox.forgejo.ForgeToken;

/** The token API as Forgejo answers it, including what only Forgejo does. */
class ForgejoApiTest extends ForgeApiContract {
  @Override
  Flavor flavor() {
    return Flavor.FORGEJO;
  }

  @Test
  void forgejosOwnVersionEndpointAnswersTheSameVersion() {
    HttpResponse<String> r = call("GET", "/api/forgejo/v1/version", null, null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("version").asText()).isEqualTo("15.0.3+gitea-1.22.0");
  }

  @Test
  void theForgejoOtpHeaderIsReadFirstAndGiteasIsTheFallback() {
    forge.enrollTotp("carol");
    try {
      String code = forge.totpCode("carol");
      assertThat(withOtp("carol", "fj-header", "X-Forgejo-OTP", code).statusCode()).isEqualTo(201);
      assertThat(call("POST", "/api/v1/users/carol/tokens", basic("carol", PW),
          "{\"name\":\"fj-first\",\"scopes\":[\"read:repository\"]}", "X-Forgejo-OTP", "000000".equals(code)
              ? "111111" : "000000", "X-Gitea-OTP", code).statusCode()).isEqualTo(401);
    } finally {
      forge.disableTotp("carol");
    }
  }

  @Test
  void evenATokenWithWriteUserSentAsTheBasicPasswordCannotMintATokenSinceItIsNoPasswordLogin() {
    String token = forge.createToken("alice", "basic-minter", List.of("write:user")).secret();
    HttpResponse<String> r = create("alice", basic("alice", token), "minted-by-basic-token", "read:repository");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(message(r)).isEqualTo("auth method not allowed");
  }

  @Test
  void listingNeedsNoBasicAuthSoAUserScopedTokenMayList() {
    String token = forge.createToken("alice", "lister-token", List.of("read:user")).secret();
    HttpResponse<String> r = call("GET", "/api/v1/users/alice/tokens", "token " + token, null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"lister-token\"");
  }

  @Test
  void repositoriesMakeARepositorySpecificTokenAndAreEchoed() {
    HttpResponse<String> r = call("POST", "/api/v1/users/alice/tokens", basic("alice", PW),
        "{\"name\":\"only-app\",\"scopes\":[\"write:repository\"],"
            + "\"repositories\":[{\"owner\":\"Alice\",\"name\":\"APP\"}]}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode repos = json(r).get("repositories");
    assertThat(repos.size()).isEqualTo(1);
    assertThat(repos.get(0).get("owner").asText()).isEqualTo("alice");
    assertThat(repos.get(0).get("name").asText()).isEqualTo("app");
    assertThat(repos.get(0).get("full_name").asText()).isEqualTo("alice/app");
    assertThat(repos.get(0).get("id").asLong()).isPositive();
    ForgeToken stored = forge.token("alice", json(r).get("id").asLong()).orElseThrow();
    assertThat(stored.repositories()).containsExactly("alice/app");
    HttpResponse<String> list = call("GET", "/api/v1/users/alice/tokens", basic("alice", PW), null);
    assertThat(list.body()).contains("\"full_name\":\"alice/app\"");
  }

  @Test
  void anAllRepositoryTokenHasRepositoriesNull() {
    HttpResponse<String> r = create("alice", basic("alice", PW), "everywhere", "read:repository");
    assertThat(json(r).has("repositories")).isTrue();
    assertThat(json(r).get("repositories").isNull()).isTrue();
    HttpResponse<String> explicitNull = call("POST", "/api/v1/users/alice/tokens", basic("alice", PW),
        "{\"name\":\"null-repos\",\"scopes\":[\"read:repository\"],\"repositories\":null}");
    assertThat(json(explicitNull).get("repositories").isNull()).isTrue();
  }

  @Test
  void repositoryTokensRefuseNoRepositoryUnknownOrInvisibleOnesAndBroadScopes() {
    HttpResponse<String> empty = call("POST", "/api/v1/users/alice/tokens", basic("alice", PW),
        "{\"name\":\"empty\",\"scopes\":[\"read:repository\"],\"repositories\":[]}");
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(message(empty)).isEqualTo("Access tokens with specified repositories must have at least one repository.");
    HttpResponse<String> unknown = call("POST", "/api/v1/users/alice/tokens", basic("alice", PW),
        "{\"name\":\"unknown\",\"scopes\":[\"read:repository\"],\"repositories\":[{\"owner\":\"alice\",\"name\":\"nope\"}]}");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(message(unknown)).isEqualTo("repository alice/nope does not exist");
    HttpResponse<String> invisible = call("POST", "/api/v1/users/alice/tokens", basic("alice", PW),
        "{\"name\":\"invisible\",\"scopes\":[\"read:repository\"],\"repositories\":[{\"owner\":\"bob\",\"name\":\"own\"}]}");
    assertThat(invisible.statusCode()).isEqualTo(400);
    assertThat(message(invisible)).isEqualTo("repository bob/own does not exist");
    HttpResponse<String> broad = call("POST", "/api/v1/users/alice/tokens", basic("alice", PW),
        "{\"name\":\"broad\",\"scopes\":[\"write:user\"],\"repositories\":[{\"owner\":\"alice\",\"name\":\"app\"}]}");
    assertThat(broad.statusCode()).isEqualTo(400);
    assertThat(message(broad)).isEqualTo("Access tokens with specified repositories can only be used with the "
        + "read:issue, write:issue, read:repository, and write:repository scopes.");
  }

  @Test
  void theNotFoundAnswerCarriesAnEmptyErrorsList() {
    HttpResponse<String> r = call("DELETE", "/api/v1/users/alice/tokens/no-such", basic("alice", PW), null);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r).get("errors").isArray()).isTrue();
  }
}
