package org.vcstoken.sandbox.forgejo;

import java.math.BigInteger;

/**
 * The two integer parsers whose quirks the token API exposes: DeleteAccessToken reads its path
 * parameter with {@code strconv.ParseInt(s, 0, 64)} and ignores the error (so {@code 0x1f} is an
 * id, {@code abc} is 0 and means "look up by name", and an overflow is the largest int64), and
 * page/limit use {@code strconv.Atoi} with errors read as 0.
 */
final class GoStrconv {
  private GoStrconv() {}

  /** {@code v, _ := strconv.ParseInt(s, 0, 64)}. */
  static long parseIntBase0IgnoringError(String s) {
    if (s == null || s.isEmpty()) {
      return 0;
    }
    int i = 0;
    boolean negative = false;
    if (s.charAt(0) == '+' || s.charAt(0) == '-') {
      negative = s.charAt(0) == '-';
      i = 1;
    }
    String body = s.substring(i);
    int radix = 10;
    boolean prefixed = false;
    if (body.length() >= 2 && body.charAt(0) == '0') {
      char p = Character.toLowerCase(body.charAt(1));
      if (p == 'x' || p == 'o' || p == 'b') {
        radix = p == 'x' ? 16 : p == 'o' ? 8 : 2;
        body = body.substring(2);
        prefixed = true;
      } else {
        radix = 8;
        body = body.substring(1);
        prefixed = true;
      }
    }
    // With base 0, underscores may separate digits (and follow a prefix), never lead or trail.
    if (body.contains("_")) {
      if (body.startsWith("_") && !prefixed || body.endsWith("_") || body.contains("__")) {
        return 0;
      }
      body = body.replace("_", "");
    }
    if (body.isEmpty() || body.charAt(0) == '+' || body.charAt(0) == '-') {
      return 0;
    }
    BigInteger v;
    try {
      v = new BigInteger(body, radix);
    } catch (NumberFormatException e) {
      return 0;
    }
    if (negative) {
      v = v.negate();
    }
    if (v.bitLength() > 63) {
      // ParseInt returns the clamped value together with ErrRange; the caller drops the error.
      return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return v.longValueExact();
  }

  /** {@code ctx.FormInt}: strconv.Atoi, 0 on error. */
  static int atoiOrZero(String s) {
    if (s == null) {
      return 0;
    }
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
