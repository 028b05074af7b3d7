package org.vcstoken.sandbox.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Username and password from an {@code Authorization: Basic} header. */
public record BasicCredentials(String username, String password) {
  @Override
  public String toString() {
    return "BasicCredentials[username=" + username + ", password=****]";
  }

  /** Empty for a missing, non-Basic, non-base64 or colon-less header (all mean "challenge"). */
  public static Optional<BasicCredentials> parse(String header) {
    if (header == null) {
      return Optional.empty();
    }
    String h = header.trim();
    if (h.length() < 6 || !h.substring(0, 6).equalsIgnoreCase("basic ")) {
      return Optional.empty();
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(h.substring(6).trim());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    String text = new String(decoded, StandardCharsets.UTF_8);
    int colon = text.indexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    return Optional.of(new BasicCredentials(text.substring(0, colon), text.substring(colon + 1)));
  }
}
