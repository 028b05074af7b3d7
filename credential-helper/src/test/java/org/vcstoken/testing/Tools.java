package org.vcstoken.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need a real tool (git, hg, svn) call {@link #require(String)}: on a developer machine
 * a missing tool skips the test with the reason; in CI ({@code CI=true}) it fails the run, so a
 * missing install step can never turn into a green build.
 */
public final class Tools {
    private Tools() {
    }

    public static void require(String tool) {
        if (available(tool)) {
            return;
        }
        String reason = tool + " is not installed (on Debian: apt-get install " + debianPackage(tool) + ")";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true and " + reason);
        }
        System.err.println("SKIPPED: " + reason);
        Assumptions.abort(reason);
    }

    public static boolean available(String tool) {
        try {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String debianPackage(String tool) {
        return switch (tool) {
            case "hg" -> "mercurial";
            case "svn" -> "subversion";
            default -> tool;
        };
    }
}
