package org.vcstoken.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vcstoken.testing.Proc;
import org.vcstoken.testing.TestInstall;

/** The pass store against a real pass and gpg with a throw-away key. */
class PassStoreTest extends SecretStoreContract {
    private PassSession pass;

    @Override
    String backend() {
        return "pass";
    }

    @Override
    TestInstall install() throws Exception {
        pass = PassSession.start(Files.createDirectories(dir.resolve("pass")));
        return installWith(pass);
    }

    private TestInstall installWith(PassSession session) throws Exception {
        TestInstall install = TestInstall.in(Files.createDirectories(dir.resolve("install")));
        install.env().putAll(session.env());
        install.env().put("VCSTOKEN_INTERACTIVE", "never");
        return install;
    }

    @Override
    String stored(String server, String user, String tokenId) throws Exception {
        return pass.show(new SecretKey(server, user, tokenId).passEntry());
    }

    @Override
    void deleteDirectly(String server, String user, String tokenId) throws Exception {
        Proc.Result r = pass.run(List.of("pass", "rm", "-f", new SecretKey(server, user, tokenId).passEntry()));
        assertThat(r.exit()).as(r.toString()).isZero();
    }

    @AfterEach
    void stopAgent() throws Exception {
        if (pass != null) {
            pass.close();
        }
    }

    @Test
    void entriesAreNamedByHostUserAndTokenId() throws Exception {
        TestInstall install = install().with("VCSTOKEN_STORE", "pass");
        String id = install.addToken("https://code.example.com:8443/team/app", "alice@corp", SECRET);

        assertThat(pass.entries()).containsExactly("vcstoken/code.example.com_8443/alice@corp/" + id);
        assertThat(Files.readString(pass.storeDir().resolve("vcstoken/code.example.com_8443/alice@corp/" + id + ".gpg"),
                java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);
    }

    @Test
    void withoutPassInitStoreUseFailsSayingSo() throws Exception {
        pass = PassSession.withoutInit(Files.createDirectories(dir.resolve("pass")));
        TestInstall install = installWith(pass);

        Proc.Result use = install.vcstoken("", "store", "use", "pass");

        assertThat(use.exit()).as(use.toString()).isEqualTo(1);
        assertThat(use.err()).contains("`pass init` has not been run").contains("file (usable)")
                .contains("secret-service");
        assertThat(install.state().resolve("settings.json")).doesNotExist();
    }

    @Test
    void aMissingGpgKeyMakesGetPrintOneLineAndLeavesTheStoreAlone() throws Exception {
        TestInstall install = install().with("VCSTOKEN_STORE", "pass");
        String id = install.addToken(REPO_URL, "alice", SECRET);
        byte[] before = Files.readAllBytes(install.storeFile());
        install.env().put("GNUPGHOME", Files.createDirectories(dir.resolve("empty-gnupg")).toString());

        Proc.Result r = get(install, "team/app.git");

        assertThat(r.out()).as(r.toString()).isEmpty();
        assertThat(r.err().strip().lines()).as(r.toString()).singleElement().asString()
                .contains("pass").contains(id).contains("GPG").doesNotContain(SECRET);
        assertThat(Files.readAllBytes(install.storeFile())).isEqualTo(before);
        Proc.Result use = install.vcstoken("", "store", "use", "pass");
        assertThat(use.exit()).as(use.toString()).isEqualTo(1);
        assertThat(use.err()).contains("GPG key");
    }
}
