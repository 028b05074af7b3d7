package org.vcstoken.sandbox.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an hg wire-protocol {@code batch} request carries, read the same way for every flavor:
 * the arguments hg moves into numbered {@code X-HgArg-N} headers when the server advertises
 * {@code httpheader}, and the command names in its {@code cmds}. Which commands count as pulls,
 * and what an unnumbered header means, is each imitated server's own rule.
 */
public final class HgBatch {
  private static final String ARG_HEADER = "x-hgarg-";

  /**
   * @param query the numbered headers' values in number order, joined: an encoded query string
   * @param unnumbered whether an {@code X-HgArg-} header without a number came too (hg never
   *     sends one)
   */
  public record HeaderArgs(String query, boolean unnumbered) {}

  private HgBatch() {}

  /** @param headers request headers, names lower-case */
  public static HeaderArgs headerArgs(Map<String, String> headers) {
    Map<Integer, String> parts = new TreeMap<>();
    boolean unnumbered = false;
    for (Map.Entry<String, String> h : headers.entrySet()) {
      if (h.getKey().startsWith(ARG_HEADER)) {
        try {
          parts.put(Integer.parseInt(h.getKey().substring(ARG_HEADER.length())), h.getValue());
        } catch (NumberFormatException e) {
          unnumbered = true;
        }
      }
    }
    return new HeaderArgs(String.join("", parts.values()), unnumbered);
  }

  /**
   * The command names in {@code cmds} values such as {@code heads ;known nodes=}: the first word
   * of each {@code ;}-separated part, blank parts left out.
   */
  public static List<String> commandNames(List<String> cmds) {
    List<String> names = new ArrayList<>();
    for (String batch : cmds) {
      for (String one : batch.split(";")) {
        String name = one.trim().split(" ", 2)[0];
        if (!name.isEmpty()) {
          names.add(name);
        }
      }
    }
    return names;
  }
}
