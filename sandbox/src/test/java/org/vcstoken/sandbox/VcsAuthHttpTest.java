package org.vcstoken.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Challenge, realm, malformed Basic headers, anonymous access and the auth-result cache, over raw HTTP. */
class VcsAuthHttpTest {
  static final String REFS = "/cached/info/refs?service=git-upload-pack";
  @TempDir
  static Path data;
  @TempDir
  static Path dataRealm;
  static Sandbox sandbox;
  static Sandbox emptyRealm;

  @BeforeAll
  static void start() throws IOException {
    // 30 s is RhodeCode's default auth cache; this class tests exactly that window.
    sandbox = Sandbox.start(SandboxOptions.defaults(data).withAuthCacheTtl(Duration.ofSeconds(30)));
    sandbox.createUser("dave", "dave-pw");
    sandbox.createRepo("cached", "git", "dave");
    sandbox.createRepo("cached2", "git", "dave");
    sandbox.createRepo("public", "git", "dave");
    sandbox.grant("public", "default", "repository.read");
    emptyRealm = Sandbox.start(SandboxOptions.defaults(dataRealm).withRealm("").withAuthCacheTtl(Duration.ZERO));
    emptyRealm.createUser("dave", "dave-pw");
    emptyRealm.createRepo("r", "git", "dave");
  }

  @AfterAll
  static void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
    if (emptyRealm != null) {
      emptyRealm.close();
    }
  }

  private static HttpResponse<String> refs(Sandbox s, String path, String authorization) {
    var b = Http.request(s, path);
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return Http.send(b);
  }

  @Test
  void malformedBasicHeadersAreChallengedAndServingContinues() {
    String[] bad = {"Basic", "Basic !!!", "Basic " + Base64.getEncoder().encodeToString("nocolon".getBytes(StandardCharsets.UTF_8)),
        "Basic " + Base64.getEncoder().encodeToString(":".getBytes(StandardCharsets.UTF_8)), "Bearer abc", "", "Basic ===="};
    for (String h : bad) {
      HttpResponse<String> r = refs(sandbox, REFS, h);
      assertThat(r.statusCode()).as(h).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate")).as(h).contains("Basic realm=\"RhodeCode\"");
    }
    String token = sandbox.addToken("dave", "token_role_vcs", -1, "", null).token();
    assertThat(refs(sandbox, REFS, Http.basic("dave", token)).statusCode()).isEqualTo(200);
  }

  @Test
  void emptyRealmFallsBackToRhodeCodeAuth() {
    HttpResponse<String> r = refs(emptyRealm, "/r/info/refs?service=git-upload-pack", null);
    assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"RhodeCode AUTH\"");
  }

  @Test
  void anonymousReadNeedsNoCredentialsButPushDoes() {
    assertThat(refs(sandbox, "/public/info/refs?service=git-upload-pack", null).statusCode()).isEqualTo(200);
    assertThat(refs(sandbox, "/public/info/refs?service=git-receive-pack", null).statusCode()).isEqualTo(401);
  }

  @Test
  void deletedTokenKeepsWorkingUntilTheCacheTtlPasses() {
    IssuedToken t = sandbox.addToken("dave", "token_role_vcs", -1, "", null);
    String auth = Http.basic("dave", t.token());
    assertThat(refs(sandbox, REFS, auth).statusCode()).isEqualTo(200);
    sandbox.deleteToken(t.id());
    assertThat(refs(sandbox, REFS, auth).statusCode()).isEqualTo(200);
    Instant before = sandbox.now();
    try {
      sandbox.setTime(before.plusSeconds(31));
      assertThat(refs(sandbox, REFS, auth).statusCode()).isEqualTo(401);
    } finally {
      sandbox.setTime(before);
    }
  }

  @Test
  void justExpiredTokenKeepsWorkingWithinTheCacheWindow() {
    IssuedToken t = sandbox.addToken("dave", "token_role_vcs", 5, "", null);
    String auth = Http.basic("dave", t.token());
    Instant before = sandbox.now();
    try {
      sandbox.setTime(before.plusSeconds(5 * 60 - 10));
      assertThat(refs(sandbox, REFS, auth).statusCode()).isEqualTo(200);
      sandbox.setTime(before.plusSeconds(5 * 60 + 5));
      assertThat(refs(sandbox, REFS, auth).statusCode()).isEqualTo(200);
      sandbox.setTime(before.plusSeconds(5 * 60 + 25));
      assertThat(refs(sandbox, REFS, auth).statusCode()).isEqualTo(401);
    } finally {
      sandbox.setTime(before);
    }
  }

  @Test
  void cachedScopedTokenStillOnlyOpensItsRepo() {
    String token = sandbox.addToken("dave", "token_role_vcs", -1, "", "cached").token();
    assertThat(refs(sandbox, REFS, Http.basic("dave", token)).statusCode()).isEqualTo(200);
    assertThat(refs(sandbox, "/cached2/info/refs?service=git-upload-pack", Http.basic("dave", token)).statusCode())
        .isEqualTo(401);
  }

  @Test
  void authCacheTtlCanBeChangedThroughTheApi() {
    IssuedToken t = sandbox.addToken("dave", "token_role_vcs", -1, "", null);
    try {
      Http.rpcOk(sandbox, sandbox.adminToken(), "sandbox_set_auth_cache_ttl", java.util.Map.of("seconds", 0));
      String auth = Http.basic("dave", t.token());
      assertThat(refs(sandbox, REFS, auth).statusCode()).isEqualTo(200);
      sandbox.deleteToken(t.id());
      assertThat(refs(sandbox, REFS, auth).statusCode()).isEqualTo(401);
    } finally {
      Http.rpcOk(sandbox, sandbox.adminToken(), "sandbox_set_auth_cache_ttl", java.util.Map.of("seconds", 30));
    }
  }
}
