package org.vcstoken.cli;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One step of {@code vcstoken demo}: what it shows, how it checks its outcome, and why it may be
 * skipped. A flavor of the demo ({@link RhodecodeDemo}, {@link GitLabDemo}, {@link ForgejoDemo})
 * is a list of steps that share one {@link DemoRun}; {@link DemoCommand} numbers them, prints
 * {@code ok} after each and stops at the first that fails.
 *
 * @param name  a short name, for the line that says the step was skipped ({@code hg})
 * @param shows the step's headline: what it shows, from the run (which knows its directory)
 * @param skip  why the step cannot run here
 * @param body  does what the step shows and checks its outcome
 */
record DemoStep(String name, Function<DemoRun, String> shows, Skip skip, Body body) {
    DemoStep {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(shows, "shows");
        Objects.requireNonNull(skip, "skip");
        Objects.requireNonNull(body, "body");
    }

    /** A step that always runs. */
    static DemoStep of(String name, String shows, Body body) {
        return new DemoStep(name, run -> shows, run -> Optional.empty(), body);
    }

    /** Why a step cannot run here (a tool or a sandbox backend missing), or empty when it can. */
    @FunctionalInterface
    interface Skip {
        Optional<String> why(DemoRun run) throws Failed, IOException;
    }

    /**
     * Does what the step shows, narrating with {@link DemoRun#detail}, and checks its outcome, not
     * only exit codes: which token the trace says was chosen, a token's state, the files made.
     */
    @FunctionalInterface
    interface Body {
        void run(DemoRun run) throws Failed, IOException;
    }

    /** A step's outcome was not what it should be; the message says what happened instead. */
    static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;

        Failed(String message) {
            super(message);
        }
    }

    /** Fails the step with {@code otherwise} unless {@code condition} holds. */
    static void expect(boolean condition, String otherwise) throws Failed {
        if (!condition) {
            throw new Failed(otherwise);
        }
    }
}
