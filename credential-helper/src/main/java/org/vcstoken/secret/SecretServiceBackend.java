package org.vcstoken.secret;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.vcstoken.messages.SecretMessages;

/**
 * The freedesktop Secret Service (GNOME Keyring, KeePassXC, KWallet's bridge) through
 * {@code secret-tool} from libsecret. Items carry the attributes application=vcstoken, server,
 * user and token (the token id); the secret goes in on stdin and comes out on stdout.
 */
final class SecretServiceBackend implements SecretBackend {
    static final String NAME = "secret-service";
    private static final String INSTALL = "on Debian: apt-get install libsecret-tools";

    private final Tool tool;

    SecretServiceBackend(Tool tool) {
        this.tool = tool;
    }

    @Override
    public String name() {
        return NAME;
    }

    private static List<String> attributes(String verb, SecretKey key) {
        List<String> c = new ArrayList<>(List.of("secret-tool", verb));
        if (verb.equals("store")) {
            c.add("--label=" + key.label());
        }
        c.addAll(List.of("application", "vcstoken", "server", key.server(), "user", key.user(), "token", key.tokenId()));
        return c;
    }

    @Override
    public void store(SecretKey key, String secret) throws SecretBackendException {
        checkSession();
        // No newline: secret-tool keeps everything it reads from a pipe.
        Tool.Result r = tool.run(attributes("store", key), secret, INSTALL);
        if (r.exit() != 0) {
            throw new SecretBackendException(explain(r));
        }
    }

    @Override
    public String load(SecretKey key) throws SecretBackendException {
        checkSession();
        Tool.Result r = tool.read(attributes("lookup", key), INSTALL);
        if (r.exit() == 0 && !r.out().isEmpty()) {
            return Tool.firstLine(r.out());
        }
        if (!r.err().isBlank()) {
            throw new SecretBackendException(explain(r));
        }
        // lookup says nothing both for a missing item and for a locked one; search tells them apart.
        Tool.Result s = tool.read(attributes("search", key), INSTALL);
        if (s.out().contains("[/") || s.err().contains("locked")) {
            throw new SecretBackendException(locked());
        }
        if (!s.err().isBlank()) {
            throw new SecretBackendException(explain(s));
        }
        return null;
    }

    @Override
    public void delete(SecretKey key) throws SecretBackendException {
        checkSession();
        Tool.Result r = tool.run(attributes("clear", key), null, INSTALL);
        // clear fails silently when there was nothing to clear; only a message means a failure.
        if (r.exit() != 0 && !r.err().isBlank()) {
            throw new SecretBackendException(explain(r));
        }
    }

    @Override
    public String problem() {
        SecretKey probe = new SecretKey("vcstoken:probe", "probe", "probe");
        try {
            if (tool.find("secret-tool") == null) {
                return "secret-tool is not installed (" + INSTALL + ")";
            }
            store(probe, "vcstoken-probe");
            String back = load(probe);
            delete(probe);
            if (!"vcstoken-probe".equals(back)) {
                return "the Secret Service did not give back what was stored in it (is it a read-only keyring?)";
            }
            return null;
        } catch (SecretBackendException e) {
            return e.getMessage();
        }
    }

    /** Without a session bus secret-tool tries to autolaunch one through X11, which fails cryptically. */
    private void checkSession() throws SecretBackendException {
        if (tool.env("DBUS_SESSION_BUS_ADDRESS") != null) {
            return;
        }
        String runtime = tool.env("XDG_RUNTIME_DIR");
        if (runtime != null && Files.exists(Paths.get(runtime, "bus"))) {
            return;
        }
        throw new SecretBackendException(SecretMessages.noDbusSession());
    }

    private static String locked() {
        return "the keyring is locked; unlock it (log in to the desktop, or: gnome-keyring-daemon --unlock) "
                + "and try again";
    }

    private static String explain(Tool.Result r) {
        String err = r.err();
        if (err.contains("locked")) {
            return locked();
        }
        if (err.contains("ServiceUnknown") || err.contains("not provided by any .service")
                || err.contains("org.freedesktop.secrets")) {
            return "no Secret Service is running on the D-Bus session; start one (gnome-keyring-daemon "
                    + "--start --components=secrets, or KeePassXC with Secret Service integration)";
        }
        if (err.contains("autolaunch") || err.contains("Could not connect") || err.contains("Failed to connect")
                || err.contains("connection closed")) {
            return "no D-Bus session can be reached (" + r.errLine() + "); run vcstoken in a desktop session or "
                    + "under dbus-run-session";
        }
        if (err.contains("prompt") || err.contains("Prompt") || err.contains("dismissed")) {
            return "the keyring asked for a password and nobody answered (" + r.errLine() + "); unlock it and try again";
        }
        return "secret-tool failed: " + r.errLine();
    }
}
