package org.vcstoken.prompt;

/** No answer could be had: the person cancelled, the terminal closed, the askpass program failed. */
public final class PromptException extends Exception {
    public PromptException(String message) {
        super(message);
    }
}
