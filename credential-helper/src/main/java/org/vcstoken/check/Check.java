package org.vcstoken.check;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One thing {@code vcstoken doctor} checks: its name, its test, and for every failure the fix.
 * The test reports what it found as {@link Finding}s, one output line each, as it goes (a check
 * that asks a server reports each token when it has its answer). A failure to carry out the test
 * (a program that does not run, a server that does not answer) is a finding too, never an
 * exception: one check's trouble must not hide the others (doctor reports a check that throws
 * as one failure and goes on).
 *
 * <p>vcstoken's own checks live in {@code org.vcstoken.doctor}; a server family adds its own
 * through {@code ServerKind.checks}.
 */
public interface Check {
    /** A short name saying what is checked, e.g. {@code java} or {@code git helper order}. */
    String name();

    /** Runs the test and hands each finding to {@code report}, in the order they are made. */
    void run(Consumer<Finding> report);

    /** A check whose test is {@code test}. */
    static Check of(String name, Consumer<Consumer<Finding>> test) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(test, "test");
        return new Check() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void run(Consumer<Finding> report) {
                test.accept(report);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /** Runs {@code check} and returns its findings: for tests and for callers that print elsewhere. */
    static List<Finding> findings(Check check) {
        List<Finding> found = new java.util.ArrayList<>();
        check.run(found::add);
        return List.copyOf(found);
    }
}
