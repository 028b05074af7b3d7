package org.vcstoken.sandbox.http;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code name=value} pairs of a query string or a form body, split but not decoded: the
 * imitated servers differ in what they do with a malformed escape (keep it raw, drop the field),
 * so each caller decodes with its own server's rule.
 */
public final class FormPairs {
  /** Pairs separated by {@code &}, as query strings and form bodies are. */
  public static final Pattern AMPERSAND = Pattern.compile("&");

  /** One pair as sent; {@code value} is empty when the pair has no {@code =}. */
  public record Pair(String name, String value) {}

  private FormPairs() {}

  /** The pairs of {@code raw} in order; empty pieces ({@code a&&b}) are skipped, null is no pairs. */
  public static List<Pair> split(String raw, Pattern separator) {
    List<Pair> out = new ArrayList<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : separator.split(raw)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      out.add(eq < 0 ? new Pair(pair, "") : new Pair(pair.substring(0, eq), pair.substring(eq + 1)));
    }
    return out;
  }
}
