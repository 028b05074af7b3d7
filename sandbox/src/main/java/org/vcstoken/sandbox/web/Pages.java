package org.vcstoken.sandbox.web;

import static org.vcstoken.sandbox.web.Layout.esc;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vcstoken.sandbox.store.Roles;
import org.vcstoken.sandbox.store.Token;

/**
 * The bodies of the pages a token client reads, each with the structure of the RhodeCode CE 4.27
 * template named on its method (the markup is the sandbox's own).
 */
final class Pages {
  /** {@code UserApiKeys.ROLES} in RhodeCode's order, each with its label and description. */
  static final List<String[]> ROLES = List.of(
      new String[] {Roles.ALL, "all", "Token for all actions."},
      new String[] {Roles.VCS, "vcs (git/hg/svn protocol)", "Token to use with git, hg and svn instead of the "
          + "account password. <br/>It may be limited to one repository with a repository scope."},
      new String[] {Roles.API, "api calls", "Token for API calls only."},
      new String[] {Roles.HTTP, "http/web interface", "Token to open web pages without logging in, where the "
          + "admin allows it."},
      new String[] {Roles.FEED, "feed access", "Token to read RSS/ATOM feeds."},
      new String[] {Roles.ARTIFACT, "artifacts downloads", "Token to download artifacts."});

  private static final DateTimeFormatter TITLE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss", Locale.ENGLISH);

  private Pages() {
  }

  /** One listed token, as {@code MyAccountView.my_account_auth_tokens} hands it to the template. */
  record Row(Token token, String scope, boolean expired) {
  }

  // ---- templates/login.mako --------------------------------------------------------------

  /**
   * @param action     the form's target, {@code /_admin/login?came_from=…}
   * @param username   the name to show again after a failed attempt, or null
   * @param errors     field name → message ({@code errors} of the template)
   */
  static String login(String action, String username, Map<String, String> errors, Edition edition) {
    StringBuilder b = new StringBuilder();
    b.append("<style>body{background-color:#eeeeee;}</style>\n<div class=\"loginbox\">\n")
        .append("  <div class=\"header-account\"><div id=\"header-inner\" class=\"title\"><div id=\"logo\">"
            + "<div class=\"logo-wrapper\"><a href=\"/\"><img src=\"/_static/rhodecode/images/rhodecode-logo-white-60x60.png\""
            + " alt=\"RhodeCode\"/></a></div></div></div></div>\n")
        .append("  <div class=\"loginwrapper\">\n    <rhodecode-toast id=\"notifications\"></rhodecode-toast>\n")
        .append("    <div class=\"auth-image-wrapper\"><img class=\"sign-in-image\" src=\"/_static/rhodecode/images/"
            + "sign-in.png\" alt=\"RhodeCode\"/></div>\n")
        .append("    <div id=\"login\">\n      <!-- login: <input type=\"password\" name=\"password\"> -->\n")
        .append("      <div class=\"sign-in-title\"><h1>Sign In using username/password</h1></div>\n")
        .append("      <div class=\"inner form\">\n")
        .append("        <form action=\"").append(esc(action)).append("\" method=\"post\">\n")
        .append("          <label for=\"username\">Username:</label>\n")
        .append("          <input class=\"focus\" id=\"username\" name=\"username\" type=\"text\" value=\"")
        .append(esc(username == null ? "" : username)).append("\" />\n");
    if (errors.containsKey("username")) {
      b.append("          <span class=\"error-message\">").append(esc(errors.get("username"))).append("</span>\n"
          + "          <br />\n");
    }
    b.append("          <label for=\"password\">Password:\n")
        .append("            <div class=\"pull-right\"><a class=\"pwd_reset\" href=\"/_admin/password_reset\""
            + " tabindex=\"-1\">Forgot your password?</a></div>\n          </label>\n")
        .append("          <input class=\"focus\" id=\"password\" name=\"password\" type=\"password\" />\n");
    if (errors.containsKey("password")) {
      b.append("          <span class=\"error-message\">").append(esc(errors.get("password"))).append("</span>\n"
          + "          <br />\n");
    }
    b.append("          <input id=\"remember\" name=\"remember\" type=\"checkbox\" value=\"True\" />\n")
        .append("          <label class=\"checkbox\" for=\"remember\">Remember me for 1 month</label>\n")
        .append("          <p class=\"links\"></p>\n")
        .append("          <input class=\"btn sign-in\" id=\"sign_in\" name=\"sign_in\" title=\"Sign in to ")
        .append(Layout.editionName(edition)).append("\" type=\"submit\" value=\"Sign In\" />\n")
        .append("        </form>\n")
        .append("        <script type=\"text/javascript\">\n        $(document).ready(function(){ $('#username').focus(); })\n"
            + "        </script>\n")
        .append("      </div>\n      <!-- end login -->\n    </div>\n  </div>\n</div>\n");
    return b.toString();
  }

  // ---- templates/admin/my_account/my_account.mako + my_account_auth_tokens.mako -----------

  /**
   * @param csrf          the session's token, for the forms ({@code h.secure_form})
   * @param preselected   {@code ?token_role=…}: webhelpers' select marks the option with that value
   * @param scopedTokens  EE ({@code c.allow_scoped_tokens}): a hidden {@code scope_repo_id} the page's
   *                      script fills from {@code /_repos}; CE: a disabled select
   */
  static String authTokens(List<Row> rows, String csrf, String preselected, boolean scopedTokens) {
    StringBuilder b = new StringBuilder(8192);
    b.append("<div class=\"box\">\n  <div class=\"title\"><div class=\"breadcrumbs\">My Account</div></div>\n")
        .append("  <div class=\"sidebar-col-wrapper scw-small\">\n    <div class=\"sidebar\">\n"
            + "      <ul class=\"nav nav-pills nav-stacked\">\n");
    for (String[] item : new String[][] {{"profile", "Profile"}, {"emails", "Emails"}, {"password", "Password"},
        {"auth_tokens", "Auth Tokens"}, {"ssh_keys", "SSH Keys"}, {"repos", "Owned Repositories"},
        {"perms", "Permissions"}}) {
      b.append("        <li class=\"").append(item[0].equals("auth_tokens") ? "active" : "")
          .append("\"><a href=\"/_admin/my_account/").append(item[0]).append("\">").append(item[1]).append("</a></li>\n");
    }
    b.append("      </ul>\n    </div>\n    <div class=\"main-content-full-width\">\n")
        .append("<div class=\"panel panel-default\">\n    <script>\n    var showAuthToken = function(authTokenId) {\n"
            + "        return _showAuthToken(authTokenId, pyroutes.url('my_account_auth_tokens_view'))\n    }\n"
            + "    </script>\n")
        .append("    <div class=\"panel-heading\"><h3 class=\"panel-title\">Authentication Tokens</h3></div>\n")
        .append("    <div class=\"panel-body\">\n    <div class=\"apikeys_wrap\">\n      <p>\n         Available roles:\n"
            + "        <ul>\n");
    for (String[] r : ROLES) {
      // The description is written unescaped, as the template does (`|n`).
      b.append("             <li>\n                 <span class=\"tag disabled\">").append(esc(r[1]))
          .append("</span>\n                 <span>").append(r[2]).append("</span>\n             </li>\n");
    }
    b.append("        </ul>\n      </p>\n      <table class=\"rctable auth_tokens\">\n        <tr>\n"
        + "            <th>Token</th>\n            <th>Description</th>\n            <th>Role</th>\n"
        + "            <th>Repository Scope</th>\n            <th>Expiration</th>\n            <th>Action</th>\n"
        + "        </tr>\n");
    if (rows.isEmpty()) {
      b.append("        <tr><td><div class=\"ip\">No additional auth tokens specified</div></td></tr>\n");
    }
    for (Row row : rows) {
      Token t = row.token();
      String masked = t.value().substring(0, 4) + "****";
      String[] role = role(t.role());
      b.append("          <tr class=\"").append(row.expired() ? "expired" : "").append("\">\n")
          .append("            <td class=\"td-authtoken\">\n                <div class=\"user_auth_tokens\">\n")
          .append("                <code class=\"cursor-pointer\" onclick=\"showAuthToken(").append(t.id()).append(")\">\n")
          .append("                    ").append(masked).append("\n                </code>\n                </div>\n")
          .append("            </td>\n")
          .append("            <td class=\"td-wrap\">").append(esc(t.description())).append("</td>\n")
          .append("            <td class=\"td-tags\">\n                <span class=\"tooltip tag disabled\" title=\"")
          .append(esc(role[2])).append("\">").append(esc(role[1])).append("</span>\n            </td>\n")
          .append("            <td class=\"td\">").append(esc(row.scope())).append("</td>\n")
          .append("            <td class=\"td-exp\">\n");
      if (t.expires() == Token.NEVER) {
        b.append("                 never\n");
      } else if (row.expired()) {
        b.append("                    <span style=\"text-decoration: line-through\">").append(timeTag(t.expires()))
            .append("</span>\n");
      } else {
        b.append("                    ").append(timeTag(t.expires())).append('\n');
      }
      b.append("            </td>\n            <td class=\"td-action\">\n")
          .append("                <form action=\"/_admin/my_account/auth_tokens/delete\" method=\"POST\">\n")
          .append("<input type=\"hidden\" name=\"csrf_token\" value=\"").append(csrf).append("\">\n")
          .append("                    <input name=\"del_auth_token\" type=\"hidden\" value=\"").append(t.id()).append("\">\n")
          .append("                    <button class=\"btn btn-link btn-danger\" type=\"submit\"\n"
              + "                            onclick=\"submitConfirm(event, this, _gettext('Confirm to delete this"
              + " auth token'), _gettext('Delete'), '").append(masked).append("')\"\n                    >\n"
              + "                        Delete\n                    </button>\n                </form>\n")
          .append("            </td>\n          </tr>\n");
    }
    b.append("      </table>\n    </div>\n\n    <div class=\"user_auth_tokens\">\n")
        .append("        <form action=\"/_admin/my_account/auth_tokens/new\" method=\"POST\">\n")
        .append("<input type=\"hidden\" name=\"csrf_token\" value=\"").append(csrf).append("\">\n")
        .append("        <div class=\"form form-vertical\">\n            <!-- fields -->\n            <div class=\"fields\">\n"
            + "                 <div class=\"field\">\n                    <div class=\"label\">\n"
            + "                        <label for=\"new_email\">New authentication token:</label>\n"
            + "                    </div>\n                    <div class=\"input\">\n")
        .append("                        <input class=\"medium\" id=\"description\" name=\"description\""
            + " placeholder=\"Description\" type=\"text\" value=\"\" />\n")
        .append("                        <input id=\"lifetime\" name=\"lifetime\" type=\"hidden\" value=\"\" />\n")
        .append("                        <select id=\"role\" name=\"role\">\n<optgroup label=\"Role\">\n");
    for (String[] r : ROLES) {
      b.append("<option ").append(r[0].equals(preselected) ? "selected=\"selected\" " : "").append("value=\"")
          .append(r[0]).append("\">").append(esc(r[1])).append("</option>\n");
    }
    b.append("</optgroup>\n</select>\n");
    if (scopedTokens) {
      b.append("                            <input id=\"scope_repo_id\" name=\"scope_repo_id\" type=\"hidden\" value=\"\" />\n");
    } else {
      b.append("                            <select disabled=\"disabled\" id=\"scope_repo_id_disabled\""
          + " name=\"scope_repo_id_disabled\">\n<option value=\"Scopes available in EE edition\">Scopes available in EE"
          + " edition</option>\n</select>\n");
    }
    b.append("                    </div>\n                    <p class=\"help-block\">\n"
            + "                      Repository scope works only with tokens with VCS type.\n                    </p>\n"
            + "                 </div>\n                <div class=\"buttons\">\n")
        .append("                  <input class=\"btn\" id=\"save\" name=\"save\" type=\"submit\" value=\"Add\" />\n")
        .append("                  <input class=\"btn\" id=\"reset\" name=\"reset\" type=\"reset\" value=\"Reset\" />\n")
        .append("                </div>\n            </div>\n        </div>\n        </form>\n    </div>\n    </div>\n</div>\n\n")
        .append("<script>\n$(document).ready(function(){\nvar preloadData = {\n    results: [\n");
    String[][] lifetimes = {{"-1", "forever"}, {"5", "5 minutes"}, {"60", "1 hour"}, {"1440", "1 day"},
        {"43200", "1 month"}};
    for (int i = 0; i < lifetimes.length; i++) {
      b.append("            {id:").append(lifetimes[i][0]).append(", text:\"").append(lifetimes[i][1]).append("\"}")
          .append(i + 1 < lifetimes.length ? "," : "").append('\n');
    }
    b.append("    ]\n};\n$(\"#lifetime\").select2({data: preloadData, placeholder: \"Select or enter expiration date\","
            + " query: function(query) { feedLifetimeOptions(query, preloadData); }});\n")
        .append("var repoFilter = function(data) { var results = []; if (!data.results[0]) { return data }\n"
            + "  $.each(data.results[0].children, function() { this.id = this.repo_id; results.push(this); });\n"
            + "  data.results[0].children = results; return data; };\n")
        .append("$(\"#scope_repo_id\").select2({minimumInputLength: 2, query: $.debounce(250, function(query){\n"
            + "  $.ajax({url: pyroutes.url('repo_list_data'), data: {'query': query.term}, dataType: 'json', type: 'GET',\n"
            + "          success: function(data) { query.callback({results: repoFilter(data).results}); }});\n"
            + "})});\n")
        .append("$(\"#scope_repo_id\").on('select2-selecting', function(e){ $(\"#role\").select2(\"val\", \"")
        .append(Roles.VCS).append("\").trigger('change'); });\n});\n</script>\n")
        .append("    </div>\n  </div>\n</div>\n");
    return b.toString();
  }

  private static String[] role(String role) {
    for (String[] r : ROLES) {
      if (r[0].equals(role)) {
        return r;
      }
    }
    return new String[] {role, role, role};
  }

  /**
   * {@code h.age_component(h.time_to_utcdatetime(expires))} of RhodeCode 4.27: the UTC time as
   * Python prints a datetime (microseconds only when there are any) plus {@code +00:00}.
   */
  static String timeTag(double expires) {
    long seconds = (long) Math.floor(expires);
    long micros = Math.round((expires - seconds) * 1_000_000);
    if (micros == 1_000_000) {
      seconds++;
      micros = 0;
    }
    LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochSecond(seconds, micros * 1000), ZoneOffset.UTC);
    String iso = t.toLocalDate() + " " + String.format(Locale.ROOT, "%02d:%02d:%02d", t.getHour(), t.getMinute(),
        t.getSecond()) + (micros == 0 ? "" : String.format(Locale.ROOT, ".%06d", micros));
    String title = TITLE.format(t);
    return "<time class=\"timeago tooltip\" title=\"" + title + "+00:00\" datetime=\"" + iso + "+00:00\">" + title
        + "</time>";
  }

  // ---- the rest ---------------------------------------------------------------------------

  static String home(List<String> repoNames) {
    StringBuilder b = new StringBuilder("<div class=\"box\">\n  <div class=\"title\">Repositories</div>\n"
        + "  <table class=\"rctable repo_list\">\n");
    for (String name : repoNames) {
      b.append("    <tr><td><a href=\"/").append(esc(name)).append("\">").append(esc(name)).append("</a></td></tr>\n");
    }
    return b.append("  </table>\n</div>\n").toString();
  }

  static String error(int status, String title, String explanation) {
    return "<!DOCTYPE html>\n<html><head><title>" + status + " " + esc(title) + " &middot; RhodeCode</title></head>\n"
        + "<body><div class=\"error-wrapper\"><h1 class=\"error-code\">" + status + "</h1><p>" + esc(title) + "</p>\n"
        + "<p>" + esc(explanation) + "</p></div></body></html>\n";
  }
}
