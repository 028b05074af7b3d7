package org.vcstoken.sandbox.forgejo;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.vcstoken.sandbox.forgejo.AuthResult.Anonymous;
import org.vcstoken.sandbox.forgejo.AuthResult.Method;
import org.vcstoken.sandbox.forgejo.AuthResult.Refused;
import org.vcstoken.sandbox.forgejo.AuthResult.Signed;
import org.vcstoken.sandbox.forgejo.ForgeStore.ForgeUser;
import org.vcstoken.sandbox.forgejo.ForgeStore.StoredToken;
import org.vcstoken.sandbox.store.SandboxClock;

/**
 * The auth group both the API and the git routes run: the OAuth2 method (access token in
 * {@code Authorization: token|Bearer}) and then the Basic method of services/auth/basic.go —
 * the username is the token when the password is empty or {@code x-oauth-basic}, otherwise the
 * password is; an unknown token falls through to a password login, where WebAuthn enrolment
 * refuses Basic and an enrolled TOTP needs the OTP header. The order and the error texts per
 * flavor are in sandbox/README.md.
 */
final class Authenticator {
  private final Flavor flavor;
  private final ForgeStore store;
  private final SandboxClock clock;

  Authenticator(Flavor flavor, ForgeStore store, SandboxClock clock) {
    this.flavor = flavor;
    this.store = store;
    this.clock = clock;
  }

  /** A method's verdict: not its header, a user, or an error text. */
  private record Outcome(Signed signed, String error, String userMessage) {
    static final Outcome NOT_ATTEMPTED = new Outcome(null, null, null);

    static Outcome error(String text) {
      return new Outcome(null, text, null);
    }
  }

  AuthResult authenticate(HttpServletRequest req) {
    String header = req.getHeader("Authorization");
    List<String> errors = new ArrayList<>();
    String userMessage = null;
    // The group's order: OAuth2 first, then Basic; the first user found wins.
    for (int i = 0; i < 2; i++) {
      Outcome o = i == 0 ? oauth2(header) : basic(header, req);
      if (o.signed() != null) {
        return o.signed();
      }
      if (o.error() != null) {
        errors.add(o.error());
        if (userMessage == null) {
          userMessage = o.userMessage();
        }
      }
    }
    if (errors.isEmpty()) {
      return new Anonymous();
    }
    // Gitea's Group returns the first method's error; Forgejo's joins every refused credential.
    return new Refused(flavor == Flavor.GITEA ? List.of(errors.get(0)) : errors, userMessage);
  }

  /** services/auth/oauth2.go parseToken (header part) and userFromToken for access tokens. */
  private Outcome oauth2(String header) {
    if (header == null) {
      return Outcome.NOT_ATTEMPTED;
    }
    String[] parts = header.trim().split("[ \\t\\r\\n]+");
    if (parts.length != 2 || !(asciiEqualFold(parts[0], "token") || asciiEqualFold(parts[0], "bearer"))) {
      return Outcome.NOT_ATTEMPTED;
    }
    String token = parts[1];
    if (token.contains(".")) {
      // A JWT: the sandbox issues no OAuth2 grants, so the user id resolves to 0.
      return Outcome.error("user does not exist [uid: 0, name: ]");
    }
    Optional<StoredToken> t = store.findToken(token);
    if (t.isEmpty()) {
      return Outcome.error("access token does not exist [sha: " + token + "]");
    }
    return signedByToken(t.get(), Method.HEADER_TOKEN);
  }

  private Outcome basic(String header, HttpServletRequest req) {
    String[] creds = parseBasic(header);
    if (creds == null) {
      return Outcome.NOT_ATTEMPTED;
    }
    String uname = creds[0];
    String passwd = creds[1];
    if (flavor == Flavor.GITEA && uname.isEmpty() && passwd.isEmpty()) {
      return Outcome.NOT_ATTEMPTED;
    }
    boolean usernameIsToken = passwd.isEmpty() || passwd.equals("x-oauth-basic");
    String authToken = usernameIsToken ? uname : passwd;
    Optional<StoredToken> t = store.findToken(authToken);
    if (t.isPresent()) {
      return signedByToken(t.get(), Method.BASIC_TOKEN);
    }
    return passwordLogin(uname, passwd, req);
  }

  /**
   * Gitea (modules/auth/httpauth): two fields, scheme "basic" in any case, strict base64 with a
   * colon, else not Basic at all. Forgejo (basic.go): split at the first space, and a base64 or
   * colon error yields an empty username and password that are then tried.
   */
  private String[] parseBasic(String header) {
    if (header == null || header.isEmpty()) {
      return null;
    }
    String payload;
    if (flavor.malformedBasicIsAnonymous()) {
      String[] parts = header.trim().split("[ \\t\\r\\n]+");
      if (parts.length != 2 || !asciiEqualFold(parts[0], "basic")) {
        return null;
      }
      payload = parts[1];
    } else {
      int sp = header.indexOf(' ');
      if (sp < 0 || !header.substring(0, sp).toLowerCase(Locale.ROOT).equals("basic")) {
        return null;
      }
      payload = header.substring(sp + 1);
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(payload), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return flavor.malformedBasicIsAnonymous() ? null : new String[] {"", ""};
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return flavor.malformedBasicIsAnonymous() ? null : new String[] {"", ""};
    }
    return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
  }

  /** UserSignIn for local accounts, then the WebAuthn refusal and validateTOTP. */
  private Outcome passwordLogin(String uname, String passwd, HttpServletRequest req) {
    String trimmed = uname.strip();
    Optional<ForgeUser> found = trimmed.isEmpty() ? Optional.empty() : store.findUser(trimmed);
    if (found.isEmpty()) {
      return Outcome.error("user does not exist [uid: 0, name: " + uname + "]");
    }
    ForgeUser u = found.get();
    if (!store.passwordMatches(u, passwd)) {
      return Outcome.error("user's password is invalid [uid: " + u.id() + ", name: " + u.name() + "]");
    }
    if (u.webAuthn()) {
      String text = flavor.webAuthnRefusal();
      // Gitea wraps it in ErrUserAuthMessage so the API shows it verbatim.
      return new Outcome(null, text, flavor == Flavor.GITEA ? text : null);
    }
    if (u.totpSecret() != null && !Totp.verify(u.totpSecret(), otp(req), clock.instant())) {
      return Outcome.error("invalid provided OTP");
    }
    return new Outcome(new Signed(u, Method.PASSWORD, null), null, null);
  }

  private String otp(HttpServletRequest req) {
    for (String name : flavor.otpHeaders()) {
      String v = req.getHeader(name);
      if (v != null && !v.isEmpty()) {
        return v;
      }
    }
    return "";
  }

  private Outcome signedByToken(StoredToken t, Method method) {
    Optional<ForgeUser> owner = store.user(t.uid());
    if (owner.isEmpty()) {
      return Outcome.error("user does not exist [uid: " + t.uid() + ", name: ]");
    }
    return new Outcome(new Signed(owner.get(), method, t), null, null);
  }

  static boolean asciiEqualFold(String a, String b) {
    return a.length() == b.length() && a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
  }
}
