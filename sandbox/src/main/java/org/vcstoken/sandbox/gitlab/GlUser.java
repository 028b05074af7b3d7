package org.vcstoken.sandbox.gitlab;

/**
 * A GitLab user. Project bots (the users behind project access tokens) carry the project
 * they were made for; GitLab names them {@code project_<id>_bot_<suffix>}.
 *
 * @param namespaceId the user's personal namespace (0 for bots, which have none here)
 * @param passwordHash salted SHA-256; the sandbox keeps no plain passwords
 * @param createdAt epoch milliseconds
 */
record GlUser(long id, String username, String name, String email, String salt, String passwordHash,
    boolean admin, Long botProjectId, long namespaceId, long createdAt) {

  boolean bot() {
    return botProjectId != null;
  }
}
