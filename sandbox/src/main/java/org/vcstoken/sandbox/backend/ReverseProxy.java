package org.vcstoken.sandbox.backend;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Forwards an already-authorised request to a loopback backend (hg serve, Apache) and streams
 * the answer back. The request body is buffered so the backend gets a Content-Length: hg's
 * built-in server does not read chunked request bodies.
 */
public final class ReverseProxy {
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive",
      "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding",
      "upgrade", "host", "content-length", "expect", "authorization", "http2-settings");
  /** Largest request body forwarded; bigger pushes/commits get 413. */
  static final long MAX_BODY = 512L * 1024 * 1024;

  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(10))
      .build();

  /**
   * @param backendBase e.g. {@code http://127.0.0.1:1234}
   * @param pathAndQuery the raw path plus query to request from the backend
   * @param extraHeaders headers to add (e.g. the backend's own Authorization)
   */
  public void forward(HttpServletRequest req, HttpServletResponse resp, String backendBase,
      String pathAndQuery, Map<String, String> extraHeaders) throws IOException {
    long declared = req.getContentLengthLong();
    if (declared > MAX_BODY) {
      resp.sendError(413, "request body larger than " + MAX_BODY + " bytes");
      return;
    }
    byte[] body = readBounded(req.getInputStream());
    if (body == null) {
      resp.sendError(413, "request body larger than " + MAX_BODY + " bytes");
      return;
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(backendBase + pathAndQuery))
        .timeout(Duration.ofMinutes(10))
        .method(req.getMethod(), body.length == 0 && !hasBody(req)
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    for (String name : Collections.list(req.getHeaderNames())) {
      if (HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
        continue;
      }
      for (String value : Collections.list(req.getHeaders(name))) {
        b.header(name, value);
      }
    }
    extraHeaders.forEach(b::header);
    HttpResponse<InputStream> r;
    try {
      r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for " + backendBase, e);
    } catch (IOException e) {
      resp.sendError(502, "backend " + backendBase + " did not answer: " + e.getMessage());
      return;
    }
    resp.setStatus(r.statusCode());
    String front = req.getScheme() + "://" + req.getHeader("Host");
    r.headers().map().forEach((name, values) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (HOP_BY_HOP.contains(lower) || lower.equals(":status")) {
        return;
      }
      for (String v : values) {
        // Absolute Locations from the backend must point at the sandbox, not at loopback.
        resp.addHeader(name, lower.equals("location") ? v.replace(backendBase, front) : v);
      }
    });
    r.headers().firstValueAsLong("content-length").ifPresent(resp::setContentLengthLong);
    try (InputStream in = r.body(); OutputStream out = resp.getOutputStream()) {
      in.transferTo(out);
    }
  }

  private static boolean hasBody(HttpServletRequest req) {
    return req.getContentLengthLong() > 0 || req.getHeader("Transfer-Encoding") != null
        || !List.of("GET", "HEAD", "OPTIONS", "DELETE").contains(req.getMethod());
  }

  private static byte[] readBounded(InputStream in) throws IOException {
    byte[] all = in.readNBytes((int) Math.min(MAX_BODY + 1, Integer.MAX_VALUE - 16));
    return all.length > MAX_BODY ? null : all;
  }
}
