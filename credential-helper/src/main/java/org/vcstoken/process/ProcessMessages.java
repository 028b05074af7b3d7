package org.vcstoken.process;

import java.time.Duration;

/** The texts of {@link ProcessException}s. None takes a secret. */
final class ProcessMessages {
    private ProcessMessages() {
    }

    static String notFound(String program, String path) {
        if (program.indexOf('/') >= 0) {
            return program + " not found (no executable file there)";
        }
        if (path == null || path.isEmpty()) {
            return program + " not found: PATH is not set; set PATH to the directories holding " + program;
        }
        return program + " not found on PATH (" + path + "); install it or add its directory to PATH";
    }

    static String cannotStart(String program, String detail) {
        return "cannot run " + program + " (" + detail + ")";
    }

    static String timedOut(String program, Duration limit) {
        return program + " did not finish within " + seconds(limit)
                + "; it was stopped, with the processes it started";
    }

    static String failed(String program, int exit, String errTail) {
        return program + " failed (exit " + exit + ")" + (errTail.isEmpty() ? "" : ": " + errTail);
    }

    static String tooMuchOutput(String program, int limit) {
        return program + " wrote more than " + (limit / (1024 * 1024)) + " MiB of output; vcstoken does not keep that much";
    }

    static String interrupted(String program) {
        return "interrupted while waiting for " + program + "; it was stopped";
    }

    static String secretInArguments(String program) {
        return "refusing to run " + program + ": the secret for its standard input is also in its arguments or "
                + "environment";
    }

    /** "1 s", "90 s", "1500 ms": what a person reads in a time-out message. */
    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }
}
