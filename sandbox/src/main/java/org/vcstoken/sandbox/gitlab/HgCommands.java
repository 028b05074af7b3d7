package org.vcstoken.sandbox.gitlab;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.vcstoken.sandbox.http.FormPairs;
import org.vcstoken.sandbox.http.HgBatch;

/**
 * Whether an hg wire-protocol request pulls or pushes, by Mercurial's own rule
 * ({@code mercurial/wireprotov1server.py}): every command declares a permission, {@code push}
 * unless it says {@code pull}, and a {@code batch} needs the permissions of the commands inside.
 */
final class HgCommands {
  /** The commands Mercurial declares with {@code permission=b'pull'} (6.x). */
  static final Set<String> PULL = Set.of("batch", "between", "branchmap", "branches", "capabilities",
      "changegroup", "changegroupsubset", "clonebundles", "clonebundles_manifest", "debugwireargs", "getbundle",
      "heads", "hello", "known", "listkeys", "lookup", "protocaps", "stream_out");

  private HgCommands() {}

  /**
   * @param query the decoded query parameters
   * @param headers request headers, names lower-case; a batch's command list travels in
   *     {@code X-HgArg-1}, {@code X-HgArg-2}, … when the server advertises {@code httpheader}
   */
  static boolean isPush(String cmd, Map<String, List<String>> query, Map<String, String> headers) {
    if (!cmd.equals("batch")) {
      return !PULL.contains(cmd);
    }
    HgBatch.HeaderArgs args = HgBatch.headerArgs(headers);
    if (args.unnumbered()) {
      // hg numbers these headers; anything else is not hg's and makes the batch suspect.
      return true;
    }
    List<String> cmds = new ArrayList<>(decodeQuery(args.query()).getOrDefault("cmds", List.of()));
    cmds.addAll(query.getOrDefault("cmds", List.of()));
    if (cmds.isEmpty()) {
      return true;
    }
    return HgBatch.commandNames(cmds).stream().anyMatch(name -> name.equals("batch") || !PULL.contains(name));
  }

  /** Decodes {@code a=b&c=d}; a malformed escape keeps its raw text. */
  static Map<String, List<String>> decodeQuery(String raw) {
    Map<String, List<String>> out = new TreeMap<>();
    for (FormPairs.Pair p : FormPairs.split(raw, FormPairs.AMPERSAND)) {
      out.computeIfAbsent(decode(p.name()), x -> new ArrayList<>()).add(decode(p.value()));
    }
    return out;
  }

  static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
