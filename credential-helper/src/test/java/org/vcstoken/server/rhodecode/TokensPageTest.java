package org.vcstoken.server.rhodecode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TokensPageTest {
    @Test
    void readsRowsCsrfFlashAndScopeOptions() {
        TokensPage p = TokensPage.parse("""
                <script>var CSRF_TOKEN = 'js-csrf';</script>
                <div class="flash" id="flash">Auth token successfully created (id 7)</div>
                <table><tr class="auth_token_row" data-token-id="7" data-role="token_role_vcs"
                    data-description="a &amp; b" data-expires="1.7E9" data-scope-repo="grp/app"><td>x</td></tr>
                <tr data-token-id="8" data-expires="-1.0" data-scope-repo=""></tr></table>
                <form><input type="hidden" name="csrf_token" value="form-csrf">
                <select name="scope_repo_id"><option value="">all repositories</option>
                <option value="3">grp/app</option><option value="4">a &lt;b&gt;</option></select></form>
                """);
        assertThat(p.csrf).isEqualTo("form-csrf");
        assertThat(p.createdId()).contains("7");
        assertThat(p.flashIsError()).isFalse();
        assertThat(p.ids()).containsExactly("7", "8");
        assertThat(p.row("7").orElseThrow().description()).isEqualTo("a & b");
        assertThat(p.row("7").orElseThrow().expires()).isEqualTo(1.7e9);
        assertThat(p.row("8").orElseThrow().expires()).isEqualTo(-1.0);
        assertThat(p.row("8").orElseThrow().scopeRepo()).isEmpty();
        assertThat(p.scopeField).isTrue();
        assertThat(p.scopeRepoIds).containsEntry("grp/app", "3").containsEntry("a <b>", "4").hasSize(2);
    }

    @Test
    void fallsBackToDeleteFormsAndTheScriptCsrfOnOtherPages() {
        TokensPage p = TokensPage.parse("""
                <script>var CSRF_TOKEN = "js-csrf";</script>
                <div class="alert alert-danger">Error: lifetime must be a number</div>
                <form><input type=hidden name=del_auth_token value=12></form>
                """);
        assertThat(p.csrf).isEqualTo("js-csrf");
        assertThat(p.flashIsError()).isTrue();
        assertThat(p.ids()).containsExactly("12");
        assertThat(p.row("12").orElseThrow().expires()).isNull();
        assertThat(p.scopeField).isFalse();
    }

    @Test
    void readsRhodeCodesScriptAlertsPreferringAnError() {
        TokensPage ok = TokensPage.parse("""
                <script> var alertMessagePayloads = [{"message": {"message": "Auth token successfully created",
                    "level": "success", "force": true, "subdata": {}}}]; </script>
                <form><input type="hidden" name="del_auth_token" value="31"></form>
                """);
        assertThat(ok.flash).isEqualTo("Auth token successfully created");
        assertThat(ok.flashIsError()).isFalse();
        assertThat(ok.createdId()).as("RhodeCode names no id: the caller compares the listed ids").isEmpty();
        assertThat(ok.ids()).containsExactly("31");

        TokensPage failed = TokensPage.parse("""
                <script> var alertMessagePayloads = [{"message": {"message": "Saved", "level": "success"}},
                    {"message": {"message": "lifetime is not a number", "level": "error"}}]; </script>
                """);
        assertThat(failed.flash).isEqualTo("lifetime is not a number");
        assertThat(failed.flashIsError()).as("by its level, whatever the text").isTrue();

        assertThat(TokensPage.parse("<script> var alertMessagePayloads = []; </script>").flash).isNull();
        assertThat(TokensPage.parse("<script> var alertMessagePayloads = [{]; </script>").flash)
                .as("unreadable: no message rather than a wrong one").isNull();
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
