package org.vcstoken.sandbox.auth;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vcstoken.sandbox.http.FormPairs;
import org.vcstoken.sandbox.http.HgBatch;
import org.vcstoken.sandbox.http.RequestPaths;
import org.vcstoken.sandbox.store.RepoType;

/**
 * RhodeCode's VCS detection (simplevcs.py / vcs.py): hg first, then git, then svn, and the
 * pull/push decision for each. Pure functions of the request so they are easy to test.
 */
public final class VcsDetector {
  private static final Pattern GIT_PATH = Pattern.compile(
      "^/(.+)/(info/refs|git-upload-pack|git-receive-pack|info/lfs/.*)$");

  /** hg wire commands that only read; RhodeCode treats every other command as a push. */
  static final Set<String> HG_PULL_COMMANDS = Set.of(
      "between", "branches", "branchmap", "capabilities", "changegroup", "changegroupsubset",
      "clonebundles", "clonebundles_manifest", "debugwireargs", "getbundle", "heads", "hello",
      "known", "listkeys", "lookup", "protocaps", "stream_out");

  private VcsDetector() {}

  /**
   * @param headers request headers, names lower-case
   * @param isSvnRepo whether a path (no leading slash) names an svn repository; svn names are
   *     "trimmed back to the longest prefix that is a repo"
   */
  public static Optional<VcsRequest> detect(String method, String path, String rawQuery,
      Map<String, String> headers, Predicate<String> isSvnRepo) {
    Map<String, List<String>> query = parseQuery(rawQuery);
    String accept = headers.getOrDefault("accept", "");
    if (accept.startsWith("application/mercurial") && query.containsKey("cmd")) {
      String name = RequestPaths.trimSlashes(path);
      String cmd = query.get("cmd").get(0);
      return Optional.of(new VcsRequest(RepoType.HG, name, hgIsPush(cmd, query, headers), ""));
    }
    Matcher git = GIT_PATH.matcher(path);
    if (git.matches()) {
      String name = git.group(1);
      if (name.endsWith(".git")) {
        name = name.substring(0, name.length() - 4);
      }
      boolean push = query.getOrDefault("service", List.of()).contains("git-receive-pack")
          || git.group(2).equals("git-receive-pack");
      return Optional.of(new VcsRequest(RepoType.GIT, RequestPaths.trimSlashes(name), push, "/" + git.group(2)));
    }
    String upper = method.toUpperCase(Locale.ROOT);
    if (headers.getOrDefault("dav", "").toLowerCase(Locale.ROOT).contains("subversion")
        || path.contains("/!svn") || upper.equals("PROPFIND") || upper.equals("PROPPATCH")) {
      String beforeBang = path.contains("!") ? path.substring(0, path.indexOf('!')) : path;
      String name = svnRepoName(RequestPaths.trimSlashes(beforeBang), isSvnRepo);
      boolean push = !Set.of("OPTIONS", "PROPFIND", "GET", "REPORT").contains(upper);
      return Optional.of(new VcsRequest(RepoType.SVN, name, push, ""));
    }
    return Optional.empty();
  }

  /** Longest prefix (whole segments) that is an svn repo, else the full path. */
  static String svnRepoName(String path, Predicate<String> isSvnRepo) {
    String candidate = path;
    while (!candidate.isEmpty()) {
      if (isSvnRepo.test(candidate)) {
        return candidate;
      }
      int slash = candidate.lastIndexOf('/');
      candidate = slash < 0 ? "" : candidate.substring(0, slash);
    }
    return path;
  }

  /**
   * A {@code batch} is a pull only if every command inside is; the command list travels in
   * {@code X-HgArg-N} headers (or the query when the server lacks httpheader).
   */
  static boolean hgIsPush(String cmd, Map<String, List<String>> query, Map<String, String> headers) {
    if (!cmd.equals("batch")) {
      return !HG_PULL_COMMANDS.contains(cmd);
    }
    // An X-HgArg- header without a number is not hg's; RhodeCode reads past it.
    Map<String, List<String>> hgArgs = parseQuery(HgBatch.headerArgs(headers).query());
    List<String> cmds = new ArrayList<>(hgArgs.getOrDefault("cmds", List.of()));
    cmds.addAll(query.getOrDefault("cmds", List.of()));
    if (cmds.isEmpty()) {
      return true;
    }
    return HgBatch.commandNames(cmds).stream().anyMatch(name -> !HG_PULL_COMMANDS.contains(name));
  }

  /**
   * The query as RhodeCode reads it ({@code urlparse.parse_qs} in {@code is_hg}, vcs.py): each
   * name and value unquoted on its own, {@code +} as a space, an escape that is not {@code %} and
   * two hex digits kept as it stands rather than refused, and a pair with an empty value (or no
   * {@code =}) left out, as {@code keep_blank_values} is off.
   */
  public static Map<String, List<String>> parseQuery(String raw) {
    Map<String, List<String>> out = new TreeMap<>();
    for (FormPairs.Pair p : FormPairs.split(raw, FormPairs.AMPERSAND)) {
      if (p.value().isEmpty()) {
        continue;
      }
      out.computeIfAbsent(unquotePlus(p.name()), x -> new ArrayList<>()).add(unquotePlus(p.value()));
    }
    return out;
  }

  /** Python's {@code unquote_plus}: valid escapes become bytes, read as UTF-8 with replacement. */
  static String unquotePlus(String text) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int hi = i + 2 < text.length() && c == '%' ? Character.digit(text.charAt(i + 1), 16) : -1;
      int lo = hi >= 0 ? Character.digit(text.charAt(i + 2), 16) : -1;
      if (lo >= 0) {
        bytes.write(hi * 16 + lo);
        i += 2;
      } else {
        byte[] b = String.valueOf(c == '+' ? ' ' : c).getBytes(StandardCharsets.UTF_8);
        bytes.write(b, 0, b.length);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
