package org.vcstoken.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.vcstoken.sandbox.gitlab.GitLabSandbox;

/** Real HTTP calls to a GitLab sandbox's {@code /api/v4}, with a JSON body and a token header. */
final class GlApi {
  private GlApi() {}

  /** One answer: status, parsed JSON body (or null) and the raw response. */
  record Reply(int status, JsonNode json, HttpResponse<String> raw) {
    String message() {
      return json == null || json.get("message") == null ? null : json.get("message").asText();
    }

    String error() {
      return json == null || json.get("error") == null ? null : json.get("error").asText();
    }

    String text(String field) {
      return json.get(field) == null || json.get(field).isNull() ? null : json.get(field).asText();
    }

    long id() {
      return json.get("id").asLong();
    }
  }

  static Reply call(GitLabSandbox s, String method, String path, String token, Map<String, ?> body) {
    return call(s, method, path, token == null ? Map.of() : Map.of("PRIVATE-TOKEN", token), body);
  }

  static Reply call(GitLabSandbox s, String method, String path, Map<String, String> headers, Map<String, ?> body) {
    try {
      HttpRequest.Builder b = Http.request(s.url().toString(), "/api/v4" + path);
      headers.forEach(b::header);
      if (body == null) {
        b.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        b.header("Content-Type", "application/json");
        b.method(method, HttpRequest.BodyPublishers.ofString(Http.JSON.writeValueAsString(body)));
      }
      HttpResponse<String> r = Http.send(b);
      JsonNode json = r.body().isEmpty() ? null : Http.JSON.readTree(r.body());
      return new Reply(r.statusCode(), json, r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Reply get(GitLabSandbox s, String path, String token) {
    return call(s, "GET", path, token, null);
  }

  static Reply post(GitLabSandbox s, String path, String token, Map<String, ?> body) {
    return call(s, "POST", path, token, body);
  }

  static Reply delete(GitLabSandbox s, String path, String token) {
    return call(s, "DELETE", path, token, null);
  }

  /** A project path as GitLab's API wants it in a URL: {@code group%2Fproject}. */
  static String enc(String path) {
    return path.replace("/", "%2F");
  }
}
