package org.vcstoken.server.rhodecode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Pages written with the structure of RhodeCode CE 4.27's templates (see the fixture files under
 * {@code src/test/resources/org/vcstoken/server/rhodecode/pages}), with the noise real pages carry:
 * comments, scripts and client-side templates that look like forms, the admin's custom code with
 * forms of its own, the header's logout form, {@code >} in attributes and non-ASCII text. EE pages
 * come from the same template: only its {@code c.allow_scoped_tokens} branch differs.
 */
final class Fixtures {
    static final String CE_SCOPE = "<select disabled=\"disabled\" id=\"scope_repo_id_disabled\" name=\"scope_repo_id_disabled\">\n"
            + "<option value=\"Scopes available in EE edition\">Scopes available in EE edition</option>\n</select>";
    static final String EE_SCOPE = "<input id=\"scope_repo_id\" name=\"scope_repo_id\" type=\"hidden\" value=\"\" />";

    private Fixtures() {
    }

    private static String resource(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("pages/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** My Account → Auth Tokens with these rows and flash payloads ({@code alerts}: JSON). */
    static String tokensPage(boolean ee, String csrf, String alerts, String rows) {
        String page = resource("ce-4.27-tokens.html").replace("@CSRF@", csrf).replace("@ALERTS@", alerts)
                .replace("@ROWS@", rows);
        return ee ? page.replace(CE_SCOPE, EE_SCOPE) : page;
    }

    /**
     * One token row as the template renders it: the id only in {@code showAuthToken(…)} and the
     * delete form, the description and scope as text, the expiry as {@code expiry}.
     */
    static String row(String id, String prefix, String description, String roleLabel, String scope, String expiry,
            String csrf) {
        return "              <tr class=\"\">\n"
                + "                <td class=\"td-authtoken\">\n                    <div class=\"user_auth_tokens\">\n"
                + "                    <code class=\"cursor-pointer\" onclick=\"showAuthToken(" + id + ")\">\n"
                + "                        " + prefix + "****\n                    </code>\n                    </div>\n"
                + "                </td>\n"
                + "                <td class=\"td-wrap\">" + description + "</td>\n"
                + "                <td class=\"td-tags\">\n                    <span class=\"tooltip tag disabled\" "
                + "title=\"For git, hg and svn. &lt;br/&gt;Or &gt; more\">" + roleLabel + "</span>\n                </td>\n"
                + "                <td class=\"td\">" + scope + "</td>\n"
                + "                <td class=\"td-exp\">\n" + expiry + "\n                </td>\n"
                + "                <td class=\"td-action\">\n"
                + "                    <form action=\"/_admin/my_account/auth_tokens/delete\" method=\"POST\">\n"
                + "<input type=\"hidden\" name=\"csrf_token\" value=\"" + csrf + "\">\n"
                + "                        <input name=\"del_auth_token\" type=\"hidden\" value=\"" + id + "\">\n"
                + "                        <button class=\"btn btn-link btn-danger\" type=\"submit\"\n"
                + "                                onclick=\"submitConfirm(event, this, _gettext('Confirm to delete this "
                + "auth token'), _gettext('Delete'), '" + prefix + "****')\"\n                        >\n"
                + "                            Delete\n                        </button>\n                    </form>\n"
                + "                </td>\n              </tr>\n";
    }

    /** {@code h.age_component} of 4.27 for a UTC {@code datetime} such as {@code 2024-11-27 10:00:00.5+00:00}. */
    static String time(String datetime, String title) {
        return "                        <time class=\"timeago tooltip\" title=\"" + title + "+00:00\" datetime=\"" + datetime
                + "\">" + title + "</time>";
    }

    static String expiredTime(String datetime, String title) {
        return "                        <span style=\"text-decoration: line-through\">" + time(datetime, title).strip()
                + "</span>";
    }

    static final String NEVER = "                      never";

    /** The sign-in page; {@code userError}/{@code passwordError}: the template's message after the field, or null. */
    static String loginPage(String csrf, String alerts, String cameFrom, String username, String userError,
            String passwordError) {
        return resource("ce-4.27-login.html").replace("@CSRF@", csrf).replace("@ALERTS@", alerts)
                .replace("@CAME_FROM@", cameFrom).replace("@USERNAME@", username)
                .replace("@USERNAME_ERROR@", userError == null ? ""
                        : "                    <span class=\"error-message\">" + userError + "</span>\n                    <br />")
                .replace("@PASSWORD_ERROR@", passwordError == null ? ""
                        : "                    <span class=\"error-message\">" + passwordError + "</span>\n"
                                + "                    <br />");
    }

    static String alerts(String level, String message) {
        return "[{\"message\": {\"message\": \"" + message + "\", \"level\": \"" + level
                + "\", \"force\": true, \"subdata\": {}}}]";
    }
}
