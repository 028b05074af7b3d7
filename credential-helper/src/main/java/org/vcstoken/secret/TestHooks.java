package org.vcstoken.secret;

import org.vcstoken.env.Environment;

/**
 * Crash injection for the migration tests: {@code VCSTOKEN_TEST_CRASH=after-copy} or
 * {@code before-delete} stops the process dead at that point, as a kill -9 would (no finally
 * blocks, no shutdown hooks), so the tests can show that a rerun finishes the job with no secret
 * lost. Unset, it does nothing.
 */
final class TestHooks {
    private TestHooks() {
    }

    static void crashPoint(Environment env, String point) {
        String wanted = env.variables().get("VCSTOKEN_TEST_CRASH");
        if (wanted != null && wanted.equals(point)) {
            System.err.println("vcstoken: VCSTOKEN_TEST_CRASH: halting at " + point);
            System.err.flush();
            Runtime.getRuntime().halt(137);
        }
    }
}
