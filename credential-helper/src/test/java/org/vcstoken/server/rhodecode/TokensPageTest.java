package org.vcstoken.server.rhodecode;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading the auth tokens page built from RhodeCode CE 4.27's template structure, with its noise. */
class TokensPageTest {
    static final String BASE = "https://code.example.com";
    static final URI PAGE = URI.create(BASE + "/_admin/my_account/auth_tokens?token_role=token_role_vcs");
    static final String CSRF = "7d5a1b0c9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b";

    static String rows() {
        return Fixtures.row("3", "9f2c", "Generated feed token", "feed access", "Global", Fixtures.NEVER, CSRF)
                + Fixtures.row("17", "41ab", "für den Build ✓ &lt;ci&gt; &amp; 日本語", "vcs (git/hg/svn protocol)",
                        "Repository: grp/app", Fixtures.time("2024-11-27 10:00:00.123456+00:00",
                                "Wed, 27 Nov 2024 10:00:00"), CSRF)
                + Fixtures.row("21", "77de", "old", "all", "Global",
                        Fixtures.expiredTime("2023-01-02 03:04:05+00:00", "Mon, 02 Jan 2023 03:04:05"), CSRF);
    }

    static TokensPage parse(boolean ee, String alerts) {
        return TokensPage.parse(Fixtures.tokensPage(ee, CSRF, alerts, rows()), PAGE, BASE);
    }

    @Test
    void findsTheOneTokenFormAndItsOwnCsrfDespiteDecoysInCommentsScriptsTemplatesAndCustomCode() {
        TokensPage p = parse(false, "[]");
        assertThat(p.newForms).as("comment, noscript, template and script copies are not forms").isEqualTo(1);
        assertThat(p.newForm.value("csrf_token")).isEqualTo(CSRF);
        assertThat(p.newForm.action).isEqualTo(URI.create(BASE + "/_admin/my_account/auth_tokens/new"));
        assertThat(p.logoutForm.value("csrf_token")).isEqualTo(CSRF);
        assertThat(p.logoutForm.action).isEqualTo(URI.create(BASE + "/_admin/logout"));
    }

    @Test
    void rowsTakeTheIdFromTheDeleteFormAndTheRestFromTheCells() {
        TokensPage p = parse(false, "[]");
        assertThat(p.ids()).as("the GET decoy in the footer and the template rows are not rows").containsExactly("3", "17",
                "21");
        TokensPage.Row vcs = p.row("17").orElseThrow();
        assertThat(vcs.description()).isEqualTo("für den Build ✓ <ci> & 日本語");
        assertThat(vcs.scopeRepo()).isEqualTo("grp/app");
        assertThat(vcs.expiry()).isEqualTo(new TokensPage.At(Instant.parse("2024-11-27T10:00:00.123456Z")));
        assertThat(vcs.deleteForm().value("del_auth_token")).isEqualTo("17");
        assertThat(vcs.deleteForm().value("csrf_token")).isEqualTo(CSRF);
        assertThat(p.row("3").orElseThrow().expiry()).isEqualTo(new TokensPage.Never());
        assertThat(p.row("3").orElseThrow().scopeRepo()).as("Global").isEmpty();
        assertThat(p.row("21").orElseThrow().expiry()).as("an expired token's time is struck through, still read")
                .isEqualTo(new TokensPage.At(Instant.parse("2023-01-02T03:04:05Z")));
    }

    @Test
    void theCreateFormIsSubmittedWithItsOwnFieldsOnlyTheDisabledScopeAndResetStayOut() {
        TokensPage p = parse(false, "[]");
        assertThat(p.scopeField).isEqualTo(TokensPage.ScopeField.DISABLED);
        assertThat(p.newForm.options("role")).containsExactly("token_role_all", "token_role_vcs", "token_role_api",
                "token_role_http", "token_role_feed", "role_artifact_download");
        Map<String, String> values = new LinkedHashMap<>();
        values.put("description", "vcstoken 2024-11-27 for grp/app");
        values.put("lifetime", "43200");
        values.put("role", "token_role_vcs");
        assertThat(new String(p.newForm.body(values, null, null).bytes(), StandardCharsets.US_ASCII)).isEqualTo(
                "csrf_token=" + CSRF + "&description=vcstoken+2024-11-27+for+grp%2Fapp&lifetime=43200"
                        + "&role=token_role_vcs&save=Add");
    }

    @Test
    void eeRendersTheSameTemplateWithAHiddenScopeField() {
        TokensPage p = parse(true, "[]");
        assertThat(p.scopeField).isEqualTo(TokensPage.ScopeField.HIDDEN);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("description", "d");
        values.put("lifetime", "60");
        values.put("role", "token_role_vcs");
        values.put("scope_repo_id", "42");
        assertThat(new String(p.newForm.body(values, null, null).bytes(), StandardCharsets.US_ASCII)).isEqualTo(
                "csrf_token=" + CSRF + "&description=d&lifetime=60&role=token_role_vcs&scope_repo_id=42&save=Add");
    }

    @Test
    void readsTheFlashFromRhodeCodesScriptNotFromTheAdminsCopy() {
        TokensPage ok = parse(false, Fixtures.alerts("success", "Auth token successfully created"));
        assertThat(ok.flashes).containsExactly(new Pages.Flash("Auth token successfully created", "success"));
        assertThat(ok.error()).as("the custom code's 'decoy error' is not RhodeCode's flash").isNull();
        TokensPage failed = parse(false, "[{\"message\": {\"message\": \"Saved\", \"level\": \"success\"}}, "
                + "{\"message\": {\"message\": \"lifetime is not a number\", \"level\": \"error\"}}]");
        assertThat(failed.error()).isEqualTo(new Pages.Flash("lifetime is not a number", "error"));
        assertThat(parse(false, "[{]").flashes).as("unreadable: no message rather than a wrong one").isEmpty();
    }

    @Test
    void aRowWithoutATimeElementHasAnUnknownExpiryUnlessItSaysNever() {
        String page = Fixtures.tokensPage(false, CSRF, "[]",
                Fixtures.row("5", "aaaa", "translated", "vcs", "Global", "                      nie", CSRF)
                        + Fixtures.row("6", "bbbb", "bad date", "vcs", "Global",
                                "<time class=\"timeago\" datetime=\"soon\">soon</time>", CSRF));
        TokensPage p = TokensPage.parse(page, PAGE, BASE);
        assertThat(p.row("5").orElseThrow().expiry()).isEqualTo(new TokensPage.Unknown());
        assertThat(p.row("6").orElseThrow().expiry()).isEqualTo(new TokensPage.Unknown());
    }

    @Test
    void readsDatetimesAsRhodeCodeWritesThemAndIsoOnes() {
        assertThat(TokensPage.parseDatetime("2024-11-27 10:00:00.123456+00:00"))
                .isEqualTo(Instant.parse("2024-11-27T10:00:00.123456Z"));
        assertThat(TokensPage.parseDatetime("2024-11-27 10:00:00+00:00")).isEqualTo(Instant.parse("2024-11-27T10:00:00Z"));
        assertThat(TokensPage.parseDatetime("2024-11-27T12:00:00+02:00")).isEqualTo(Instant.parse("2024-11-27T10:00:00Z"));
        assertThat(TokensPage.parseDatetime("2024-11-27T10:00:00Z")).isEqualTo(Instant.parse("2024-11-27T10:00:00Z"));
        assertThat(TokensPage.parseDatetime("2024-11-27 11:00:00.5+0100")).isEqualTo(Instant.parse("2024-11-27T10:00:00.5Z"));
        assertThat(TokensPage.parseDatetime("2024-11-27 11:00:00+01:00+01:00"))
                .as("an offset written twice (a patched 4.27 does): the first counts")
                .isEqualTo(Instant.parse("2024-11-27T10:00:00Z"));
        assertThat(TokensPage.parseDatetime("2024-11-27 10:00:00")).as("no offset: RhodeCode prints UTC")
                .isEqualTo(Instant.parse("2024-11-27T10:00:00Z"));
        assertThat(TokensPage.parseDatetime("2024-13-40 10:00:00")).isNull();
        assertThat(TokensPage.parseDatetime("tomorrow")).isNull();
    }

    @Test
    void aPageWithTwoTokenFormsIsNotGuessedAt() {
        String page = Fixtures.tokensPage(false, CSRF, "[]", rows()).replace("<div class=\"admin-footer\"",
                "<form action=\"/_admin/my_account/auth_tokens/new\" method=\"post\"><input name=\"csrf_token\" "
                        + "value=\"x\"><input name=\"description\"><select name=\"role\"><option>a</option></select>"
                        + "</form><div class=\"admin-footer\"");
        assertThat(TokensPage.parse(page, PAGE, BASE).newForms).isEqualTo(2);
    }

    @Test
    void formBodiesEncodePasswordsWithoutStringsAndClearThem() {
        FormBody f = new FormBody().add("username", "alice").add("password", "p&ss w=rd/é".toCharArray());
        byte[] body = f.bytes();
        assertThat(new String(body, StandardCharsets.US_ASCII))
                .isEqualTo("username=alice&password=p%26ss+w%3Drd%2F%C3%A9");
        f.clear();
        FormBody.clear(body);
        assertThat(body).containsOnly(0);
    }
}
