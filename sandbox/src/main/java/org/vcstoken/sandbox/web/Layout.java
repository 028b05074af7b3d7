package org.vcstoken.sandbox.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vcstoken.sandbox.store.User;

/**
 * The frame every RhodeCode page shares, with the parts a page reader trips over. From
 * {@code templates/base/root.mako}: the {@code <head>} script with {@code templateContext} and
 * {@code var CSRF_TOKEN = "…"}, an IE conditional comment, the flash messages as
 * {@code var alertMessagePayloads = …} for the page's JavaScript, and the admin's custom code
 * (pre code last in {@code <head>}, post code last in {@code <body>}, both unescaped). From
 * {@code templates/base/base.mako} (pages behind the login): the client-side templates of
 * {@code templates/ejs_templates/templates.html} as {@code <script type="text/template">} blocks,
 * a header with a search box and the user menu, whose "Sign Out" is a form with its own
 * {@code csrf_token}. The markup is the sandbox's own, written to have that structure.
 */
final class Layout {
  private Layout() {
  }

  /** What a page is rendered with. */
  record Frame(Edition edition, WebSettings settings, WebSessions.Session session, User user) {
  }

  /** A page without the logged-in frame ({@code login.mako} inherits only {@code root.mako}). */
  static String root(Frame f, String title, String body) {
    return page(f, title, body, false);
  }

  /** A page with the header, user menu and client-side templates of {@code base.mako}. */
  static String base(Frame f, String title, String main) {
    return page(f, title, main, true);
  }

  private static String page(Frame f, String title, String body, boolean base) {
    StringBuilder b = new StringBuilder(8192);
    b.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n")
        .append("  <title>").append(esc(title)).append(" &middot; RhodeCode</title>\n")
        .append("  <meta http-equiv=\"Content-Type\" content=\"text/html;charset=utf-8\" />\n")
        .append("  <meta name=\"referrer\" content=\"origin-when-cross-origin\">\n")
        .append("  <meta name=\"robots\" content=\"index, nofollow\"/>\n")
        .append("  <link rel=\"icon\" href=\"/_static/rhodecode/images/favicon.ico?ver=5a1b\" sizes=\"16x16 32x32\""
            + " type=\"image/png\" />\n")
        .append("  <link rel=\"stylesheet\" type=\"text/css\" href=\"/_static/rhodecode/css/style.css?ver=5a1b\""
            + " media=\"screen\"/>\n")
        .append("  <script type=\"text/javascript\">\n")
        .append("  // template variables for the page's scripts\n")
        .append("  var templateContext = ").append(script(ApiHandler.toJson(templateContext(f)))).append(";\n")
        .append("  var APPLICATION_URL = \"\";\n")
        .append("  var ASSET_URL = \"/_static/rhodecode/\";\n")
        .append("  var DEFAULT_RENDERER = \"markdown\";\n")
        .append("  var CSRF_TOKEN = \"").append(f.session() == null ? "" : f.session().csrf).append("\";\n")
        .append("  var APPENLIGHT = {enabled: false, key: '', requestInfo: {")
        .append(f.user() == null ? "" : "ip: '127.0.0.1', username: '" + f.user().username() + "'")
        .append("}, tags: {rhodecode_edition: '").append(editionName(f.edition())).append("'}};\n")
        .append("  </script>\n")
        .append("  <!--[if lt IE 9]>\n  <script language=\"javascript\" type=\"text/javascript\""
            + " src=\"/_static/rhodecode/js/src/excanvas.min.js\"></script>\n  <![endif]-->\n")
        .append("  <script language=\"javascript\" type=\"text/javascript\" src=\"/_static/rhodecode/js/rhodecode/routes.js\">"
            + "</script>\n")
        .append("  <script> var alertMessagePayloads = ").append(script(alerts(f.session()))).append("; </script>\n")
        .append("  <script language=\"javascript\" type=\"text/javascript\" src=\"/_static/rhodecode/js/scripts.min.js\">"
            + "</script>\n")
        .append("  <script type=\"text/javascript\">\n  $(document).ready(function(){ timeagoActivate();"
            + " tooltipActivate(); if (a < b && b > c) { clipboardActivate(); } })\n  </script>\n");
    String pre = f.settings().preCode();
    if (!pre.isEmpty()) {
      b.append(pre).append('\n');
    }
    b.append("</head>\n<body id=\"body\">\n")
        .append("<noscript>\n  <div class=\"noscript-error\">Please enable JavaScript to use RhodeCode</div>\n</noscript>\n");
    if (base) {
      clientTemplates(b);
      header(b, f);
      b.append("<div id=\"content\" class=\"wrapper\">\n  <rhodecode-toast id=\"notifications\"></rhodecode-toast>\n")
          .append("  <div class=\"main\">\n").append(body).append("  </div>\n</div>\n");
    } else {
      b.append(body);
    }
    String post = f.settings().postCode();
    if (!post.isEmpty()) {
      b.append(post).append('\n');
    }
    b.append("<rhodecode-app></rhodecode-app>\n</body>\n</html>\n");
    return b.toString();
  }

  private static Map<String, Object> templateContext(Frame f) {
    Map<String, Object> user = new LinkedHashMap<>();
    if (f.user() != null) {
      user.put("user_id", f.user().id());
      user.put("username", f.user().username());
      user.put("email", f.user().email());
    }
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("repo_name", "");
    c.put("rhodecode_user", user);
    c.put("visual", Map.of("default_renderer", "markdown"));
    c.put("default_user", Map.of("username", "default", "user_id", 1));
    // A value that looks like markup: page readers must not take script text for tags.
    c.put("timeago", Map.of("refresh_time", 120000, "label", "<input name=\"csrf_token\" value=\"not-a-field\">"));
    return c;
  }

  /** RhodeCode's {@code Flash.json_alerts}: each message as {@code {"message": {message, level, force, subdata}}}. */
  private static String alerts(WebSessions.Session s) {
    List<Object> payloads = new ArrayList<>();
    if (s != null) {
      for (WebSessions.Flash flash : s.popFlashes()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("message", flash.message());
        m.put("level", flash.category());
        m.put("force", true);
        m.put("subdata", Map.of());
        payloads.add(Map.of("message", m));
      }
    }
    return ApiHandler.toJson(payloads);
  }

  /** JSON inside a script: "</" would end the script early. */
  private static String script(String json) {
    return json.replace("</", "<\\/");
  }

  /** Client-side templates: script blocks whose text looks like markup but never is. */
  private static void clientTemplates(StringBuilder b) {
    b.append("<div style=\"display: none\">\n")
        .append("<script>\nvar CG = new ColorGenerator();\n</script>\n")
        .append("<script id=\"ejs_userEntry\" type=\"text/template\" class=\"ejsTemplate\">\n")
        .append("<% var cls = active ? 'user' : 'user user-disabled'; %>\n")
        .append("<div class=\"rc-user\"><img class=\"gravatar\" src=\"<%- gravatar_url -%>\">"
            + "<span class=\"<%= cls %>\"><%- user_link -%></span></div>\n")
        .append("</script>\n")
        .append("<script id=\"ejs_tokenForm\" type=\"text/template\" class=\"ejsTemplate\">\n")
        .append("<form action=\"<%= url %>\" method=\"post\">\n")
        .append("  <input type=\"hidden\" name=\"csrf_token\" value=\"<%= csrf %>\">\n")
        .append("  <input type=\"text\" name=\"username\"><input type=\"password\" name=\"password\">\n")
        .append("  <input type=\"hidden\" name=\"del_auth_token\" value=\"<%= id %>\">\n")
        .append("</form>\n</script>\n")
        .append("</div>\n");
  }

  private static void header(StringBuilder b, Frame f) {
    b.append("<div class=\"outerwrapper\">\n<!-- HEADER -->\n<div class=\"header\">\n")
        .append("  <div id=\"header-inner\" class=\"wrapper\">\n")
        .append("    <div id=\"logo\"><div class=\"logo-wrapper\"><a href=\"/\"><img src=\"/_static/rhodecode/images/"
            + "rhodecode-logo-white-60x60.png\" alt=\"RhodeCode\"/></a></div></div>\n")
        .append("    <ul id=\"quick\" class=\"main_nav navigation horizontal-list\">\n")
        .append("      <li><a class=\"menulink\" title=\"Show repositories & groups\" href=\"/\">Repositories</a></li>\n")
        .append("      <li class=\"searchbox\"><div class=\"main_filter_input_box\">"
            + "<input class=\"main_filter_input\" id=\"main_filter\" size=\"25\" type=\"text\" name=\"main_filter\""
            + " placeholder=\"Search repositories > groups > commits\" value=\"\" data-hint=\"<kbd>/</kbd>\"/>"
            + "</div></li>\n");
    if (f.user() != null) {
      b.append("      <li id=\"quick_login_li\" class=\"user-menu\">\n")
          .append("        <a id=\"quick_login_link\" class=\"menulink childs\" href=\"/_admin/my_account/profile\">"
              + "<span class=\"user\">").append(esc(f.user().username())).append("</span></a>\n")
          .append("        <div class=\"user-menu submenu\"><div id=\"quick_login\"><ol class=\"links\">\n")
          .append("          <li><a href=\"/_admin/my_account/profile\">My account</a></li>\n")
          .append("          <li class=\"logout\">\n")
          .append("          <form action=\"/_admin/logout\" method=\"post\">\n")
          .append("<input type=\"hidden\" name=\"csrf_token\" value=\"").append(f.session().csrf).append("\">\n")
          .append("            <input class=\"btn btn-primary\" id=\"log_out\" name=\"log_out\" type=\"submit\""
              + " value=\"Sign Out\" />\n")
          .append("          </form>\n          </li>\n        </ol></div></div>\n      </li>\n");
    } else {
      b.append("      <li><a href=\"/_admin/login\">Sign in</a></li>\n");
    }
    b.append("    </ul>\n  </div>\n</div>\n<!-- END HEADER -->\n</div>\n");
  }

  static String editionName(Edition e) {
    return e == Edition.EE ? "RhodeCode Enterprise Edition" : "RhodeCode Community Edition";
  }

  static void send(HttpServletResponse resp, int status, String html) throws IOException {
    resp.setStatus(status);
    resp.setContentType("text/html");
    resp.setCharacterEncoding("UTF-8");
    resp.getOutputStream().write(html.getBytes(StandardCharsets.UTF_8));
  }

  /** What Mako's default filter ({@code h.escape}) does to text and attribute values. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&#34;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
