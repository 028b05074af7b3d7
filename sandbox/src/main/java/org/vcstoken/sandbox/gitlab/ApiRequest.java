package org.vcstoken.sandbox.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vcstoken.sandbox.http.FormPairs;

/**
 * One {@code /api/v4} call: method, path segments (each percent-decoded once, so
 * {@code group%2Fproject} is one segment), and the parameters Grape would see: the query
 * string merged with a JSON or form body.
 */
final class ApiRequest {
  static final int MAX_BODY = 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  final String method;
  /** The path as sent, e.g. {@code /api/v4/projects/a%2Fb/access_tokens/self/rotate}. */
  final String rawPath;
  final List<String> segments;
  final Map<String, Object> params;
  private final HttpServletRequest req;

  private ApiRequest(String method, String rawPath, List<String> segments, Map<String, Object> params,
      HttpServletRequest req) {
    this.method = method;
    this.rawPath = rawPath;
    this.segments = segments;
    this.params = params;
    this.req = req;
  }

  /** Reads the request; a body that is not JSON (when it says so) or too big is a 400. */
  static ApiRequest read(HttpServletRequest req, String rawPath) throws IOException {
    String rest = rawPath.substring("/api/v4".length());
    List<String> segments = new ArrayList<>();
    for (String s : rest.split("/")) {
      if (!s.isEmpty()) {
        segments.add(HgCommands.decode(s.replace("+", "%2B")));
      }
    }
    Map<String, Object> params = new LinkedHashMap<>();
    mergeForm(params, req.getQueryString());
    byte[] body = req.getInputStream().readNBytes(MAX_BODY + 1);
    if (body.length > MAX_BODY) {
      throw ApiError.message(413, "413 Request Entity Too Large");
    }
    if (body.length > 0) {
      String type = req.getContentType() == null ? "" : req.getContentType().toLowerCase(Locale.ROOT);
      String text = new String(body, StandardCharsets.UTF_8);
      if (type.startsWith("application/json")) {
        JsonNode node;
        try {
          node = JSON.readTree(text);
        } catch (IOException e) {
          throw ApiError.error(400, "There was a problem with the JSON body of the request");
        }
        if (node != null && node.isObject()) {
          node.fields().forEachRemaining(e -> params.put(e.getKey(), JSON.convertValue(e.getValue(), Object.class)));
        }
      } else {
        mergeForm(params, text);
      }
    }
    return new ApiRequest(req.getMethod().toUpperCase(Locale.ROOT), rawPath, List.copyOf(segments),
        params, req);
  }

  /** {@code a=1&scopes[]=x&scopes[]=y}: names ending in {@code []} collect into a list. */
  @SuppressWarnings("unchecked")
  private static void mergeForm(Map<String, Object> params, String raw) {
    for (FormPairs.Pair p : FormPairs.split(raw, FormPairs.AMPERSAND)) {
      String k = HgCommands.decode(p.name());
      String v = HgCommands.decode(p.value());
      if (k.endsWith("[]")) {
        Object prev = params.get(k.substring(0, k.length() - 2));
        List<Object> list = prev instanceof List<?> l ? (List<Object>) l : new ArrayList<>();
        list.add(v);
        params.put(k.substring(0, k.length() - 2), list);
      } else {
        params.put(k, v);
      }
    }
  }

  String header(String name) {
    return req.getHeader(name);
  }

  boolean isGet() {
    return method.equals("GET") || method.equals("HEAD");
  }

  /** {@code http://127.0.0.1:PORT}, as the client addressed the sandbox. */
  String baseUrl() {
    String host = req.getHeader("Host");
    return req.getScheme() + "://" + (host == null ? req.getServerName() + ":" + req.getServerPort() : host);
  }

  /** Whether the path is {@code /segments[0]/…} exactly, where {@code *} matches any one segment. */
  boolean matches(String method, String... pattern) {
    if (!this.method.equals(method) && !(method.equals("GET") && this.method.equals("HEAD"))) {
      return false;
    }
    if (segments.size() != pattern.length) {
      return false;
    }
    for (int i = 0; i < pattern.length; i++) {
      if (!pattern[i].equals("*") && !pattern[i].equals(segments.get(i))) {
        return false;
      }
    }
    return true;
  }

  String segment(int i) {
    return segments.get(i);
  }
}
