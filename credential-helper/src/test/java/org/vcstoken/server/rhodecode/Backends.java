package org.vcstoken.server.rhodecode;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;
import org.vcstoken.sandbox.Sandbox;

/**
 * The project's rule for the sandbox's hg and svn backends, as {@code Tools.require} has it for
 * tools: on a developer machine a backend that is off skips the test with the reason printed; with
 * {@code CI=true} it fails, so a missing install step never turns into a green build.
 */
final class Backends {
    private Backends() {
    }

    static void requireHg(Sandbox sb) {
        require("hg", sb.hgAvailable(), sb.hgUnavailableReason());
    }

    static void requireSvn(Sandbox sb) {
        require("svn", sb.svnAvailable(), sb.svnUnavailableReason());
    }

    private static void require(String backend, boolean available, String why) {
        if (available) {
            return;
        }
        String reason = "the sandbox's " + backend + " backend is off: " + why;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true and " + reason);
        }
        System.err.println("SKIPPED: " + reason);
        Assumptions.abort(reason);
    }
}
