package org.vcstoken.sandbox.forgejo;

import java.util.List;
import java.util.Locale;

/**
 * Which forge the imitation answers as. Forgejo is a soft fork of Gitea, so most rules are
 * shared; what differs is data here (texts, versions, which header, which switch), read by the
 * one implementation. Reference sources: Forgejo v15.0.3 ({@code f6d4219f10a2}), Gitea main at
 * {@code 3db3c058b3c7} (1.26.0-dev); sandbox/README.md names the file behind each rule.
 */
public enum Flavor {
  FORGEJO(
      "forgejo",
      // Makefile: FORGEJO_VERSION = git describe + "+gitea-1.22.0"; both version endpoints answer it.
      "15.0.3+gitea-1.22.0",
      List.of("X-Forgejo-OTP", "X-Gitea-OTP"),
      "Basic authorization is not allowed while having security keys enrolled",
      "auth method not allowed",
      "Credentials are incorrect or have expired. Retry your command or see "
          + "https://codeberg.org/forgejo/forgejo/issues/2809 for more information",
      "The target couldn't be found."),
  GITEA(
      "gitea",
      // Makefile: GITEA_VERSION = git describe with the first '-' made '+' ("v1.26.0-dev-469-g3db3c058b3").
      "1.26.0+dev-469-g3db3c058b3",
      List.of("X-Gitea-OTP"),
      "basic authorization is not allowed while WebAuthn enrolled",
      "auth required",
      "Failed to authenticate user",
      "not found");

  private final String wireName;
  private final String defaultVersion;
  private final List<String> otpHeaders;
  private final String webAuthnRefusal;
  private final String basicAuthRequired;
  private final String gitCredentialsRefused;
  private final String apiNotFound;

  Flavor(String wireName, String defaultVersion, List<String> otpHeaders, String webAuthnRefusal,
      String basicAuthRequired, String gitCredentialsRefused, String apiNotFound) {
    this.wireName = wireName;
    this.defaultVersion = defaultVersion;
    this.otpHeaders = otpHeaders;
    this.webAuthnRefusal = webAuthnRefusal;
    this.basicAuthRequired = basicAuthRequired;
    this.gitCredentialsRefused = gitCredentialsRefused;
    this.apiNotFound = apiNotFound;
  }

  /** {@code forgejo} or {@code gitea}: the {@code --flavor} value and the {@code sandbox.json} field. */
  public String wireName() {
    return wireName;
  }

  /** What {@code GET /api/v1/version} answers (and Forgejo's {@code /api/forgejo/v1/version}). */
  public String defaultVersion() {
    return defaultVersion;
  }

  /** {@code forgejo|gitea}, case-insensitive. */
  public static Flavor parse(String value) {
    for (Flavor f : values()) {
      if (f.wireName.equals(value == null ? null : value.toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new IllegalArgumentException("flavor must be forgejo or gitea, got `" + value + "`");
  }

  // ---- differences the implementation asks about ---------------------------------------

  /** OTP headers in the order they are read: Forgejo prefers its own and falls back to Gitea's. */
  List<String> otpHeaders() {
    return otpHeaders;
  }

  /** services/auth(/method)/basic.go: the refusal when WebAuthn keys are enrolled. */
  String webAuthnRefusal() {
    return webAuthnRefusal;
  }

  /** reqBasicOrRevProxyAuth's 401 message. */
  String basicAuthRequired() {
    return basicAuthRequired;
  }

  /** routers/web/web.go webAuth: the 401 text git sees for refused credentials. */
  String gitCredentialsRefused() {
    return gitCredentialsRefused;
  }

  /** The API's 404 message (Gitea: a fixed English text; Forgejo: the locale's error.not_found). */
  String apiNotFound() {
    return apiNotFound;
  }

  /**
   * Forgejo only: {@code POST /users/{u}/tokens} takes {@code repositories}, and the answers carry
   * it; Gitea's CreateAccessTokenOption has no such field and its JSON binding ignores it.
   */
  boolean repositoryTokens() {
    return this == FORGEJO;
  }

  /** Forgejo only: {@code /api/forgejo/v1/version}. */
  boolean forgejoApi() {
    return this == FORGEJO;
  }

  /**
   * Gitea's reqBasicOrRevProxyAuth only asks "was the Basic method used", and a token sent as
   * the Basic password is the Basic method; Forgejo (since 85e839e21d, 2025-08) requires a
   * password login.
   */
  boolean tokenInBasicCountsAsBasicAuth() {
    return this == GITEA;
  }

  /** Gitea puts the whole /tokens group behind reqBasicOrRevProxyAuth; Forgejo only POST and DELETE. */
  boolean listingTokensNeedsBasicAuth() {
    return this == GITEA;
  }

  /**
   * Gitea's CheckRepoScopedToken looks at the scope only when the token came in Basic auth;
   * Forgejo checks the scope (and the repository reducer) of every token.
   */
  boolean gitChecksScopeOfHeaderTokens() {
    return this == FORGEJO;
  }

  /** Gitea answers 400 to an unknown {@code ?service=}; Forgejo falls back to the method. */
  boolean unknownGitServiceIs400() {
    return this == GITEA;
  }

  /** Gitea has {@code [oauth2] ENABLED=false} giving realm {@code Gitea (Basic Auth)}; Forgejo has no such switch. */
  boolean realmFollowsOAuth2Setting() {
    return this == GITEA;
  }

  /** Forgejo's scope parser skips the legacy {@code sudo}; Gitea's rejects it. */
  boolean ignoresSudoScope() {
    return this == FORGEJO;
  }

  /**
   * Gitea's basic.go parses with httpauth (a malformed header is "no credentials"); Forgejo's
   * ignores base64.BasicAuthDecode's error and tries an empty username and password.
   */
  boolean malformedBasicIsAnonymous() {
    return this == GITEA;
  }

  /** tokenRequiresScopes' 403 message. */
  String missingScopeMessage(String requiredScope, String tokenScope) {
    return this == FORGEJO
        ? "token does not have at least one of required scope(s): [" + requiredScope + "]"
        : "token does not have at least one of required scope(s), required=[" + requiredScope
            + "], token scope=" + tokenScope;
  }

  /**
   * The pre-receive hook's stderr (relayed by git as {@code remote:} lines) when a reader pushes.
   * Gitea: cmd/serv.go fail() frames the hook's UserMsg; Forgejo prints "Forgejo: " + UserMsg.
   */
  List<String> pushDeniedLines(String user, String branch, String owner, String repo) {
    if (this == GITEA) {
      return List.of("error:", "error: User permission denied for writing.", "error:");
    }
    return List.of(
        "Forgejo: User '" + user + "' is not allowed to push to branch '" + branch + "' in '" + owner + "/"
            + repo + "'.",
        "If you instead wanted to create a pull request to the branch '" + branch + "', please use:",
        "git push origin HEAD:refs/for/" + branch + "/choose-a-descriptor",
        "You might want to replace 'origin' with the name of your Git remote if it is different from "
            + "origin. You can freely choose the descriptor to set it to a topic.",
        "You can learn about creating pull requests with AGit in the docs: "
            + "https://forgejo.org/docs/latest/user/agit-support/");
  }
}
