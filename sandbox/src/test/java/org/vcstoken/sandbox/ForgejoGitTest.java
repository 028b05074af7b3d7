package org.vcstoken.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vcstoken.sandbox.forgejo.Flavor;

/** git against the Forgejo flavor, including repository-specific tokens. */
class ForgejoGitTest extends ForgeGitContract {
  @Override
  Flavor flavor() {
    return Flavor.FORGEJO;
  }

  String appOnlyToken() {
    return forge.createToken("alice", "app-only" + System.nanoTime(), List.of("write:repository"),
        List.of("alice/app")).secret();
  }

  @Test
  void aRepositorySpecificTokenClonesAndPushesItsRepository() throws IOException {
    commitAndPush("alice", appOnlyToken(), "alice/app.git", "specific").assertOk();
  }

  @Test
  void aRepositorySpecificTokenIs403OnAnotherPrivateRepositoryOfTheSameOwner() {
    Cli.Result r = cloneAs("alice", appOnlyToken(), "alice/lib.git");
    assertThat(r.exit()).isNotZero();
    assertThat(r.out()).contains("403");
    assertThat(infoRefs("alice/lib.git", "git-upload-pack", Http.basic("alice", appOnlyToken())).body())
        .isEqualTo("Forbidden\n");
  }

  @Test
  void aRepositorySpecificTokenOnlyReadsOtherPublicRepositories() throws IOException {
    String t = appOnlyToken();
    assertThat(cloneAs("alice", t, "alice/site.git").exit()).isZero();
    assertThat(infoRefs("alice/site.git", "git-receive-pack", Http.basic("alice", t)).statusCode()).isEqualTo(403);
  }

  @Test
  void aRepositorySpecificTokenOnAMissingRepositoryIsTheForgesNilDereferenceA500() {
    assertThat(infoRefs("alice/missing.git", "git-upload-pack", Http.basic("alice", appOnlyToken())).statusCode())
        .isEqualTo(500);
  }

  @Test
  void aTokenCreatedThroughTheApiWithRepositoriesIsLimitedToThem() {
    HttpResponse<String> created = Http.send(Http.request(forge.url().toString(), "/api/v1/users/alice/tokens")
        .header("Authorization", Http.basic("alice", PW)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"api-app-only\",\"scopes\":[\"write:repository\"],"
            + "\"repositories\":[{\"owner\":\"alice\",\"name\":\"app\"}]}")));
    assertThat(created.statusCode()).isEqualTo(201);
    String t = ForgeApiContract.json(created).get("sha1").asText();
    assertThat(cloneAs("alice", t, "alice/app.git").exit()).isZero();
    assertThat(cloneAs("alice", t, "alice/lib.git").out()).contains("403");
  }

  @Test
  void theScopeOfATokenInTheAuthorizationHeaderIsCheckedToo() {
    String userOnly = token("alice", "hdr", "read:user");
    assertThat(infoRefs("alice/app.git", "git-upload-pack", "token " + userOnly).statusCode()).isEqualTo(403);
  }

  @Test
  void anUnknownServiceParameterFallsBackToTheMethod() {
    assertThat(infoRefs("alice/app.git", "git-frobnicate", Http.basic("alice", rw("alice"))).statusCode())
        .isNotIn(400, 401, 403, 404);
  }
}
