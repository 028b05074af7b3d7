package org.vcstoken.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vcstoken.testing.Proc;
import org.vcstoken.testing.TestInstall;

/** The secret-service store against a real gnome-keyring-daemon on a private session bus. */
class SecretServiceStoreTest extends SecretStoreContract {
    private KeyringSession keyring;

    @Override
    String backend() {
        return "secret-service";
    }

    @Override
    TestInstall install() throws Exception {
        keyring = KeyringSession.start(Files.createDirectories(dir.resolve("keyring")));
        TestInstall install = TestInstall.in(Files.createDirectories(dir.resolve("install")));
        install.env().putAll(keyring.env());
        install.env().put("VCSTOKEN_INTERACTIVE", "never");
        return install;
    }

    @Override
    String stored(String server, String user, String tokenId) throws Exception {
        return keyring.lookup(server, user, tokenId);
    }

    @Override
    void deleteDirectly(String server, String user, String tokenId) throws Exception {
        Proc.Result r = Proc.run(List.of("secret-tool", "clear", "application", "vcstoken", "server", server, "user", user,
                "token", tokenId), withPath(keyring.env()), null, "", java.time.Duration.ofSeconds(30));
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(stored(server, user, tokenId)).isEmpty();
    }

    private static java.util.Map<String, String> withPath(java.util.Map<String, String> env) {
        java.util.Map<String, String> e = new java.util.HashMap<>(env);
        e.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        return e;
    }

    @AfterEach
    void stopKeyring() {
        if (keyring != null) {
            keyring.close();
        }
    }

    @Test
    void aLockedKeyringMakesGetPrintOneLineAndAnswerNothingAndLeavesTheStoreAlone() throws Exception {
        TestInstall install = install().with("VCSTOKEN_STORE", backend());
        String id = install.addToken(REPO_URL, "alice", SECRET);
        byte[] before = Files.readAllBytes(install.storeFile());
        keyring.lock();

        Proc.Result r = get(install, "team/app.git");

        assertThat(r.out()).as(r.toString()).isEmpty();
        assertThat(r.err().strip().lines()).as(r.toString()).singleElement().asString()
                .contains("secret-service").contains("locked").contains(id).doesNotContain(SECRET);
        assertThat(Files.readAllBytes(install.storeFile())).as("store bytes").isEqualTo(before);
        Proc.Result filled = fill(install, "team/app.git");
        assertThat(filled.out()).doesNotContain(SECRET).doesNotContain("password=");
        assertThat(Files.readAllBytes(install.storeFile())).as("store bytes after git").isEqualTo(before);

        Proc.Result use = install.vcstoken("", "store", "use", "secret-service");
        assertThat(use.exit()).as(use.toString()).isEqualTo(1);
        assertThat(use.err()).contains("locked").contains("file (usable)").contains("pass");
    }

    @Test
    void withoutADbusSessionStoreUseFailsNamingWhatIsMissingAndTheValidStores() throws Exception {
        TestInstall install = install();
        install.env().remove("DBUS_SESSION_BUS_ADDRESS");
        install.env().put("XDG_RUNTIME_DIR", dir.resolve("no-runtime").toString());

        Proc.Result use = install.vcstoken("", "store", "use", "secret-service");

        assertThat(use.exit()).as(use.toString()).isEqualTo(1);
        assertThat(use.err()).contains("no D-Bus session").contains("file (usable)").contains("secret-service")
                .contains("pass");
        assertThat(install.state().resolve("settings.json")).doesNotExist();
    }

    @Test
    void anUnknownStoreIsRefusedWithTheValidNames() throws Exception {
        TestInstall install = install();

        Proc.Result use = install.vcstoken("", "store", "use", "keychain");

        assertThat(use.exit()).as(use.toString()).isEqualTo(1);
        assertThat(use.err()).contains("'keychain' is not a secret store; valid: file, secret-service, pass");
        Proc.Result add = install.with("VCSTOKEN_STORE", "keychain").vcstoken(SECRET + "\n", "token", "add", REPO_URL,
                "--user", "alice");
        assertThat(add.exit()).as(add.toString()).isEqualTo(1);
        assertThat(add.err()).contains("VCSTOKEN_STORE").contains("valid: file, secret-service, pass");
        assertThat(install.storeFile()).doesNotExist();
    }
}
