package org.vcstoken.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.sandbox.IssuedToken;
import org.vcstoken.sandbox.Sandbox;
import org.vcstoken.testing.Sandboxes;
import org.vcstoken.testing.Proc;
import org.vcstoken.testing.TestInstall;
import org.vcstoken.testing.Tools;

/** Tokens deleted on the server are noticed through get_user (with an imported API key) or a probe. */
class RevocationEndToEndTest {
    @TempDir
    Path dir;
    Sandbox sandbox;
    TestInstall install;
    String url;

    @BeforeAll
    static void needsGit() {
        Tools.require("git");
    }

    @BeforeEach
    void setUp() throws Exception {
        sandbox = Sandboxes.start(dir);
        url = sandbox.url().toString();
        sandbox.createUser("alice", "alice-password");
        sandbox.createRepo("team/app", "git", "alice");
        install = TestInstall.in(dir.resolve("client"));
    }

    @AfterEach
    void tearDown() {
        sandbox.close();
    }

    @Test
    void anImportedApiKeyRevealsATokenDeletedOnTheServerAndItIsNeverHandedOutAgain() throws Exception {
        IssuedToken api = sandbox.addToken("alice", "token_role_api", -1, "tools", null);
        IssuedToken wide = sandbox.addToken("alice", "token_role_vcs", -1, "wide", null);
        IssuedToken app = sandbox.addToken("alice", "token_role_vcs", -1, "app", "team/app");
        Path rhoderc = dir.resolve("rhoderc");
        Files.writeString(rhoderc, "[instance:main]\napi_host = " + url + "\napi_key = " + api.token() + "\n");
        String wideId = install.addToken(url, "alice", wide.token());
        install.addToken(url + "/team/app", "alice", app.token());

        Proc.Result imported = install.vcstoken("", "server", "import-rhoderc", rhoderc.toString(), "--user", "alice");
        sandbox.deleteToken(wide.id());
        Proc.Result check = install.vcstoken("", "token", "check");
        Proc.Result fill = install.git(null, "url=" + url + "/\n\n", "-c", "credential.helper=",
                "-c", "credential.helper=" + install.helper(), "credential", "fill");

        assertThat(imported.exit()).as(imported.toString()).isZero();
        assertThat(imported.out()).contains("instance main: " + url + " with API token").doesNotContain(api.token());
        assertThat(check.exit()).as(check.toString()).isZero();
        assertThat(check.out()).contains("token " + wideId + " for " + url + ": deleted on the server; marked rejected");
        assertThat(fill.out()).as("neither the deleted token nor the API key goes to git").isEmpty();
        assertThat(fill.exit()).isNotZero();
        assertThat(fill.err()).contains("vcstoken: error: no usable token for " + url)
                .doesNotContain(wide.token()).doesNotContain(api.token());
    }

    @Test
    void anApiKeyOfAnotherAccountIsReportedAndNeverMarkedRevoked() throws Exception {
        sandbox.createUser("tools", "tools-password");
        IssuedToken foreign = sandbox.addToken("tools", "token_role_api", -1, "shared", null);
        Path rhoderc = dir.resolve("rhoderc");
        Files.writeString(rhoderc, "[instance:main]\napi_host = " + url + "\napi_key = " + foreign.token() + "\n");
        assertThat(install.vcstoken("", "server", "import-rhoderc", rhoderc.toString(), "--user", "alice").exit())
                .isZero();

        Proc.Result check = install.vcstoken("", "token", "check");

        assertThat(check.exit()).as("a key that cannot list alice's tokens is a failure to say: " + check).isOne();
        assertThat(check.err()).contains("belongs to tools, not alice").doesNotContain(foreign.token());
        assertThat(check.out()).doesNotContain("marked rejected");
        assertThat(install.vcstoken("", "token", "list", "--json").out()).doesNotContain("\"state\" : \"rejected\"");
    }

    @Test
    void whatCannotBeCheckedIsSaidAndNeverCalledOk() throws Exception {
        IssuedToken wide = sandbox.addToken("alice", "token_role_vcs", -1, "wide", null);
        IssuedToken gone = sandbox.addToken("alice", "token_role_vcs", -1, "gone", "team/app");
        String wideId = install.addToken(url, "alice", wide.token());
        String goneId = install.addToken(url + "/team/removed", "alice", gone.token());

        Proc.Result check = install.vcstoken("", "token", "check");

        assertThat(check.exit()).as(check.toString()).isZero();
        assertThat(check.out()).contains("token " + wideId + " for " + url + ": not checked: server-wide, and there is "
                + "no API token").contains("token " + goneId + " for " + url + ": not checked: the server has no "
                + "repository team/removed").doesNotContain(": ok");
    }

    @Test
    void withoutAnApiKeyARepositoryTokenIsCheckedOnItsRepository() throws Exception {
        IssuedToken app = sandbox.addToken("alice", "token_role_vcs", -1, "app", "team/app");
        String id = install.addToken(url + "/team/app", "alice", app.token());
        assertThat(install.vcstoken("", "token", "check").out()).contains("token " + id + " for " + url + ": ok");

        sandbox.deleteToken(app.id());
        Proc.Result check = install.vcstoken("", "token", "check");

        assertThat(check.out()).contains("refused by the server; marked rejected");
        assertThat(install.vcstoken("", "token", "list").out()).contains("rejected");
    }
}
