package org.vcstoken.git;

/** Input that does not follow git's credential protocol; the message never quotes a value. */
public final class ProtocolException extends Exception {
    public ProtocolException(String message) {
        super(message);
    }
}
