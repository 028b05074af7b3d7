package org.vcstoken.server;

/**
 * The server could not be used: unreachable, too slow, an unexpected answer, a refused login.
 * The message says what happened and what to do; it never contains a secret or a password.
 */
public class ServerException extends Exception {
    public ServerException(String message) {
        super(message);
    }

    public ServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
