package org.vcstoken.messages;

import java.time.Duration;

/** The texts the prompt package shows a person or puts into its exceptions. None takes a secret. */
public final class PromptMessages {
    private PromptMessages() {
    }

    public static String noChannel() {
        return "no terminal and no askpass program";
    }

    public static String terminalPromptDisabled(String value) {
        return "GIT_TERMINAL_PROMPT=" + value + " and no askpass program";
    }

    public static String cannotOpenTerminal(String tty, String detail) {
        return "cannot open the terminal " + tty + " (" + detail + ")";
    }

    public static String terminalClosed(String tty) {
        return "no answer: the terminal " + tty + " was closed";
    }

    public static String cannotHideInput(String tty, String detail) {
        return "cannot turn off echo on " + tty + " (" + detail + "); refusing to read a secret that would be shown";
    }

    public static String askpassCannotRun(String program, String setting, String detail) {
        return "cannot run the askpass program " + program + " (" + detail + "); fix or unset " + setting;
    }

    public static String askpassFailed(String program, String setting, int exit) {
        return "the askpass program " + program + " failed (exit " + exit + "); fix or unset " + setting;
    }

    public static String askpassTimedOut(String program, Duration limit) {
        return "the askpass program " + program + " gave no answer within " + limit.toSeconds() + " s";
    }

    public static String askpassUnreadable(String program, String detail) {
        return "cannot read the answer of the askpass program " + program + " (" + detail + ")";
    }

    public static String interrupted(String channel) {
        return "interrupted while waiting for an answer from " + channel;
    }

    public static String askpassNotFound(String program, String setting) {
        return askpassCannotRun(program, setting, "not found");
    }

    /** The detail of {@link #cannotHideInput} when stty failed without a word. */
    public static String sttyExit(int exit) {
        return "stty exit " + exit;
    }

    public static String browserUrlNotHttp(String url) {
        return "url must start with http:// or https://: " + url;
    }
}
