package org.vcstoken.sandbox.gitlab;

/**
 * A project. {@code vcsType} is {@code git}, or {@code hg} for a Heptapod project;
 * {@code visibility} is {@code private}, {@code internal} or {@code public}.
 *
 * @param createdAt epoch milliseconds
 */
record GlProject(long id, String name, String path, long namespaceId, String visibility, String vcsType,
    String description, long createdAt) {
  static final String GIT = "git";
  static final String HG = "hg";
}
