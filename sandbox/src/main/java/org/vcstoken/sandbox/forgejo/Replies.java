package org.vcstoken.sandbox.forgejo;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The three ways the forges answer, byte for byte where it matters: services/context Base.JSON
 * ({@code application/json;charset=utf-8}, encoder newline), http.Error (text/plain, trailing
 * newline, nosniff) and Base.PlainText (text/plain, no newline).
 */
final class Replies {
  static final ObjectMapper JSON = new ObjectMapper();
  /** Go's time.Time JSON (RFC 3339, "Z" for UTC) for whole seconds. */
  private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX")
      .withZone(ZoneOffset.UTC);
  /** Go's zero time.Time, which the create answers carry in fields they never set. */
  static final String ZERO_TIME = "0001-01-01T00:00:00Z";

  private Replies() {}

  static String time(long unixSeconds) {
    return RFC3339.format(Instant.ofEpochSecond(unixSeconds));
  }

  static void json(HttpServletResponse resp, int status, Object body) throws IOException {
    json(resp, status, body, "application/json;charset=utf-8");
  }

  static void json(HttpServletResponse resp, int status, Object body, String contentType) throws IOException {
    byte[] bytes = (JSON.writeValueAsString(body) + "\n").getBytes(StandardCharsets.UTF_8);
    resp.setStatus(status);
    resp.setHeader("Content-Type", contentType);
    resp.setHeader("X-Content-Type-Options", "nosniff");
    resp.setContentLength(bytes.length);
    resp.getOutputStream().write(bytes);
  }

  /** APIError: {@code {"message", "url"}} with the swagger URL. */
  static void apiError(HttpServletResponse resp, int status, String message, String appUrl) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("message", message);
    m.put("url", appUrl + "api/swagger");
    json(resp, status, m);
  }

  /** A bare {@code {"message"}} map, as verifyAuthWithOptions writes. */
  static void messageOnly(HttpServletResponse resp, int status, String message) throws IOException {
    json(resp, status, Map.of("message", message));
  }

  /** http.Error: the text plus a newline. */
  static void httpError(HttpServletResponse resp, int status, String text) throws IOException {
    plain(resp, status, text + "\n");
  }

  /** Base.PlainText: the text as is. */
  static void plain(HttpServletResponse resp, int status, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    resp.setStatus(status);
    resp.setHeader("Content-Type", "text/plain; charset=utf-8");
    resp.setHeader("X-Content-Type-Options", "nosniff");
    resp.setContentLength(bytes.length);
    resp.getOutputStream().write(bytes);
  }

  /** The web router's 404 for a path it does not know (the real one renders an HTML page). */
  static void webNotFound(HttpServletResponse resp) throws IOException {
    byte[] bytes = "<!DOCTYPE html>\n<html><head><title>Page Not Found</title></head><body>Not Found</body></html>\n"
        .getBytes(StandardCharsets.UTF_8);
    resp.setStatus(404);
    resp.setHeader("Content-Type", "text/html; charset=utf-8");
    resp.setContentLength(bytes.length);
    resp.getOutputStream().write(bytes);
  }
}
