package org.vcstoken.sandbox.forgejo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** RFC 6238 (SHA-1) and pquerna/otp's validation rules: 6 digits, 30 s, one step of skew. */
class TotpTest {
  /** RFC 6238 appendix B's SHA-1 seed, "12345678901234567890", in base32. */
  static final String RFC_SECRET = Totp.base32("12345678901234567890".getBytes(StandardCharsets.US_ASCII));

  @Test
  void codesMatchTheRfc6238TestVectorsTruncatedToSixDigits() {
    assertThat(RFC_SECRET).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    assertThat(Totp.code(RFC_SECRET, Instant.ofEpochSecond(59))).isEqualTo("287082");
    assertThat(Totp.code(RFC_SECRET, Instant.ofEpochSecond(1111111109))).isEqualTo("081804");
    assertThat(Totp.code(RFC_SECRET, Instant.ofEpochSecond(1111111111))).isEqualTo("050471");
    assertThat(Totp.code(RFC_SECRET, Instant.ofEpochSecond(1234567890))).isEqualTo("005924");
    assertThat(Totp.code(RFC_SECRET, Instant.ofEpochSecond(2000000000))).isEqualTo("279037");
    assertThat(Totp.code(RFC_SECRET, Instant.ofEpochSecond(20000000000L))).isEqualTo("353130");
  }

  @Test
  void verificationAcceptsOneStepOfSkewEitherSideAndNoMore() {
    Instant now = Instant.ofEpochSecond(1_800_000_015L);
    String current = Totp.code(RFC_SECRET, now);
    assertThat(Totp.verify(RFC_SECRET, current, now)).isTrue();
    assertThat(Totp.verify(RFC_SECRET, Totp.code(RFC_SECRET, now.minusSeconds(30)), now)).isTrue();
    assertThat(Totp.verify(RFC_SECRET, Totp.code(RFC_SECRET, now.plusSeconds(30)), now)).isTrue();
    assertThat(Totp.verify(RFC_SECRET, Totp.code(RFC_SECRET, now.minusSeconds(60)), now)).isFalse();
    assertThat(Totp.verify(RFC_SECRET, Totp.code(RFC_SECRET, now.plusSeconds(60)), now)).isFalse();
  }

  @Test
  void passcodesAreTrimmedAndMustHaveExactlySixCharacters() {
    Instant now = Instant.ofEpochSecond(1_800_000_015L);
    String current = Totp.code(RFC_SECRET, now);
    assertThat(Totp.verify(RFC_SECRET, " " + current + "\n", now)).isTrue();
    assertThat(Totp.verify(RFC_SECRET, "0" + current, now)).isFalse();
    assertThat(Totp.verify(RFC_SECRET, "", now)).isFalse();
    assertThat(Totp.verify(RFC_SECRET, null, now)).isFalse();
  }

  @Test
  void secretsAreBase32OfTwentyRandomBytesAndDecodeCaseInsensitively() {
    String s = Totp.newSecret(new SecureRandom());
    assertThat(s).matches("[A-Z2-7]{32}");
    assertThat(Totp.decodeBase32(s.toLowerCase(java.util.Locale.ROOT))).hasSize(20);
    assertThatThrownBy(() -> Totp.decodeBase32("not base32!")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("not base32!");
  }
}
