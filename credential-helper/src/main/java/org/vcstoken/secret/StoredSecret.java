package org.vcstoken.secret;

import org.vcstoken.token.Secret;

/**
 * Loads one token's secret from its back end when the token is used. Equal by back end and key,
 * so a store read and written back without using the secret still names the same one.
 */
final class StoredSecret implements Secret.Loader {
    private final SecretBackends backends;
    private final String backend;
    private final SecretKey key;

    StoredSecret(SecretBackends backends, String backend, SecretKey key) {
        this.backends = backends;
        this.backend = backend;
        this.key = key;
    }

    SecretKey key() {
        return key;
    }

    @Override
    public String load() {
        return backends.loadOrFail(backend, key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredSecret s && s.backend.equals(backend) && s.key.server().equals(key.server())
                && s.key.user().equals(key.user()) && s.key.tokenId().equals(key.tokenId());
    }

    @Override
    public int hashCode() {
        return backend.hashCode() * 31 + key.tokenId().hashCode();
    }
}
