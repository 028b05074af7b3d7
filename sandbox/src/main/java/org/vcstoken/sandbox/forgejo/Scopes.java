package org.vcstoken.sandbox.forgejo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Access-token scopes as models/auth/access_token_scope.go parses them: a comma list turned into
 * a bitmap in which a write scope includes its read scope and {@code all} is every write scope;
 * normalising rebuilds the shortest list (so {@code read:repository,write:repository} becomes
 * {@code write:repository}). Both forges share this code except Forgejo skipping {@code sudo}.
 */
final class Scopes {
  static final String ALL = "all";
  static final String PUBLIC_ONLY = "public-only";
  static final String[] CATEGORIES = {"activitypub", "admin", "misc", "notification", "organization",
      "package", "issue", "repository", "user"};
  private static final long PUBLIC_ONLY_BITS = 1L;
  /** Scope name → its bits, including the read bit under a write scope. */
  private static final Map<String, Long> BITS = new LinkedHashMap<>();
  /** The order toScope() walks: public-only, then per category write before read. */
  private static final List<String> ORDER = new ArrayList<>();
  private static final long ALL_BITS;

  static {
    BITS.put(PUBLIC_ONLY, PUBLIC_ONLY_BITS);
    ORDER.add(PUBLIC_ONLY);
    long all = 0;
    int bit = 1;
    for (String category : CATEGORIES) {
      long read = 1L << bit++;
      long write = (1L << bit++) | read;
      BITS.put("read:" + category, read);
      BITS.put("write:" + category, write);
      ORDER.add("write:" + category);
      ORDER.add("read:" + category);
      all |= write;
    }
    ALL_BITS = all;
  }

  private Scopes() {}

  /** An unknown scope name; the message is the forge's ("invalid access token scope: x"). */
  static final class InvalidScope extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidScope(String scope) {
      super("invalid access token scope: " + scope);
    }
  }

  static long parse(String commaList, Flavor flavor) throws InvalidScope {
    long bitmap = 0;
    if (commaList == null || commaList.isEmpty()) {
      return 0;
    }
    // strings.Split semantics: empty items (",," or a trailing comma) are skipped, not errors.
    for (String s : commaList.split(",", -1)) {
      if (s.isEmpty() || (flavor.ignoresSudoScope() && s.equals("sudo"))) {
        continue;
      }
      if (s.equals(ALL)) {
        bitmap |= ALL_BITS;
        continue;
      }
      Long bits = BITS.get(s);
      if (bits == null) {
        throw new InvalidScope(s);
      }
      bitmap |= bits;
    }
    return bitmap;
  }

  /** The normalised comma list ({@code ""} for none), as Normalize() returns it. */
  static String normalize(List<String> scopes, Flavor flavor) throws InvalidScope {
    long bitmap = parse(String.join(",", scopes), flavor);
    List<String> out = new ArrayList<>();
    long rebuilt = 0;
    for (String s : ORDER) {
      long b = BITS.get(s);
      if ((bitmap & b) == b) {
        long next = rebuilt | b;
        if (next != rebuilt) {
          rebuilt = next;
          out.add(s);
        }
      }
    }
    String joined = String.join(",", out);
    String allWrites = String.join(",", writeScopes());
    return joined.replace(allWrites, ALL);
  }

  private static List<String> writeScopes() {
    List<String> w = new ArrayList<>();
    for (String c : CATEGORIES) {
      w.add("write:" + c);
    }
    return w;
  }

  /** Whether a stored (normalised) scope grants {@code required} (a single scope name). */
  static boolean has(String stored, String required, Flavor flavor) {
    try {
      long bitmap = parse(stored, flavor);
      long want = BITS.get(required);
      return (bitmap & want) == want;
    } catch (InvalidScope e) {
      // Stored scopes were normalised on creation; a bad one grants nothing.
      return false;
    }
  }

  static boolean publicOnly(String stored, Flavor flavor) {
    return has(stored, PUBLIC_ONLY, flavor);
  }

  /** StringSlice(): the stored comma list split as is ({@code [""]} for an empty scope, like Go). */
  static List<String> list(String stored) {
    return List.of(stored.split(",", -1));
  }
}
