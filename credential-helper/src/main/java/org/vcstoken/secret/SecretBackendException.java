package org.vcstoken.secret;

/**
 * A back end failed or is not usable. The message says what is missing and what to do; it never
 * contains a secret (values travel only on a child's stdin and stdout, never into messages).
 */
final class SecretBackendException extends Exception {
    SecretBackendException(String message) {
        super(message);
    }
}
