package org.vcstoken.messages;

import java.time.Duration;

/** The texts of the process package's exceptions (a program not found, failed, timed out). None takes a secret. */
public final class ProcessMessages {
    private ProcessMessages() {
    }

    public static String notFound(String program, String path) {
        if (program.indexOf('/') >= 0) {
            return program + " not found (no executable file there)";
        }
        if (path == null || path.isEmpty()) {
            return program + " not found: PATH is not set; set PATH to the directories holding " + program;
        }
        return program + " not found on PATH (" + path + "); install it or add its directory to PATH";
    }

    public static String cannotStart(String program, String detail) {
        return "cannot run " + program + " (" + detail + ")";
    }

    public static String timedOut(String program, Duration limit) {
        return program + " did not finish within " + seconds(limit)
                + "; it was stopped, with the processes it started";
    }

    public static String failed(String program, int exit, String errTail) {
        return program + " failed (exit " + exit + ")" + (errTail.isEmpty() ? "" : ": " + errTail);
    }

    public static String tooMuchOutput(String program, int limit) {
        return program + " wrote more than " + (limit / (1024 * 1024)) + " MiB of output; vcstoken does not keep that much";
    }

    public static String interrupted(String program) {
        return "interrupted while waiting for " + program + "; it was stopped";
    }

    public static String secretInArguments(String program) {
        return "refusing to run " + program + ": the secret for its standard input is also in its arguments or "
                + "environment";
    }

    /** "1 s", "90 s", "1500 ms": what a person reads in a time-out message. */
    public static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }

    /** The detail of {@link #cannotStart} when the program did not even start in time. */
    public static String notStartedWithin(Duration limit) {
        return "it did not start within " + seconds(limit);
    }

    /** @param argv the argument list as given (it names no program) */
    public static String noProgram(String argv) {
        return "argv must name a program: " + argv;
    }

    public static String timeoutNotPositive(Duration limit) {
        return "timeout must be positive: " + limit;
    }
}
