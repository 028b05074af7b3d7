package org.vcstoken.server.rhodecode;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading RhodeCode CE 4.27's sign-in page (structure of login.mako), with its noise. */
class LoginPageTest {
    static final URI LOGIN = URI.create("https://code.example.com/_admin/login");
    static final String CSRF = "0123456789abcdef0123456789abcdef01234567";

    @Test
    void findsTheLoginFormByItsTargetNotTheCustomCodesOtherLogin() {
        LoginPage p = LoginPage.parse(Fixtures.loginPage(CSRF, "[]", "%2F", "", null, null), LOGIN, LOGIN);
        assertThat(p.form).isNotNull();
        assertThat(p.form.action).isEqualTo(URI.create("https://code.example.com/_admin/login?came_from=%2F"));
        assertThat(p.form.passwordField()).isEqualTo("password");
        assertThat(p.fieldErrors).isEmpty();
        assertThat(p.flashes).isEmpty();
    }

    @Test
    void sendsTheFormsOwnFieldsTheUncheckedBoxStaysOutTheButtonGoesIn() {
        LoginPage p = LoginPage.parse(Fixtures.loginPage(CSRF, "[]", "%2F", "", null, null), LOGIN, LOGIN);
        char[] password = "s3cret & more".toCharArray();
        byte[] body = p.form.body(Map.of("username", "jürgen"), p.form.passwordField(), password).bytes();
        assertThat(new String(body, StandardCharsets.US_ASCII))
                .as("the login form has no CSRF token (needs_csrf_token=False), and none is added")
                .isEqualTo("username=j%C3%BCrgen&password=s3cret+%26+more&sign_in=Sign+In");
    }

    @Test
    void aFailedLoginMarksFieldsAsTheTemplateDoes() {
        LoginPage wrong = LoginPage.parse(Fixtures.loginPage(CSRF, "[]", "%2F", "alice", "invalid user name",
                "invalid password"), LOGIN, LOGIN);
        assertThat(wrong.fieldErrors).containsExactly(Map.entry("username", "invalid user name"),
                Map.entry("password", "invalid password"));
        LoginPage disabled = LoginPage.parse(Fixtures.loginPage(CSRF, "[]", "%2F", "alice", "Your account is disabled",
                null), LOGIN, LOGIN);
        assertThat(disabled.fieldErrors).containsExactly(Map.entry("username", "Your account is disabled"));
        LoginPage blocked = LoginPage.parse(Fixtures.loginPage(CSRF, Fixtures.alerts("error",
                "Login blocked by the LDAP plugin"), "%2F", "alice", null, null), LOGIN, LOGIN);
        assertThat(blocked.fieldErrors).isEmpty();
        assertThat(blocked.flashes).containsExactly(new Pages.Flash("Login blocked by the LDAP plugin", "error"));
    }

    @Test
    void aPageWithoutALoginFormToTheLoginRouteHasNone() {
        String sso = Fixtures.loginPage(CSRF, "[]", "%2F", "", null, null)
                .replace("action=\"/_admin/login?came_from=%2F\"", "action=\"https://sso.example.net/login\"");
        assertThat(LoginPage.parse(sso, LOGIN, LOGIN).form).isNull();
    }
}
