package org.vcstoken.process;

/**
 * A program could not be run to its end. The message names the program and says what to change;
 * it never holds a secret (what went to the child's standard input is masked out of the error
 * output it quotes).
 */
public final class ProcessException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the program did not run to its end (or, for {@link #FAILED}, did not succeed). */
    public enum Reason {
        /** Not on PATH, or no executable file at the path given. */
        NOT_FOUND,
        /** Found, but the system would not start it (not executable, not a program). */
        CANNOT_START,
        /** Stopped, with everything it started, at the time-out. */
        TIMED_OUT,
        /** Ran, and exited with a status other than 0 ({@link Result#orFail()}). */
        FAILED,
        /** Wrote more output than vcstoken keeps. */
        TOO_MUCH_OUTPUT,
        /** vcstoken's thread was interrupted while it waited; the child was stopped. */
        INTERRUPTED
    }

    private final Reason reason;
    private final String program;
    private final int exit;
    private final String detail;

    ProcessException(Reason reason, String program, int exit, String message) {
        this(reason, program, exit, message, null);
    }

    ProcessException(Reason reason, String program, int exit, String message, String detail) {
        super(message);
        this.reason = reason;
        this.program = program;
        this.exit = exit;
        this.detail = detail;
    }

    public Reason reason() {
        return reason;
    }

    /** The program as the caller named it. */
    public String program() {
        return program;
    }

    /** The exit status for {@link Reason#FAILED}; -1 otherwise. */
    public int exit() {
        return exit;
    }

    /**
     * For {@link Reason#CANNOT_START}, the system's reason alone ("Permission denied"), for callers
     * that word their own message; else the message.
     */
    public String detail() {
        return detail == null ? getMessage() : detail;
    }
}
