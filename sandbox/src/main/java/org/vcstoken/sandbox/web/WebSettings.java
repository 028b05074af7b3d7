package org.vcstoken.sandbox.web;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The admin settings the web pages depend on, kept in memory (RhodeCode keeps them in its
 * database; the sandbox's state file is not the place for them): the custom header and footer
 * code ({@code rhodecode_pre_code} / {@code rhodecode_post_code}, which RhodeCode's
 * {@code base/root.mako} writes unescaped into every page) and per-user IP allow-lists (RhodeCode's
 * "IP whitelist"; an empty list allows every address).
 */
public final class WebSettings {
  private volatile String preCode = "";
  private volatile String postCode = "";
  private final Map<String, Set<String>> allowedIps = new ConcurrentHashMap<>();

  /** The admin's custom code, written unescaped at the end of {@code <head>} and of {@code <body>}. */
  public void setCustomCode(String pre, String post) {
    preCode = pre == null ? "" : pre;
    postCode = post == null ? "" : post;
  }

  String preCode() {
    return preCode;
  }

  String postCode() {
    return postCode;
  }

  /** The addresses {@code username} may use the web UI from; empty = any. Exact addresses only. */
  public void setAllowedIps(String username, Collection<String> ips) {
    Objects.requireNonNull(username, "username");
    if (ips == null || ips.isEmpty()) {
      allowedIps.remove(username);
    } else {
      allowedIps.put(username, Set.copyOf(ips));
    }
  }

  boolean ipAllowed(String username, String ip) {
    Set<String> allowed = allowedIps.get(username);
    return allowed == null || allowed.contains(ip);
  }
}
