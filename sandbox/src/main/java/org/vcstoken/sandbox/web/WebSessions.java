package org.vcstoken.sandbox.web;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.vcstoken.sandbox.store.SandboxClock;

/**
 * Browser sessions the way RhodeCode keeps them with Beaker ({@code configs/production.ini}:
 * {@code beaker.session.key = rhodecode}, {@code httponly = true}, {@code timeout = 2592000}):
 * the cookie {@code rhodecode} carries a signed session id (an HMAC of the id, then the id); a
 * session is made as soon as a page needs its CSRF token ({@code lib/base.py} asks for it on
 * every page, {@code lib/auth.py get_csrf_token} saves a new one), so the login page already sets
 * the cookie, and it is replaced at login ({@code apps/login/views.py} invalidates the session).
 * Sessions live in memory: a restart logs everyone out, as Beaker's file store would not.
 */
final class WebSessions {
  static final String COOKIE = "rhodecode";
  /** {@code beaker.session.timeout}: a session unused this long is gone. */
  static final Duration TIMEOUT = Duration.ofSeconds(2592000);

  /** A flash message: RhodeCode's categories are warning, notice, error and success. */
  record Flash(String category, String message) {
  }

  /** One browser session: its CSRF token, the logged-in user (null: anonymous) and pending flashes. */
  static final class Session {
    final String id;
    final String csrf;
    volatile Long userId;
    volatile Instant lastUsed;
    private final List<Flash> flashes = new ArrayList<>();

    Session(String id, String csrf, Instant now) {
      this.id = id;
      this.csrf = csrf;
      this.lastUsed = now;
    }

    synchronized void flash(String category, String message) {
      flashes.add(new Flash(category, message));
    }

    /**
     * The pending flashes, removed: RhodeCode's {@code Flash.pop_messages} takes them queue by
     * queue in the order warning, notice, error, success.
     */
    synchronized List<Flash> popFlashes() {
      List<Flash> out = new ArrayList<>();
      for (String category : List.of("warning", "notice", "error", "success")) {
        for (Flash f : flashes) {
          if (f.category().equals(category)) {
            out.add(f);
          }
        }
      }
      flashes.clear();
      return out;
    }
  }

  private final SandboxClock clock;
  private final byte[] secret;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  WebSessions(SandboxClock clock) {
    this.clock = clock;
    this.secret = new byte[20];
    random.nextBytes(secret);
  }

  /** The request's session, if its cookie is ours, correctly signed and not timed out. */
  Optional<Session> find(HttpServletRequest req) {
    Cookie[] cookies = req.getCookies();
    if (cookies == null) {
      return Optional.empty();
    }
    for (Cookie c : cookies) {
      if (!c.getName().equals(COOKIE) || c.getValue().length() != 72) {
        continue;
      }
      String sig = c.getValue().substring(0, 40);
      String id = c.getValue().substring(40);
      if (!MessageDigest.isEqual(sig.getBytes(StandardCharsets.US_ASCII), sign(id).getBytes(StandardCharsets.US_ASCII))) {
        continue;
      }
      Session s = sessions.get(id);
      if (s == null) {
        continue;
      }
      Instant now = clock.instant();
      if (Duration.between(s.lastUsed, now).compareTo(TIMEOUT) > 0) {
        sessions.remove(id);
        continue;
      }
      s.lastUsed = now;
      return Optional.of(s);
    }
    return Optional.empty();
  }

  /** The request's session, or a new one whose cookie is set on {@code resp}. */
  Session findOrCreate(HttpServletRequest req, HttpServletResponse resp) {
    Optional<Session> s = find(req);
    return s.isPresent() ? s.get() : create(resp);
  }

  /** A new session (new id, new CSRF token) with its cookie set on {@code resp}. */
  Session create(HttpServletResponse resp) {
    Session s = new Session(hex(16), hex(20), clock.instant());
    sessions.put(s.id, s);
    resp.setHeader("Set-Cookie", COOKIE + "=" + sign(s.id) + s.id + "; Path=/; HttpOnly");
    return s;
  }

  /** Ends a session and tells the browser to drop its cookie, as Beaker's {@code delete()} does. */
  void delete(Session s, HttpServletResponse resp) {
    sessions.remove(s.id);
    resp.setHeader("Set-Cookie", COOKIE + "=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly");
  }

  /** Forgets a session without touching the cookie (the caller sets a new one). */
  void invalidate(Session s) {
    sessions.remove(s.id);
  }

  private String hex(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private String sign(String id) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret, "HmacSHA1"));
      return HexFormat.of().formatHex(mac.doFinal(id.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new AssertionError("every JDK has HmacSHA1", e);
    }
  }
}
