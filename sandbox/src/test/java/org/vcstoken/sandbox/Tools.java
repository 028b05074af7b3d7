package org.vcstoken.sandbox;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Skips a test when a tool or backend is missing on a developer machine (printing why), but
 * fails it under {@code CI=true}, where .ci/run installs everything and a skip would hide a
 * broken setup.
 */
final class Tools {
  private Tools() {}

  static boolean inCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** Requires {@code condition}; otherwise skip (locally) or fail (CI) with {@code reason}. */
  static void require(boolean condition, String reason) {
    if (condition) {
      return;
    }
    if (inCi()) {
      fail("CI=true and " + reason);
    }
    System.out.println("SKIPPED (not CI): " + reason);
    Assumptions.abort(reason);
  }

  static void requireTool(String... command) {
    Cli.Result r;
    try {
      r = Cli.run(List.of(command), null, Map.of(), 30);
    } catch (RuntimeException e) {
      require(false, String.join(" ", command) + " cannot run: " + e.getMessage());
      return;
    }
    require(r.exit() == 0, String.join(" ", command) + " exited " + r.exit() + ": " + r.out());
  }

  static void requireHg(Sandbox sandbox) {
    requireTool("hg", "--version");
    require(sandbox.hgAvailable(), "the sandbox hg backend is off: " + sandbox.hgUnavailableReason());
  }

  static void requireSvn(Sandbox sandbox) {
    requireTool("svn", "--version", "--quiet");
    require(sandbox.svnAvailable(), "the sandbox svn backend is off: " + sandbox.svnUnavailableReason());
  }
}
