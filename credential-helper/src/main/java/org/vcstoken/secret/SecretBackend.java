package org.vcstoken.secret;

/** A place outside the store file that keeps token secrets. */
sealed interface SecretBackend permits SecretServiceBackend, PassBackend {

    String name();

    /** Stores (or replaces) the secret of {@code key}. */
    void store(SecretKey key, String secret) throws SecretBackendException;

    /** The secret of {@code key}, or {@code null} when the back end has none. */
    String load(SecretKey key) throws SecretBackendException;

    /** Deletes the secret of {@code key}; an absent one is not an error. */
    void delete(SecretKey key) throws SecretBackendException;

    /** Why the back end cannot be used now, or {@code null} when it can (stores, reads and deletes a probe). */
    String problem();
}
