package org.vcstoken.prompt;

/**
 * Asks a person something, on the terminal ({@code /dev/tty}) or through an askpass program:
 * never on standard output, which belongs to the credential protocol.
 */
public interface Prompter {
    /** Asks for a visible answer (a choice, a lifetime, a user name). */
    String ask(String question) throws PromptException;

    /** Asks for a secret without echoing it; the caller clears the array after use. */
    char[] askSecret(String question) throws PromptException;

    /** Shows an informational line (terminal when there is one, else standard error). */
    void tell(String message);

    /** Where the questions go, for messages and traces: "terminal" or the askpass program's path. */
    String channel();
}
