package org.vcstoken.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Raw HTTP against the sandbox; never follows redirects so tests can see them. */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private Http() {}

  static HttpResponse<String> send(HttpRequest.Builder b) {
    try {
      return CLIENT.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("HTTP request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  static HttpRequest.Builder request(Sandbox s, String pathAndQuery) {
    return request(s.url().toString(), pathAndQuery);
  }

  static HttpRequest.Builder request(String baseUrl, String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery));
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static HttpResponse<String> postRaw(Sandbox s, String path, String body) {
    return postRaw(s.url().toString(), path, body);
  }

  static HttpResponse<String> postRaw(String baseUrl, String path, String body) {
    return send(request(baseUrl, path).POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** A JSON-RPC call; returns the whole envelope after checking it is HTTP 200. */
  static JsonNode rpc(Sandbox s, String token, String method, Map<String, ?> args) {
    return rpc(s.url().toString(), token, method, args);
  }

  static JsonNode rpc(String s, String token, String method, Map<String, ?> args) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", 7);
    body.put("auth_token", token);
    body.put("method", method);
    body.put("args", args);
    try {
      HttpResponse<String> r = postRaw(s, "/_admin/api", JSON.writeValueAsString(body));
      if (r.statusCode() != 200) {
        throw new AssertionError("API answered HTTP " + r.statusCode());
      }
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static JsonNode rpcOk(Sandbox s, String token, String method, Map<String, ?> args) {
    return rpcOk(s.url().toString(), token, method, args);
  }

  static JsonNode rpcOk(String s, String token, String method, Map<String, ?> args) {
    JsonNode r = rpc(s, token, method, args);
    if (!r.get("error").isNull()) {
      throw new AssertionError(method + " failed: " + r.get("error").asText());
    }
    return r.get("result");
  }

  static String form(Map<String, String> fields) {
    StringBuilder b = new StringBuilder();
    fields.forEach((k, v) -> {
      if (b.length() > 0) {
        b.append('&');
      }
      b.append(java.net.URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
          .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8));
    });
    return b.toString();
  }
}
