package org.vcstoken.store;

/** The store file is not a store vcstoken can read; carries the line for the message. */
final class StoreFormatException extends Exception {
    private final int line;

    StoreFormatException(String message, int line) {
        super(message);
        this.line = line;
    }

    int line() {
        return line;
    }
}
