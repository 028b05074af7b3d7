package org.vcstoken.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.vcstoken.messages.SecretMessages;

/**
 * pass, the standard Unix password manager: one GPG-encrypted file per secret under
 * {@code PASSWORD_STORE_DIR} (default ~/.password-store), entry {@code vcstoken/<host>/<user>/<id>}.
 */
final class PassBackend implements SecretBackend {
    static final String NAME = "pass";
    private static final String INSTALL = "on Debian: apt-get install pass gnupg";

    private final Tool tool;

    PassBackend(Tool tool) {
        this.tool = tool;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void store(SecretKey key, String secret) throws SecretBackendException {
        checkInitialised();
        Tool.Result r = tool.run(List.of("pass", "insert", "--multiline", "--force", key.passEntry()), secret + "\n",
                INSTALL);
        if (r.exit() != 0) {
            throw new SecretBackendException(explain(r));
        }
    }

    @Override
    public String load(SecretKey key) throws SecretBackendException {
        checkInitialised();
        Tool.Result r = tool.read(List.of("pass", "show", key.passEntry()), INSTALL);
        if (r.exit() == 0) {
            return Tool.firstLine(r.out());
        }
        if (r.err().contains("is not in the password store")) {
            return null;
        }
        throw new SecretBackendException(explain(r));
    }

    @Override
    public void delete(SecretKey key) throws SecretBackendException {
        checkInitialised();
        Tool.Result r = tool.run(List.of("pass", "rm", "--force", key.passEntry()), null, INSTALL);
        if (r.exit() != 0 && !r.err().contains("is not in the password store")) {
            throw new SecretBackendException(explain(r));
        }
    }

    @Override
    public String problem() {
        try {
            if (tool.find("pass") == null) {
                return "pass is not installed (" + INSTALL + ")";
            }
            if (tool.find("gpg") == null) {
                return "gpg is not installed (" + INSTALL + ")";
            }
            SecretKey probe = new SecretKey("vcstoken:probe", "probe", "probe");
            store(probe, "vcstoken-probe");
            String back = load(probe);
            delete(probe);
            if (!"vcstoken-probe".equals(back)) {
                return "pass did not give back what was stored in it";
            }
            return null;
        } catch (SecretBackendException e) {
            return e.getMessage();
        }
    }

    Path storeDir() {
        String dir = tool.env("PASSWORD_STORE_DIR");
        if (dir != null) {
            return Paths.get(dir);
        }
        String home = tool.env("HOME");
        return Paths.get(home == null ? System.getProperty("user.home") : home, ".password-store");
    }

    /** pass itself says only "Error: You must run: pass init"; name the directory too. */
    private void checkInitialised() throws SecretBackendException {
        Path ids = storeDir().resolve(".gpg-id");
        if (!Files.isRegularFile(ids)) {
            throw new SecretBackendException(SecretMessages.passNotInitialised(storeDir().toString()));
        }
    }

    private String keyIds() {
        try {
            return Files.readString(storeDir().resolve(".gpg-id"), StandardCharsets.UTF_8).strip().replace('\n', ' ');
        } catch (IOException e) {
            return "?";
        }
    }

    private String explain(Tool.Result r) {
        String err = r.err();
        if (err.contains("No public key") || err.contains("skipped") || err.contains("unusable public key")
                || err.contains("No dirmngr")) {
            return "no usable GPG key for " + keyIds() + " (from " + storeDir().resolve(".gpg-id")
                    + "); import or create it (gpg --list-keys), or run pass init with a key you have";
        }
        if (err.contains("No secret key")) {
            return "no GPG secret key to decrypt the entry (the key of " + keyIds() + " is not in this GNUPGHOME)";
        }
        if (err.contains("agent") || err.contains("pinentry") || err.contains("Inappropriate ioctl")) {
            return "the gpg agent failed (" + r.errLine() + "); check that gpg-agent runs and can ask for the passphrase";
        }
        if (err.contains("You must run")) {
            return "`pass init` has not been run for " + storeDir() + "; run: pass init YOUR-GPG-KEY-ID";
        }
        return "pass failed: " + r.errLine();
    }
}
