package org.vcstoken.sandbox.forgejo;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 TOTP as the forges use it through github.com/pquerna/otp {@code totp.Validate}:
 * HMAC-SHA-1, 30 s steps, 6 digits, one step of skew either side, base32 secrets without
 * padding. Time comes from the caller, so tests answer the prompt on the sandbox clock.
 */
public final class Totp {
  static final int PERIOD_SECONDS = 30;
  static final int DIGITS = 6;
  private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  private Totp() {}

  /** A new secret as the forges enrol one (pquerna's default: 20 random bytes, base32, no padding). */
  public static String newSecret(SecureRandom random) {
    byte[] bytes = new byte[20];
    random.nextBytes(bytes);
    return base32(bytes);
  }

  /** The 6-digit code for {@code base32Secret} at {@code at}. */
  public static String code(String base32Secret, Instant at) {
    return codeForCounter(decodeBase32(base32Secret), Math.floorDiv(at.getEpochSecond(), PERIOD_SECONDS));
  }

  /**
   * pquerna's ValidateCustom with Skew 1: the passcode (trimmed) must have exactly 6 characters
   * and match the current step or one step before or after.
   */
  static boolean verify(String base32Secret, String passcode, Instant now) {
    if (passcode == null) {
      return false;
    }
    String p = passcode.strip();
    if (p.length() != DIGITS) {
      return false;
    }
    byte[] key;
    try {
      key = decodeBase32(base32Secret);
    } catch (IllegalArgumentException e) {
      return false;
    }
    long counter = Math.floorDiv(now.getEpochSecond(), PERIOD_SECONDS);
    for (long c : new long[] {counter, counter + 1, counter - 1}) {
      if (MessageDigest.isEqual(codeForCounter(key, c).getBytes(StandardCharsets.US_ASCII),
          p.getBytes(StandardCharsets.UTF_8))) {
        return true;
      }
    }
    return false;
  }

  private static String codeForCounter(byte[] key, long counter) {
    byte[] hash;
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key, "HmacSHA1"));
      hash = mac.doFinal(ByteBuffer.allocate(8).putLong(counter).array());
    } catch (GeneralSecurityException e) {
      throw new AssertionError("HmacSHA1 is part of every Java runtime", e);
    }
    int offset = hash[hash.length - 1] & 0x0f;
    int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
        | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
    return String.format(Locale.ROOT, "%06d", binary % 1_000_000);
  }

  static String base32(byte[] data) {
    StringBuilder out = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(BASE32.charAt((buffer << (5 - bits)) & 31));
    }
    return out.toString();
  }

  /** Upper-cases and accepts missing padding, as pquerna's hotp does before decoding. */
  static byte[] decodeBase32(String text) {
    String s = text.strip().toUpperCase(Locale.ROOT);
    while (s.endsWith("=")) {
      s = s.substring(0, s.length() - 1);
    }
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty base32 secret");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int buffer = 0;
    int bits = 0;
    for (char c : s.toCharArray()) {
      int v = BASE32.indexOf(c);
      if (v < 0) {
        throw new IllegalArgumentException("not a base32 secret: bad character at " + s.indexOf(c));
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        out.write((buffer >> (bits - 8)) & 0xff);
        bits -= 8;
      }
    }
    return out.toByteArray();
  }
}
