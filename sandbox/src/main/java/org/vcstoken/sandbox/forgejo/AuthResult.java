package org.vcstoken.sandbox.forgejo;

import java.util.List;
import org.vcstoken.sandbox.forgejo.ForgeStore.ForgeUser;
import org.vcstoken.sandbox.forgejo.ForgeStore.StoredToken;

/** What the forge's auth group made of a request's {@code Authorization} header. */
sealed interface AuthResult {

  /** How a signed-in user got in; the rules downstream ask exactly this. */
  enum Method {
    /** Basic with the account password (and OTP where enrolled). */
    PASSWORD,
    /** An access token sent as the Basic password (or as the username with an empty password). */
    BASIC_TOKEN,
    /** An access token in {@code Authorization: token …} or {@code Bearer …} (the OAuth2 method). */
    HEADER_TOKEN
  }

  /** No credentials, or credentials no method claimed. */
  record Anonymous() implements AuthResult {}

  record Signed(ForgeUser user, Method method, StoredToken token) implements AuthResult {
    boolean viaToken() {
      return token != null;
    }

    /** Forgejo: a repository-specific token (ResourceAllRepos false). */
    boolean repoSpecificToken() {
      return token != null && !token.allRepos();
    }
  }

  /**
   * Credentials were offered and refused. {@code errors} are the methods' errors in order;
   * {@code userMessage} is Gitea's ErrUserAuthMessage (shown to API clients as is), else null.
   */
  record Refused(List<String> errors, String userMessage) implements AuthResult {}
}
