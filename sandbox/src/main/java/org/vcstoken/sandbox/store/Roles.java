package org.vcstoken.sandbox.store;

import java.util.Set;

/** RhodeCode's token role names. */
public final class Roles {
  public static final String ALL = "token_role_all";
  public static final String VCS = "token_role_vcs";
  public static final String API = "token_role_api";
  public static final String HTTP = "token_role_http";
  public static final String FEED = "token_role_feed";
  public static final String ARTIFACT = "role_artifact_download";

  /** Roles a user may pick; {@code token_password_reset} is internal in RhodeCode. */
  public static final Set<String> USER_CREATABLE = Set.of(ALL, VCS, API, HTTP, FEED, ARTIFACT);

  private Roles() {}
}
