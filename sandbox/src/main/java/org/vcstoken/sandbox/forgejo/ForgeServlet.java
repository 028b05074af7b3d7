package org.vcstoken.sandbox.forgejo;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vcstoken.sandbox.backend.GitBackend;
import org.vcstoken.sandbox.forgejo.AuthResult.Anonymous;
import org.vcstoken.sandbox.forgejo.AuthResult.Signed;
import org.vcstoken.sandbox.http.RequestPaths;
import org.vcstoken.sandbox.store.SandboxException;

/**
 * The front servlet of a forge imitation: {@code /api/v1}, Forgejo's {@code /api/forgejo/v1},
 * git smart HTTP, and the sandbox-only {@code /_sandbox/} control endpoints (site admin only)
 * for what the forges do only in their web UI or not at all (2FA enrolment, the clock).
 */
final class ForgeServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Pattern GIT = Pattern.compile("/([^/]+)/([^/]+)/(info/refs|git-upload-pack|git-receive-pack)");
  /** services/auth gitRawOrAttachPathRe: only such paths take Basic or token credentials. */
  private static final Pattern AUTH_NAME = Pattern.compile("[-.A-Za-z0-9_]+");

  private final transient Flavor flavor;
  private final transient ForgeOps ops;
  private final transient Authenticator authenticator;
  private final transient ForgeApi api;
  private final transient GitHttp gitHttp;
  private final transient GitBackend git;

  ForgeServlet(Flavor flavor, ForgeOps ops, Authenticator authenticator, ForgeApi api, GitHttp gitHttp,
      GitBackend git) {
    this.flavor = flavor;
    this.ops = ops;
    this.authenticator = authenticator;
    this.api = api;
    this.gitHttp = gitHttp;
    this.git = git;
  }

  @Override
  public void init() throws ServletException {
    git.init(getServletContext());
  }

  @Override
  public void destroy() {
    git.destroy();
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
    Optional<String> decoded = RequestPaths.decode(req.getRequestURI());
    if (decoded.isEmpty()) {
      Replies.httpError(resp, 400, "Bad Request");
      return;
    }
    String path = decoded.get();
    if (path.equals("/api/v1") || path.startsWith("/api/v1/")) {
      api.handleV1(path.substring("/api/v1".length()), req, resp, authenticator.authenticate(req));
      return;
    }
    if (flavor.forgejoApi() && (path.equals("/api/forgejo/v1") || path.startsWith("/api/forgejo/v1/"))) {
      api.handleForgejoV1(path.substring("/api/forgejo/v1".length()), req, resp, authenticator.authenticate(req));
      return;
    }
    if (path.startsWith("/_sandbox/")) {
      control(path.substring("/_sandbox".length()), req, resp);
      return;
    }
    Matcher m = GIT.matcher(path);
    if (m.matches()) {
      boolean authPath = AUTH_NAME.matcher(m.group(1)).matches() && AUTH_NAME.matcher(m.group(2)).matches();
      gitHttp.handle(req, resp, m.group(1), m.group(2), m.group(3),
          authPath ? authenticator.authenticate(req) : new Anonymous());
      return;
    }
    if (path.equals("/") && req.getMethod().equals("GET")) {
      home(resp);
      return;
    }
    Replies.webNotFound(resp);
  }

  private void home(HttpServletResponse resp) throws IOException {
    StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html><head><title>vcstoken sandbox (")
        .append(flavor.wireName()).append(")</title></head><body>\n<h1>vcstoken sandbox: ")
        .append(flavor.wireName()).append("</h1>\n<ul>\n");
    for (var r : ops.store().repos()) {
      b.append("<li>").append(escape(r.fullName())).append(r.isPrivate() ? " (private)" : " (public)").append("</li>\n");
    }
    b.append("</ul>\n</body></html>\n");
    byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
    resp.setStatus(200);
    resp.setHeader("Content-Type", "text/html; charset=utf-8");
    resp.setContentLength(bytes.length);
    resp.getOutputStream().write(bytes);
  }

  // ---- sandbox-only control ------------------------------------------------------------

  /**
   * {@code /_sandbox/time} (GET, POST {"epoch"}), {@code /_sandbox/users/{u}/totp} (PUT
   * [{"secret"}] → {"secret"}, GET → {"code"}, DELETE), {@code /_sandbox/users/{u}/webauthn}
   * (PUT, DELETE), {@code /_sandbox/users/{u}/tokens} (GET). Site admins only.
   */
  private void control(String path, HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!(authenticator.authenticate(req) instanceof Signed s) || !s.user().admin()) {
      Replies.messageOnly(resp, 401, "the sandbox control endpoints need a site admin's token or password");
      return;
    }
    String[] seg = ForgeApi.segments(path);
    String method = req.getMethod();
    try {
      if (seg.length == 1 && seg[0].equals("time")) {
        if (method.equals("POST")) {
          JsonNode body = readJson(req);
          JsonNode epoch = body == null ? null : body.get("epoch");
          if (epoch == null || !epoch.isNumber()) {
            throw new SandboxException("body must be {\"epoch\": <seconds since 1970, may be fractional>}");
          }
          ops.clock().setEpochSeconds(epoch.asDouble());
        }
        Replies.json(resp, 200, Map.of("now", ops.clock().epochSeconds()));
        return;
      }
      if (seg.length == 3 && seg[0].equals("users")) {
        String user = seg[1];
        switch (seg[2] + " " + method) {
          case "totp PUT" -> {
            JsonNode body = readJson(req);
            JsonNode secret = body == null ? null : body.get("secret");
            String s2 = ops.enrollTotp(user, secret != null && secret.isTextual() ? secret.asText() : null);
            Replies.json(resp, 200, Map.of("secret", s2));
          }
          case "totp GET" -> Replies.json(resp, 200, Map.of("code", ops.currentTotpCode(user),
              "now", ops.clock().epochSeconds()));
          case "totp DELETE" -> {
            ops.disableTotp(user);
            resp.setStatus(204);
          }
          case "webauthn PUT", "webauthn DELETE" -> {
            ops.setWebAuthn(user, method.equals("PUT"));
            resp.setStatus(204);
          }
          case "tokens GET" -> Replies.json(resp, 200, tokensJson(ops.tokens(user)));
          default -> Replies.messageOnly(resp, 404, "no sandbox control endpoint " + method + " " + path);
        }
        return;
      }
      Replies.messageOnly(resp, 404, "no sandbox control endpoint " + method + " " + path);
    } catch (SandboxException e) {
      Replies.messageOnly(resp, 422, e.getMessage());
    }
  }

  private static List<Object> tokensJson(List<ForgeToken> tokens) {
    List<Object> out = new ArrayList<>();
    for (ForgeToken t : tokens) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", t.id());
      m.put("name", t.name());
      m.put("token_last_eight", t.lastEight());
      m.put("scopes", t.scopes());
      m.put("repositories", t.repositories());
      m.put("created", t.created().toString());
      m.put("last_used", t.lastUsed().toString());
      out.add(m);
    }
    return out;
  }

  private static JsonNode readJson(HttpServletRequest req) throws IOException {
    byte[] body = JsonBinding.readBody(req);
    if (body == null) {
      throw new SandboxException("request body larger than " + JsonBinding.MAX_BODY + " bytes");
    }
    if (body.length == 0) {
      return null;
    }
    try {
      return Replies.JSON.readTree(body);
    } catch (IOException e) {
      throw new SandboxException("body is not JSON");
    }
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
