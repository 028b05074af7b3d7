package org.vcstoken.sandbox;

/**
 * Which RhodeCode edition the web UI imitates. Only EE accepts {@code scope_repo_id} when a
 * token is created in the web UI (CE ignores the field, so its tokens are server-wide).
 */
public enum Edition {
  CE, EE
}
