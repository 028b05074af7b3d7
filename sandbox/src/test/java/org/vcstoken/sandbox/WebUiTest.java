package org.vcstoken.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The login session, CSRF and the auth-token pages the client's create-a-token fallback drives. */
class WebUiTest {
  static final String TOKENS = "/_admin/my_account/auth_tokens";
  @TempDir
  static Path data;
  @TempDir
  static Path dataCe;
  static Sandbox ee;
  static Sandbox ce;

  @BeforeAll
  static void start() throws IOException {
    ee = Sandbox.start(SandboxOptions.defaults(data).withAuthCacheTtl(Duration.ZERO));
    ce = Sandbox.start(SandboxOptions.defaults(dataCe).withAuthCacheTtl(Duration.ZERO).withEdition(Edition.CE));
    for (Sandbox s : new Sandbox[] {ee, ce}) {
      s.createUser("web", "web-pw");
      s.createRepo("webrepo", "git", "web");
    }
  }

  @AfterAll
  static void stop() {
    if (ee != null) {
      ee.close();
    }
    if (ce != null) {
      ce.close();
    }
  }

  /** A logged-in browser: its session cookie and the CSRF token from the tokens page. */
  record Browser(Sandbox s, String cookie, String csrf) {
    HttpResponse<String> get(String path) {
      return Http.send(Http.request(s, path).header("Cookie", cookie));
    }

    HttpResponse<String> post(String path, Map<String, String> fields) {
      return Http.send(Http.request(s, path).header("Cookie", cookie)
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(Http.form(fields))));
    }

    HttpResponse<String> postWithCsrf(String path, Map<String, String> fields) {
      Map<String, String> all = new LinkedHashMap<>(fields);
      all.put("csrf_token", csrf);
      return post(path, all);
    }

    /** As the page's JavaScript posts: with {@code X-Requested-With: XMLHttpRequest}. */
    HttpResponse<String> xhrWithCsrf(String path, Map<String, String> fields) {
      Map<String, String> all = new LinkedHashMap<>(fields);
      all.put("csrf_token", csrf);
      return Http.send(Http.request(s, path).header("Cookie", cookie)
          .header("Content-Type", "application/x-www-form-urlencoded").header("X-Requested-With", "XMLHttpRequest")
          .POST(HttpRequest.BodyPublishers.ofString(Http.form(all))));
    }
  }

  static HttpResponse<String> postLogin(Sandbox s, String user, String password, String cameFrom) {
    return Http.send(Http.request(s, "/_admin/login?came_from=" + cameFrom)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(Http.form(Map.of("username", user, "password", password)))));
  }

  static Browser login(Sandbox s) {
    HttpResponse<String> r = postLogin(s, "web", "web-pw", "%2F_admin%2Fmy_account%2Fauth_tokens");
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location")).contains(TOKENS);
    String cookie = r.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    assertThat(cookie).startsWith("rhodecode_session=");
    HttpResponse<String> page = Http.send(Http.request(s, TOKENS).header("Cookie", cookie));
    Matcher m = Pattern.compile("name=\"csrf_token\" value=\"([0-9a-f]+)\"").matcher(page.body());
    assertThat(m.find()).isTrue();
    return new Browser(s, cookie, m.group(1));
  }

  private static long newestTokenId(String page) {
    Matcher m = Pattern.compile("data-token-id=\"(\\d+)\"").matcher(page);
    long last = -1;
    while (m.find()) {
      last = Long.parseLong(m.group(1));
    }
    assertThat(last).isPositive();
    return last;
  }

  @Test
  void loginPageHasRhodeCodeFieldNames() {
    HttpResponse<String> r = Http.send(Http.request(ee, "/_admin/login"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("name=\"username\"").contains("name=\"password\"").contains("name=\"remember\"");
  }

  @Test
  void badPasswordAndTokenAsPasswordDoNotLogIn() {
    HttpResponse<String> bad = postLogin(ee, "web", "nope", "%2F");
    assertThat(bad.statusCode()).isEqualTo(200);
    assertThat(bad.body()).contains("Invalid username or password");
    assertThat(bad.headers().firstValue("Set-Cookie")).isEmpty();
    String token = ee.addToken("web", "token_role_all", -1, "", null).token();
    assertThat(postLogin(ee, "web", token, "%2F").statusCode()).isEqualTo(200);
  }

  @Test
  void tokensPageNeedsLoginAndRedirectsWithCameFrom() {
    HttpResponse<String> r = Http.send(Http.request(ee, TOKENS + "?token_role=token_role_vcs"));
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location").orElseThrow())
        .startsWith("/_admin/login?came_from=").contains("token_role%3Dtoken_role_vcs");
  }

  @Test
  void tokensPagePreselectsRoleAndMasksTokens() {
    Browser b = login(ee);
    String secret = ee.addToken("web", "token_role_http", -1, "masked", null).token();
    HttpResponse<String> page = b.get(TOKENS + "?token_role=token_role_vcs");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<option value=\"token_role_vcs\" selected=\"selected\">");
    assertThat(page.body()).contains(secret.substring(0, 4) + "****").doesNotContain(secret);
    assertThat(page.body()).contains("var CSRF_TOKEN = '" + b.csrf() + "'");
  }

  @Test
  void createViewUseAndDeleteAToken() {
    Browser b = login(ee);
    HttpResponse<String> created = b.postWithCsrf(TOKENS + "/new",
        Map.of("description", "from web", "role", "token_role_vcs", "lifetime", "60"));
    assertThat(created.statusCode()).isEqualTo(302);
    assertThat(created.headers().firstValue("Location")).contains(TOKENS);
    String page = b.get(TOKENS).body();
    assertThat(page).as("the flash, for the page's JavaScript, without the new id as in RhodeCode")
        .contains("var alertMessagePayloads = [{\"message\":{").contains("\"message\":\"Auth token successfully created\"")
        .contains("\"level\":\"success\"");
    assertThat(b.get(TOKENS).body()).as("shown once").contains("var alertMessagePayloads = []; ");
    long id = newestTokenId(page);
    assertThat(b.postWithCsrf(TOKENS + "/view", Map.of("auth_token_id", Long.toString(id))).statusCode())
        .as("an xhr-only route, as in RhodeCode").isEqualTo(404);
    HttpResponse<String> view = b.xhrWithCsrf(TOKENS + "/view", Map.of("auth_token_id", Long.toString(id)));
    assertThat(view.statusCode()).isEqualTo(200);
    assertThat(view.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
    assertThat(view.body()).matches("\\{\"auth_token\":\"[0-9a-f]{40}\"\\}");
    String token = view.body().substring(15, 55);
    HttpResponse<String> vcs = Http.send(Http.request(ee, "/webrepo/info/refs?service=git-upload-pack")
        .header("Authorization", Http.basic("web", token)));
    assertThat(vcs.statusCode()).isEqualTo(200);
    HttpResponse<String> deleted = b.postWithCsrf(TOKENS + "/delete", Map.of("del_auth_token", Long.toString(id)));
    assertThat(deleted.statusCode()).isEqualTo(302);
    assertThat(b.get(TOKENS).body()).doesNotContain("data-token-id=\"" + id + "\"");
    assertThat(Http.send(Http.request(ee, "/webrepo/info/refs?service=git-upload-pack")
        .header("Authorization", Http.basic("web", token))).statusCode()).isEqualTo(401);
  }

  @Test
  void postsWithoutValidCsrfAre403AndChangeNothing() {
    Browser b = login(ee);
    int before = Http.rpcOk(ee, ee.adminToken(), "get_user", Map.of("userid", "web")).get("auth_tokens").size();
    assertThat(b.post(TOKENS + "/new", Map.of("description", "x", "role", "token_role_vcs", "lifetime", "-1"))
        .statusCode()).isEqualTo(403);
    assertThat(b.post(TOKENS + "/new", Map.of("csrf_token", "00", "description", "x", "role", "token_role_vcs",
        "lifetime", "-1")).statusCode()).isEqualTo(403);
    assertThat(Http.rpcOk(ee, ee.adminToken(), "get_user", Map.of("userid", "web")).get("auth_tokens").size())
        .isEqualTo(before);
  }

  @Test
  void viewingSomeoneElsesTokenIs404() {
    Browser b = login(ee);
    IssuedToken admins = ee.addToken("admin", "token_role_vcs", -1, "", null);
    HttpResponse<String> r = b.xhrWithCsrf(TOKENS + "/view", Map.of("auth_token_id", Long.toString(admins.id())));
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).doesNotContain(admins.token());
  }

  @Test
  void eeScopesTokenToRepoAndForcesVcsRole() {
    Browser b = login(ee);
    b.postWithCsrf(TOKENS + "/new", Map.of("description", "scoped", "role", "token_role_all", "lifetime", "-1",
        "scope_repo_id", Integer.toString(ee.repoId("webrepo"))));
    String page = b.get(TOKENS).body();
    long id = newestTokenId(page);
    assertThat(page).containsPattern("data-token-id=\"" + id + "\" data-role=\"token_role_vcs\" data-description=\"scoped\""
        + " data-expires=\"-1.0\" data-scope-repo=\"webrepo\"");
  }

  @Test
  void ceIgnoresScopeRepoId() {
    Browser b = login(ce);
    assertThat(b.get(TOKENS).body()).doesNotContain("scope_repo_id");
    b.postWithCsrf(TOKENS + "/new", Map.of("description", "ce", "role", "token_role_vcs", "lifetime", "5",
        "scope_repo_id", Integer.toString(ce.repoId("webrepo"))));
    String page = b.get(TOKENS).body();
    long id = newestTokenId(page);
    assertThat(page).contains("data-token-id=\"" + id + "\" data-role=\"token_role_vcs\"")
        .containsPattern("data-token-id=\"" + id + "\"[^>]*data-scope-repo=\"\"");
  }
}
