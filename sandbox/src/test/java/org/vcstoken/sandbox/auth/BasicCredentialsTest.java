package org.vcstoken.sandbox.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class BasicCredentialsTest {
  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parsesUserAndPasswordSplittingAtFirstColon() {
    assertThat(BasicCredentials.parse("Basic " + b64("alice:to:ken")))
        .contains(new BasicCredentials("alice", "to:ken"));
    assertThat(BasicCredentials.parse("basic " + b64("a:b"))).contains(new BasicCredentials("a", "b"));
  }

  @Test
  void rejectsMalformedHeaders() {
    assertThat(BasicCredentials.parse(null)).isEmpty();
    assertThat(BasicCredentials.parse("")).isEmpty();
    assertThat(BasicCredentials.parse("Basic")).isEmpty();
    assertThat(BasicCredentials.parse("Basic ")).isEmpty();
    assertThat(BasicCredentials.parse("Basic !!!not-base64!!!")).isEmpty();
    assertThat(BasicCredentials.parse("Basic " + b64("nocolon"))).isEmpty();
    assertThat(BasicCredentials.parse("Bearer " + b64("a:b"))).isEmpty();
  }

  @Test
  void toStringMasksThePassword() {
    assertThat(new BasicCredentials("u", "secret").toString()).doesNotContain("secret");
  }
}
