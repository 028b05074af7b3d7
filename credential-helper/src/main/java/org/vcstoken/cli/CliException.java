package org.vcstoken.cli;

/** A command failed in a way the user can fix; the message says how. */
final class CliException extends RuntimeException {
    CliException(String message) {
        super(message);
    }
}
