package org.vcstoken.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.sandbox.web.Edition;

/**
 * The web pages as RhodeCode CE 4.27's views and templates make them (sandbox/README.md names the
 * source of each rule), in both editions.
 */
class WebUiTest {
  static final String TOKENS = "/_admin/my_account/auth_tokens";
  @TempDir
  static Path dataEe;
  @TempDir
  static Path dataCe;
  static Sandbox ee;
  static Sandbox ce;

  @BeforeAll
  static void start() throws IOException {
    ee = Sandbox.start(SandboxOptions.defaults(dataEe).withAuthCacheTtl(Duration.ZERO).withEdition(Edition.EE));
    ce = Sandbox.start(SandboxOptions.defaults(dataCe).withAuthCacheTtl(Duration.ZERO));
    for (Sandbox s : new Sandbox[] {ee, ce}) {
      s.createUser("web", "web-pw");
      s.createUser("other", "other-pw");
      s.createUser("sleeper", "sleeper-pw");
      s.setUserActive("sleeper", false);
      s.createRepo("webrepo", "git", "web");
      s.createRepo("grp/webrepo-two", "git", "web");
      s.createRepo("otherrepo", "git", "other");
      s.setCustomCode("<!-- admin header --><script>var tracker = '<form action=\"/x\">';</script>",
          "<div class=\"admin-footer\">Ünïcödé footer &copy; 2024</div>");
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

  /** A browser: its session cookie, updated from every answer, as a browser keeps it. */
  static final class Browser {
    final Sandbox s;
    String cookie;

    Browser(Sandbox s) {
      this.s = s;
    }

    HttpResponse<String> send(HttpRequest.Builder b) {
      if (cookie != null) {
        b.header("Cookie", cookie);
      }
      HttpResponse<String> r = Http.send(b);
      r.headers().firstValue("Set-Cookie").ifPresent(c -> cookie = c.split(";")[0]);
      return r;
    }

    HttpResponse<String> get(String path) {
      return send(Http.request(s, path));
    }

    HttpResponse<String> post(String path, Map<String, String> fields) {
      return send(Http.request(s, path).header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(Http.form(fields))));
    }

    HttpResponse<String> xhr(String path, Map<String, String> fields) {
      return send(Http.request(s, path).header("Content-Type", "application/x-www-form-urlencoded")
          .header("X-Requested-With", "XMLHttpRequest").POST(HttpRequest.BodyPublishers.ofString(Http.form(fields))));
    }

    HttpResponse<String> xhrGet(String path) {
      return send(Http.request(s, path).header("X-Requested-With", "XMLHttpRequest"));
    }

    String csrf() {
      Matcher m = Pattern.compile("var CSRF_TOKEN = \"([0-9a-f]+)\"").matcher(get(TOKENS).body());
      assertThat(m.find()).isTrue();
      return m.group(1);
    }

    HttpResponse<String> postWithCsrf(String path, Map<String, String> fields) {
      Map<String, String> all = new LinkedHashMap<>();
      all.put("csrf_token", csrf());
      all.putAll(fields);
      return post(path, all);
    }
  }

  static Browser login(Sandbox s, String user, String password) {
    Browser b = new Browser(s);
    b.get("/_admin/login");
    HttpResponse<String> r = b.post("/_admin/login?came_from=" + "%2F_admin%2Fmy_account%2Fauth_tokens",
        Map.of("username", user, "password", password));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
    return b;
  }

  static List<String> rowIds(String page) {
    Matcher m = Pattern.compile("name=\"del_auth_token\" type=\"hidden\" value=\"(\\d+)\"").matcher(page);
    List<String> ids = new java.util.ArrayList<>();
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }

  /** The {@code <tr>} that holds the delete form of token {@code id}. */
  static String row(String page, String id) {
    int at = page.indexOf("name=\"del_auth_token\" type=\"hidden\" value=\"" + id + "\"");
    assertThat(at).as("row of token " + id).isPositive();
    return page.substring(page.lastIndexOf("<tr", at), page.indexOf("</tr>", at));
  }

  static String newest(String page) {
    List<String> ids = rowIds(page);
    return ids.get(ids.size() - 1);
  }

  @Test
  void theLoginPageSetsTheRhodecodeCookieAndLoggingInReplacesIt() {
    Browser b = new Browser(ce);
    HttpResponse<String> page = b.get("/_admin/login");
    assertThat(page.statusCode()).isEqualTo(200);
    String first = page.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(first).startsWith("rhodecode=").contains("HttpOnly").contains("Path=/");
    assertThat(page.body()).contains("<form action=\"/_admin/login?came_from=%2F\" method=\"post\">")
        .contains("name=\"username\"").contains("name=\"password\" type=\"password\"")
        .contains("name=\"remember\" type=\"checkbox\" value=\"True\"").contains("name=\"sign_in\"");
    assertThat(page.body().substring(page.body().indexOf("<form action=\"/_admin/login")))
        .as("the login form has no CSRF token (needs_csrf_token=False)")
        .startsWith("<form action=\"/_admin/login?came_from=%2F\" method=\"post\">\n          <label");
    String before = b.cookie;

    HttpResponse<String> in = b.post("/_admin/login?came_from=%2F_admin%2Fmy_account%2Fauth_tokens",
        Map.of("username", "web", "password", "web-pw"));

    assertThat(in.statusCode()).isEqualTo(302);
    assertThat(in.headers().firstValue("Location")).contains(ce.url() + TOKENS);
    assertThat(b.cookie).startsWith("rhodecode=").isNotEqualTo(before);
    assertThat(b.get(TOKENS).statusCode()).isEqualTo(200);
  }

  @Test
  void aWrongPasswordAndAnUnknownUserMarkBothFieldsAlike() {
    for (Map<String, String> attempt : List.of(Map.of("username", "web", "password", "nope-nope"),
        Map.of("username", "nobody", "password", "web-pw"))) {
      HttpResponse<String> r = new Browser(ce).post("/_admin/login", attempt);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("<span class=\"error-message\">invalid user name</span>")
          .contains("<span class=\"error-message\">invalid password</span>")
          .contains("value=\"" + attempt.get("username") + "\"");
      assertThat(r.headers().firstValue("Set-Cookie")).as("the session was invalidated: a new one").isPresent();
    }
  }

  @Test
  void anInactiveAccountIsDisabledWhateverThePasswordAndShortPasswordsAreRefusedFirst() {
    for (String pw : List.of("sleeper-pw", "wrong-one")) {
      String body = new Browser(ce).post("/_admin/login", Map.of("username", "sleeper", "password", pw)).body();
      assertThat(body).contains("<span class=\"error-message\">Your account is disabled</span>")
          .doesNotContain("invalid password");
    }
    assertThat(new Browser(ce).post("/_admin/login", Map.of("username", "web", "password", "ab")).body())
        .contains("<span class=\"error-message\">Enter 3 characters or more</span>").doesNotContain("invalid user name");
    assertThat(new Browser(ce).post("/_admin/login", Map.of("username", " ", "password", "abc")).body())
        .contains("Please enter a login");
  }

  @Test
  void aTokenIsNoPasswordForTheWebLogin() {
    String token = ce.addToken("web", "token_role_all", -1, "", null).token();
    assertThat(new Browser(ce).post("/_admin/login", Map.of("username", "web", "password", token)).body())
        .contains("invalid password");
  }

  @Test
  void theTokensPageNeedsALoginAndRedirectsAbsolutelyWithCameFrom() {
    Browser b = new Browser(ce);
    HttpResponse<String> r = b.get(TOKENS + "?token_role=token_role_vcs");
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location").orElseThrow())
        .isEqualTo(ce.url() + "/_admin/login?came_from=%2F_admin%2Fmy_account%2Fauth_tokens%3Ftoken_role%3Dtoken_role_vcs");
    assertThat(b.get("/_admin/login").body()).as("NotAnonymous: anonymous access is on, so a warning")
        .contains("\"message\":\"You need to be a registered user to perform this action\"");
  }

  @Test
  void rowsCarryTheIdOnlyInTheDeleteFormAndTheExpiryInATimeElement() {
    Browser b = login(ee, "web", "web-pw");
    Instant before = ee.now();
    b.postWithCsrf(TOKENS + "/new", Map.of("description", "für <den> Build ✓", "role", "token_role_vcs",
        "lifetime", "60", "scope_repo_id", Integer.toString(ee.repoId("webrepo"))));
    String page = b.get(TOKENS).body();
    String id = newest(page);
    String row = row(page, id);

    assertThat(page).doesNotContain("data-token-id").doesNotContain("data-expires").doesNotContain("data-scope");
    assertThat(row).contains("<td class=\"td-wrap\">für &lt;den&gt; Build ✓</td>")
        .contains(">vcs (git/hg/svn protocol)</span>").contains("<td class=\"td\">Repository: webrepo</td>");
    Matcher dt = Pattern.compile("<time class=\"timeago tooltip\" title=\"[^\"]+\\+00:00\" datetime=\""
        + "(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d{6})?)\\+00:00\">").matcher(row);
    assertThat(dt.find()).as(row).isTrue();
    Instant expires = LocalDateTime.parse(dt.group(1).replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    assertThat(expires).isBetween(before.plus(Duration.ofMinutes(60)).minusSeconds(1),
        ee.now().plus(Duration.ofMinutes(60)).plusSeconds(1));
  }

  @Test
  void rolesAreLabelsInAnOptgroupAndOnlyTheQueryPreselectsOne() {
    Browser b = login(ce, "web", "web-pw");
    String plain = b.get(TOKENS).body();
    assertThat(plain).contains("<select id=\"role\" name=\"role\">\n<optgroup label=\"Role\">\n"
        + "<option value=\"token_role_all\">all</option>").doesNotContain("selected=");
    assertThat(b.get(TOKENS + "?token_role=token_role_vcs").body())
        .contains("<option selected=\"selected\" value=\"token_role_vcs\">vcs (git/hg/svn protocol)</option>");
    assertThat(plain).as("the lifetime is a hidden field the page's script fills")
        .contains("<input id=\"lifetime\" name=\"lifetime\" type=\"hidden\" value=\"\" />");
  }

  @Test
  void everyPageCarriesTheScriptCsrfTheLogoutFormTheClientTemplatesAndTheAdminsCode() {
    Browser b = login(ce, "web", "web-pw");
    String page = b.get(TOKENS).body();
    String csrf = b.csrf();
    assertThat(page).contains("var CSRF_TOKEN = \"" + csrf + "\";")
        .contains("<form action=\"/_admin/logout\" method=\"post\">\n<input type=\"hidden\" name=\"csrf_token\" value=\""
            + csrf + "\">")
        .contains("<script id=\"ejs_tokenForm\" type=\"text/template\"")
        .contains("<!-- admin header --><script>var tracker = '<form action=\"/x\">';</script>\n</head>")
        .contains("<div class=\"admin-footer\">Ünïcödé footer &copy; 2024</div>\n<rhodecode-app>");
    String login = new Browser(ce).get("/_admin/login").body();
    assertThat(login).contains("var CSRF_TOKEN = \"").contains("<!-- admin header -->").contains("admin-footer");
  }

  @Test
  void anEmptyOrBadLifetimeMakesATokenThatNeverExpiresAndNewNeverFlashesAnError() {
    Browser b = login(ce, "web", "web-pw");
    for (String lifetime : new String[] {"", "soon", "1.5"}) {
      HttpResponse<String> r = b.postWithCsrf(TOKENS + "/new", Map.of("description", "bad " + lifetime,
          "role", "token_role_vcs", "lifetime", lifetime));
      assertThat(r.statusCode()).isEqualTo(302);
      String page = b.get(TOKENS).body();
      assertThat(row(page, newest(page))).contains("<td class=\"td-exp\">\n                 never\n");
      assertThat(page).contains("\"message\":\"Auth token successfully created\"")
          .contains("\"level\":\"success\"").doesNotContain("\"level\":\"error\"");
    }
  }

  @Test
  void viewIsAnXhrRouteAndDeleteOfAnUnknownIdIsA404() {
    Browser b = login(ce, "web", "web-pw");
    b.postWithCsrf(TOKENS + "/new", Map.of("description", "v", "role", "token_role_vcs", "lifetime", "5"));
    String id = newest(b.get(TOKENS).body());
    String csrf = b.csrf();
    assertThat(b.post(TOKENS + "/view", Map.of("csrf_token", csrf, "auth_token_id", id)).statusCode()).isEqualTo(404);
    HttpResponse<String> view = b.xhr(TOKENS + "/view", Map.of("csrf_token", csrf, "auth_token_id", id));
    assertThat(view.statusCode()).isEqualTo(200);
    assertThat(view.body()).matches("\\{\"auth_token\":\"[0-9a-f]{40}\"\\}");
    assertThat(b.xhr(TOKENS + "/view", Map.of("csrf_token", csrf)).body()).isEqualTo("null");
    IssuedToken others = ce.addToken("other", "token_role_vcs", -1, "", null);
    assertThat(b.xhr(TOKENS + "/view", Map.of("csrf_token", csrf, "auth_token_id", Long.toString(others.id())))
        .statusCode()).isEqualTo(404);

    assertThat(b.post(TOKENS + "/delete", Map.of("csrf_token", csrf, "del_auth_token", "999999")).statusCode())
        .isEqualTo(404);
    assertThat(b.post(TOKENS + "/delete", Map.of("csrf_token", csrf, "del_auth_token", "x")).statusCode())
        .isEqualTo(404);
    HttpResponse<String> foreign = b.post(TOKENS + "/delete",
        Map.of("csrf_token", csrf, "del_auth_token", Long.toString(others.id())));
    assertThat(foreign.statusCode()).as("RhodeCode filters the delete by user and says nothing").isEqualTo(302);
    assertThat(Http.send(Http.request(ce, "/otherrepo/info/refs?service=git-upload-pack")
        .header("Authorization", Http.basic("other", others.token()))).statusCode()).isEqualTo(200);
    HttpResponse<String> own = b.post(TOKENS + "/delete", Map.of("csrf_token", csrf, "del_auth_token", id));
    assertThat(own.statusCode()).isEqualTo(302);
    assertThat(own.headers().firstValue("Location")).contains(ce.url() + TOKENS);
    assertThat(rowIds(b.get(TOKENS).body())).doesNotContain(id);
  }

  @Test
  void csrfComesFromTheFormFieldOrElseTheHeader() {
    Browser b = login(ce, "web", "web-pw");
    String csrf = b.csrf();
    int before = rowIds(b.get(TOKENS).body()).size();
    Map<String, String> fields = Map.of("description", "x", "role", "token_role_vcs", "lifetime", "-1");
    assertThat(b.post(TOKENS + "/new", fields).statusCode()).isEqualTo(403);
    Map<String, String> wrong = new LinkedHashMap<>(fields);
    wrong.put("csrf_token", "00");
    assertThat(b.send(Http.request(ce, TOKENS + "/new").header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-CSRF-Token", csrf).POST(HttpRequest.BodyPublishers.ofString(Http.form(wrong)))).statusCode())
        .as("a wrong field is not rescued by a right header").isEqualTo(403);
    assertThat(rowIds(b.get(TOKENS).body())).hasSize(before);
    assertThat(b.send(Http.request(ce, TOKENS + "/new").header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-CSRF-Token", csrf).POST(HttpRequest.BodyPublishers.ofString(Http.form(fields)))).statusCode())
        .isEqualTo(302);
    assertThat(rowIds(b.get(TOKENS).body())).hasSize(before + 1);
  }

  @Test
  void logoutIsAPostWithCsrfThatEndsTheSession() {
    Browser b = login(ce, "web", "web-pw");
    assertThat(b.get("/_admin/logout").statusCode()).isEqualTo(404);
    assertThat(b.post("/_admin/logout", Map.of()).statusCode()).isEqualTo(403);
    HttpResponse<String> out = b.post("/_admin/logout", Map.of("csrf_token", b.csrf()));
    assertThat(out.statusCode()).isEqualTo(302);
    assertThat(out.headers().firstValue("Location")).contains(ce.url() + "/");
    assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("rhodecode=;");
    assertThat(b.get(TOKENS).statusCode()).isEqualTo(302);
  }

  @Test
  void everyNewUserHasAFeedToken() {
    ce.createUser("fresh", "fresh-pw");
    String page = login(ce, "fresh", "fresh-pw").get(TOKENS).body();
    assertThat(rowIds(page)).hasSize(1);
    assertThat(page).contains("<td class=\"td-wrap\">Generated feed token</td>").contains(">feed access</span>");
  }

  @Test
  void aBlockedAddressLogsInButEveryPageSendsItBackWithTheReason() {
    ce.createUser("remote", "remote-pw");
    ce.setAllowedIps("remote", List.of("192.0.2.7"));
    Browser b = login(ce, "remote", "remote-pw");
    HttpResponse<String> page = b.get(TOKENS);
    assertThat(page.statusCode()).isEqualTo(302);
    assertThat(page.headers().firstValue("Location").orElseThrow()).contains("/_admin/login?came_from=");
    assertThat(b.get("/_admin/login").body()).contains("\"message\":\"IP 127.0.0.1 not allowed\"")
        .contains("\"level\":\"warning\"");
  }

  @Test
  void eeHasAHiddenScopeFieldThatTakesARepositoryIdTheAccountCanRead() {
    Browser b = login(ee, "web", "web-pw");
    assertThat(b.get(TOKENS).body()).contains("<input id=\"scope_repo_id\" name=\"scope_repo_id\" type=\"hidden\""
        + " value=\"\" />").doesNotContain("scope_repo_id_disabled");
    b.postWithCsrf(TOKENS + "/new", Map.of("description", "scoped", "role", "token_role_all", "lifetime", "-1",
        "scope_repo_id", Integer.toString(ee.repoId("webrepo"))));
    String page = b.get(TOKENS).body();
    assertThat(row(page, newest(page))).contains("<td class=\"td\">Repository: webrepo</td>")
        .contains(">vcs (git/hg/svn protocol)</span>");
    b.postWithCsrf(TOKENS + "/new", Map.of("description", "not mine", "role", "token_role_vcs", "lifetime", "-1",
        "scope_repo_id", Integer.toString(ee.repoId("otherrepo"))));
    page = b.get(TOKENS).body();
    assertThat(row(page, newest(page))).as("a repository the account cannot read is ignored (inferred)")
        .contains("<td class=\"td\">Global</td>");
  }

  @Test
  void eesRepositoryListIsAnXhrSearchOverReadableRepositories() throws Exception {
    Browser b = login(ee, "web", "web-pw");
    assertThat(b.get("/_repos?query=webrepo").statusCode()).isEqualTo(404);
    HttpResponse<String> r = b.xhrGet("/_repos?query=WEBREPO");
    assertThat(r.statusCode()).isEqualTo(200);
    var json = Http.JSON.readTree(r.body());
    assertThat(json.get("more").asBoolean()).isFalse();
    var children = json.get("results").get(0).get("children");
    assertThat(json.get("results").get(0).get("text").asText()).isEqualTo("Repositories");
    assertThat(children).hasSize(2);
    assertThat(children.get(0).get("text").asText()).as("shortest name first").isEqualTo("webrepo");
    assertThat(children.get(0).get("repo_id").asInt()).isEqualTo(ee.repoId("webrepo"));
    assertThat(children.get(1).get("id").asText()).isEqualTo("grp/webrepo-two");
    assertThat(Http.JSON.readTree(b.xhrGet("/_repos?query=otherrepo").body()).get("results")).isEmpty();
    assertThat(Http.JSON.readTree(b.xhrGet("/_repos?query=web_epo").body()).get("results").get(0).get("children"))
        .as("_ is a LIKE wildcard").hasSize(2);
    assertThat(new Browser(ee).xhrGet("/_repos?query=webrepo").statusCode()).as("anonymous sees public ones only")
        .isEqualTo(200);
  }

  @Test
  void ceShowsADisabledScopeSelectAndIgnoresAScopeSent() {
    Browser b = login(ce, "web", "web-pw");
    assertThat(b.get(TOKENS).body()).contains("<select disabled=\"disabled\" id=\"scope_repo_id_disabled\"")
        .doesNotContain("name=\"scope_repo_id\"");
    b.postWithCsrf(TOKENS + "/new", Map.of("description", "ce", "role", "token_role_vcs", "lifetime", "5",
        "scope_repo_id", Integer.toString(ce.repoId("webrepo"))));
    String page = b.get(TOKENS).body();
    assertThat(row(page, newest(page))).contains("<td class=\"td\">Global</td>");
  }
}
