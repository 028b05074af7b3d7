package org.vcstoken.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.sandbox.forgejo.Flavor;
import org.vcstoken.sandbox.forgejo.ForgeOptions;
import org.vcstoken.sandbox.forgejo.ForgeSandbox;

/** git against the Gitea flavor, including what only Gitea does. */
class GiteaGitTest extends ForgeGitContract {
  @Override
  Flavor flavor() {
    return Flavor.GITEA;
  }

  @Test
  void withOAuth2DisabledTheRealmIsGiteaBasicAuth(@TempDir Path other) throws IOException {
    try (ForgeSandbox basicOnly = ForgeSandbox.start(ForgeOptions.defaults(other, Flavor.GITEA)
        .withOAuth2Enabled(false))) {
      basicOnly.createUser("zoe", PW);
      basicOnly.createRepo("zoe", "z");
      HttpResponse<String> r = Http.send(Http.request(basicOnly.url().toString(),
          "/zoe/z.git/info/refs?service=git-upload-pack"));
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"Gitea (Basic Auth)\"");
      assertThat(basicOnly.realm()).isEqualTo("Gitea (Basic Auth)");
    }
  }

  @Test
  void anUnknownServiceParameterIs400() {
    HttpResponse<String> r = infoRefs("alice/app.git", "git-frobnicate", Http.basic("alice", rw("alice")));
    assertThat(r.statusCode()).isEqualTo(400);
  }

  @Test
  void theScopeOfATokenInTheAuthorizationHeaderIsNotChecked() {
    String userOnly = token("alice", "hdr", "read:user");
    assertThat(infoRefs("alice/app.git", "git-upload-pack", "token " + userOnly).statusCode()).isEqualTo(200);
    assertThat(infoRefs("alice/app.git", "git-upload-pack", Http.basic("alice", userOnly)).statusCode())
        .isEqualTo(403);
  }

  @Test
  void aTokenCreatedWithRepositoriesIsAccountWideBecauseGiteaIgnoresTheField() {
    HttpResponse<String> created = Http.send(Http.request(forge.url().toString(), "/api/v1/users/alice/tokens")
        .header("Authorization", Http.basic("alice", PW)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"asked-app-only\",\"scopes\":[\"write:repository\"],"
            + "\"repositories\":[{\"owner\":\"alice\",\"name\":\"app\"}]}")));
    assertThat(created.statusCode()).isEqualTo(201);
    String t = ForgeApiContract.json(created).get("sha1").asText();
    assertThat(cloneAs("alice", t, "alice/lib.git").exit()).isZero();
  }
}
