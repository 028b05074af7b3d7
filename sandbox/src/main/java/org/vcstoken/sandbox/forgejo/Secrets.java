package org.vcstoken.sandbox.forgejo;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Token and password hashing as the forges store them: models/auth/access_token.go keeps a
 * random 10-character salt, {@code HashToken} = hex(PBKDF2-HMAC-SHA256(token, salt, 10000, 50))
 * and the last eight characters; the token itself (hex of 20 random bytes) is shown once.
 */
final class Secrets {
  static final int TOKEN_ITERATIONS = 10_000;
  static final int KEY_BYTES = 50;
  private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private final SecureRandom random = new SecureRandom();

  SecureRandom random() {
    return random;
  }

  /** 40 lowercase hex characters. */
  String newToken() {
    byte[] b = new byte[20];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** util.CryptoRandomString: alphanumeric. */
  String newSalt(int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(ALNUM.charAt(random.nextInt(ALNUM.length())));
    }
    return s.toString();
  }

  static String hash(String secret, String salt) {
    return HexFormat.of().formatHex(pbkdf2Sha256(secret.getBytes(StandardCharsets.UTF_8),
        salt.getBytes(StandardCharsets.UTF_8), TOKEN_ITERATIONS, KEY_BYTES));
  }

  static boolean matches(String secret, String salt, String expectedHex) {
    return MessageDigest.isEqual(hash(secret, salt).getBytes(StandardCharsets.US_ASCII),
        expectedHex.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * PBKDF2 over raw bytes: javax.crypto's PBEKeySpec takes chars and would re-encode a password
   * that is not ASCII differently from Go's x/crypto/pbkdf2, so the loop is spelled out (RFC 8018).
   */
  static byte[] pbkdf2Sha256(byte[] password, byte[] salt, int iterations, int length) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      // An empty HMAC key is legal in PBKDF2 but refused by SecretKeySpec; one zero byte is the
      // same key for HMAC (keys are zero-padded to the block size).
      mac.init(new SecretKeySpec(password.length == 0 ? new byte[1] : password, "HmacSHA256"));
      int hLen = mac.getMacLength();
      byte[] out = new byte[length];
      int blocks = (length + hLen - 1) / hLen;
      for (int i = 1; i <= blocks; i++) {
        mac.update(salt);
        mac.update(new byte[] {(byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i});
        byte[] u = mac.doFinal();
        byte[] t = u.clone();
        for (int j = 1; j < iterations; j++) {
          u = mac.doFinal(u);
          for (int k = 0; k < t.length; k++) {
            t[k] ^= u[k];
          }
        }
        System.arraycopy(t, 0, out, (i - 1) * hLen, Math.min(hLen, length - (i - 1) * hLen));
      }
      return out;
    } catch (GeneralSecurityException e) {
      throw new AssertionError("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
