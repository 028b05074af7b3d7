package org.vcstoken.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.sandbox.gitlab.GitLabOptions;
import org.vcstoken.sandbox.gitlab.GitLabSandbox;
import org.vcstoken.sandbox.gitlab.IssuedGitLabToken;

/**
 * {@code /_sandbox/time} of the GitLab flavor: a process that runs the sandbox (the demo) moves its
 * clock over HTTP, as {@code setTime} does in-process; only an administrator may.
 */
class GitLabSandboxClockTest {
  static final Instant START = Instant.parse("2026-03-10T12:00:00Z");

  @TempDir
  Path dir;
  GitLabSandbox gl;

  @BeforeEach
  void start() throws Exception {
    gl = GitLabSandbox.start(GitLabOptions.defaults(dir).withClock(Clock.fixed(START, ZoneOffset.UTC)));
  }

  @AfterEach
  void stop() {
    if (gl != null) {
      gl.close();
    }
  }

  private HttpResponse<String> time(String method, String token, String body) {
    HttpRequest.Builder b = Http.request(gl.url().toString(), "/_sandbox/time");
    if (token != null) {
      b.header("PRIVATE-TOKEN", token);
    }
    return Http.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body)));
  }

  @Test
  void anAdministratorMovesTheServerClockAndTokensExpireByIt() throws Exception {
    gl.createUser("alice", "alice-password");
    IssuedGitLabToken pat = gl.addPersonalToken("alice", "soon", List.of("api"), gl.today().plusDays(10));
    long later = START.plus(28, ChronoUnit.DAYS).getEpochSecond();

    HttpResponse<String> before = time("GET", gl.adminToken(), null);
    HttpResponse<String> moved = time("POST", gl.adminToken(), "{\"epoch\": " + later + "}");

    assertThat(before.statusCode()).isEqualTo(200);
    assertThat(Http.JSON.readTree(before.body()).get("now").asDouble()).isEqualTo(START.getEpochSecond());
    assertThat(moved.statusCode()).isEqualTo(200);
    assertThat(Http.JSON.readTree(moved.body()).get("now").asDouble()).isEqualTo(later);
    assertThat(gl.now()).isEqualTo(Instant.ofEpochSecond(later));
    GlApi.Reply self = GlApi.get(gl, "/personal_access_tokens/self", pat.token());
    assertThat(self.status()).isEqualTo(401);
    assertThat(self.json().get("error_description").asText()).startsWith("Token is expired.");
  }

  @Test
  void anyoneButAnAdministratorIsRefusedAndTheClockStays() {
    gl.createUser("bob", "bob-password");
    String bob = gl.addPersonalToken("bob", "api", List.of("api"), null).token();

    assertThat(time("POST", null, "{\"epoch\": 0}").statusCode()).isEqualTo(401);
    assertThat(time("POST", bob, "{\"epoch\": 0}").statusCode()).isEqualTo(401);
    assertThat(time("POST", "glpat-unknownunknownunkn", "{\"epoch\": 0}").statusCode()).isEqualTo(401);
    assertThat(gl.now()).isEqualTo(START);
  }

  @Test
  void aBodyWithoutANumericEpochIsRefusedWithWhatToSend() {
    HttpResponse<String> text = time("POST", gl.adminToken(), "{\"epoch\": \"tomorrow\"}");
    HttpResponse<String> junk = time("POST", gl.adminToken(), "not json");
    HttpResponse<String> put = time("PUT", gl.adminToken(), "{\"epoch\": 0}");

    assertThat(text.statusCode()).isEqualTo(400);
    assertThat(text.body()).contains("body must be {\\\"epoch\\\": <seconds since 1970");
    assertThat(junk.statusCode()).isEqualTo(400);
    assertThat(put.statusCode()).isEqualTo(405);
    assertThat(gl.now()).isEqualTo(START);
  }
}
