package org.vcstoken.secret;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.vcstoken.testing.Tools;

/**
 * Tools the secret-store tests drive. Those with a working {@code --version} go through
 * {@link Tools#require}; secret-tool and dbus-send have none (they exit non-zero), so they are looked up on PATH with the
 * same rule: skipped with the reason on a developer machine, a failure in CI ({@code CI=true}).
 */
final class Needs {
    private Needs() {
    }

    static void secretService() {
        Tools.require("dbus-daemon");
        onPath("dbus-send", "dbus");
        Tools.require("gnome-keyring-daemon");
        onPath("secret-tool", "libsecret-tools");
    }

    static void pass() {
        Tools.require("gpg");
        Tools.require("pass");
    }

    static void onPath(String tool, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return;
            }
        }
        String reason = tool + " is not installed (on Debian: apt-get install " + debianPackage + ")";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true and " + reason);
        }
        System.err.println("SKIPPED: " + reason);
        Assumptions.abort(reason);
    }
}
