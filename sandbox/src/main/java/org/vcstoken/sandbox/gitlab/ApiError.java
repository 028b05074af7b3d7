package org.vcstoken.sandbox.gitlab;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An API answer other than success, with GitLab's body: {@code {"message": …}} from the API
 * helpers, {@code {"error": …}} from Grape's validation and routing, or the OAuth error
 * object from {@code API::APIGuard}.
 */
final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;
  final transient Object body;
  final transient Map<String, String> headers;

  ApiError(int status, Object body, Map<String, String> headers) {
    super(status + " " + body, null, false, false);
    this.status = status;
    this.body = body;
    this.headers = headers;
  }

  /** {@code render_api_error!}: {@code {"message": message}}. */
  static ApiError message(int status, Object message) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("message", message);
    return new ApiError(status, b, Map.of());
  }

  /** Grape's {@code error!} with a string and its validation errors: {@code {"error": text}}. */
  static ApiError error(int status, String text) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("error", text);
    return new ApiError(status, b, Map.of());
  }

  /** {@code unauthorized!}. */
  static ApiError unauthorized() {
    return message(401, "401 Unauthorized");
  }

  /** {@code forbidden!(reason)}. */
  static ApiError forbidden(String reason) {
    return message(403, reason == null ? "403 Forbidden" : "403 Forbidden - " + reason);
  }

  /** {@code bad_request!(reason)}. */
  static ApiError badRequest(String reason) {
    return message(400, reason == null ? "400 Bad request" : "400 Bad request - " + reason);
  }

  /** {@code not_found!(resource)}: "404 Project Not Found". */
  static ApiError notFound(String resource) {
    return message(404, resource == null ? "404 Not Found" : "404 " + resource + " Not Found");
  }

  /** {@code not_allowed!}. */
  static ApiError notAllowed() {
    return message(405, "405 Method Not Allowed");
  }

  /** The catch-all route of {@code lib/api/api.rb} for paths no endpoint serves. */
  static ApiError noRoute() {
    return error(404, "404 Not Found");
  }

  /**
   * {@code Rack::OAuth2::Server::Resource::Bearer::Unauthorized} as rescued by
   * {@code API::APIGuard}: outside the middleware no realm is set, so rack-oauth2's default
   * {@code Protected by OAuth 2.0} is used.
   */
  static ApiError invalidToken(String description) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("error", "invalid_token");
    b.put("error_description", description);
    return new ApiError(401, b, Map.of("WWW-Authenticate", "Bearer realm=\"Protected by OAuth 2.0\", "
        + "error=\"invalid_token\", error_description=\"" + description + "\""));
  }

  /** {@code Bearer::Forbidden(:insufficient_scope, …, scope: …)}: no challenge header. */
  static ApiError insufficientScope(String scopes) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("error", "insufficient_scope");
    b.put("error_description", "The request requires higher privileges than provided by the access token.");
    b.put("scope", scopes);
    return new ApiError(403, b, Map.of());
  }
}
