package org.vcstoken.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vcstoken.sandbox.forgejo.Flavor;
import org.vcstoken.sandbox.forgejo.ForgeToken;

/** The token API as Gitea answers it, including what only Gitea does. */
class GiteaApiTest extends ForgeApiContract {
  @Override
  Flavor flavor() {
    return Flavor.GITEA;
  }

  @Test
  void thereIsNoForgejoVersionEndpointSoClientsCanTellTheForgesApart() {
    assertThat(call("GET", "/api/forgejo/v1/version", null, null).statusCode()).isEqualTo(404);
    assertThat(json(call("GET", "/api/v1/version", null, null)).get("version").asText())
        .isEqualTo("1.26.0+dev-469-g3db3c058b3").doesNotContain("+gitea-");
  }

  @Test
  void onlyTheGiteaOtpHeaderCounts() {
    forge.enrollTotp("carol");
    try {
      String code = forge.totpCode("carol");
      assertThat(withOtp("carol", "fj-header-on-gitea", "X-Forgejo-OTP", code).statusCode()).isEqualTo(401);
      assertThat(withOtp("carol", "gitea-header", "X-Gitea-OTP", code).statusCode()).isEqualTo(201);
    } finally {
      forge.disableTotp("carol");
    }
  }

  @Test
  void aTokenWithWriteUserSentAsTheBasicPasswordCanMintATokenBecauseItIsTheBasicMethod() {
    String token = forge.createToken("alice", "basic-minter", List.of("write:user")).secret();
    HttpResponse<String> r = create("alice", basic("alice", token), "minted-by-basic-token", "read:repository");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  @Test
  void listingIsBehindBasicAuthToo() {
    String token = forge.createToken("alice", "lister-token", List.of("read:user")).secret();
    HttpResponse<String> r = call("GET", "/api/v1/users/alice/tokens", "token " + token, null);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(message(r)).isEqualTo("auth required");
  }

  @Test
  void theRepositoriesFieldIsIgnoredAndTheTokenIsAccountWide() {
    HttpResponse<String> r = call("POST", "/api/v1/users/alice/tokens", basic("alice", PW),
        "{\"name\":\"asked-for-app\",\"scopes\":[\"write:repository\"],"
            + "\"repositories\":[{\"owner\":\"alice\",\"name\":\"app\"}]}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(json(r).has("repositories")).isFalse();
    ForgeToken stored = forge.token("alice", json(r).get("id").asLong()).orElseThrow();
    assertThat(stored.repositories()).isNull();
  }

  @Test
  void tokensCarryCreatedAndLastUsedTimesThatTheCreateAnswerLeavesAtZero() {
    JsonNode created = json(create("alice", basic("alice", PW), "timed", "read:repository"));
    assertThat(created.get("created_at").asText()).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(created.get("last_used_at").asText()).isEqualTo("0001-01-01T00:00:00Z");
    JsonNode listed = json(call("GET", "/api/v1/users/alice/tokens", basic("alice", PW), null));
    JsonNode timed = null;
    for (JsonNode t : listed) {
      if (t.get("name").asText().equals("timed")) {
        timed = t;
      }
    }
    assertThat(timed).isNotNull();
    assertThat(timed.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ")
        .isNotEqualTo("0001-01-01T00:00:00Z");
  }

  @Test
  void theNotFoundAnswerCarriesErrorsNull() {
    HttpResponse<String> r = call("DELETE", "/api/v1/users/alice/tokens/no-such", basic("alice", PW), null);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r).get("errors").isNull()).isTrue();
  }
}
