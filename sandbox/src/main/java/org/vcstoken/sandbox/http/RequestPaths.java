package org.vcstoken.sandbox.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Request paths as every flavor's front servlet reads them: decoded once by the sandbox itself,
 * not by Jetty, so that a malformed escape or an encoded NUL is refused the same way everywhere.
 */
public final class RequestPaths {
  private RequestPaths() {}

  /** Percent-decodes a raw path once; empty for a malformed escape or a NUL. */
  public static Optional<String> decode(String raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          return Optional.empty();
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
          return Optional.empty();
        }
        out.write(hi * 16 + lo);
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
    return Optional.of(out.toString(StandardCharsets.UTF_8));
  }

  /** {@code s} without its leading and trailing slashes: repository names never carry them. */
  public static String trimSlashes(String s) {
    int b = 0;
    int e = s.length();
    while (b < e && s.charAt(b) == '/') {
      b++;
    }
    while (e > b && s.charAt(e - 1) == '/') {
      e--;
    }
    return s.substring(b, e);
  }
}
