package org.vcstoken.sandbox.gitlab;

/**
 * A namespace: a user's personal one ({@code kind} {@code user}, path = username) or a group
 * ({@code kind} {@code group}, possibly nested through {@code parentId}).
 */
record GlNamespace(long id, String name, String path, String kind, Long parentId) {
  static final String USER = "user";
  static final String GROUP = "group";
}
