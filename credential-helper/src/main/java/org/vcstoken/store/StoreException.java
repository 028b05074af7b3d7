package org.vcstoken.store;

/**
 * The store cannot be used as it is. The message says what is wrong and what to change; it
 * never contains a secret.
 */
public final class StoreException extends Exception {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
