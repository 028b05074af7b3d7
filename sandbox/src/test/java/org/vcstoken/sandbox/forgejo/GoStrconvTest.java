package org.vcstoken.sandbox.forgejo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** strconv.ParseInt(s, 0, 64) with the error ignored, as DeleteAccessToken reads {id}. */
class GoStrconvTest {
  @Test
  void decimalHexOctalAndBinaryAreIds() {
    assertThat(GoStrconv.parseIntBase0IgnoringError("42")).isEqualTo(42);
    assertThat(GoStrconv.parseIntBase0IgnoringError("0x2a")).isEqualTo(42);
    assertThat(GoStrconv.parseIntBase0IgnoringError("0X2A")).isEqualTo(42);
    assertThat(GoStrconv.parseIntBase0IgnoringError("052")).isEqualTo(42);
    assertThat(GoStrconv.parseIntBase0IgnoringError("0o52")).isEqualTo(42);
    assertThat(GoStrconv.parseIntBase0IgnoringError("0b101010")).isEqualTo(42);
    assertThat(GoStrconv.parseIntBase0IgnoringError("4_2")).isEqualTo(42);
    assertThat(GoStrconv.parseIntBase0IgnoringError("-7")).isEqualTo(-7);
  }

  @Test
  void namesAndMalformedNumbersAreZeroMeaningLookUpByName() {
    assertThat(GoStrconv.parseIntBase0IgnoringError("ci-token")).isZero();
    assertThat(GoStrconv.parseIntBase0IgnoringError("12abc")).isZero();
    assertThat(GoStrconv.parseIntBase0IgnoringError("0x")).isZero();
    assertThat(GoStrconv.parseIntBase0IgnoringError("09")).isZero();
    assertThat(GoStrconv.parseIntBase0IgnoringError("_1")).isZero();
    assertThat(GoStrconv.parseIntBase0IgnoringError("+-1")).isZero();
    assertThat(GoStrconv.parseIntBase0IgnoringError("")).isZero();
  }

  @Test
  void overflowIsClampedAsParseIntDoesWithErrRange() {
    assertThat(GoStrconv.parseIntBase0IgnoringError("99999999999999999999")).isEqualTo(Long.MAX_VALUE);
    assertThat(GoStrconv.parseIntBase0IgnoringError("-99999999999999999999")).isEqualTo(Long.MIN_VALUE);
  }
}
