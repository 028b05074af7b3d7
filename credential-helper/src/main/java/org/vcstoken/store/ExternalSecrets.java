package org.vcstoken.store;

import java.util.List;
import java.util.function.Consumer;
import org.vcstoken.messages.SecretMessages;
import org.vcstoken.token.Secret;
import org.vcstoken.token.Token;

/**
 * Where token secrets live when they are not in the store file (issue 10): a keyring or pass. The
 * store keeps every token's metadata and names the back end of each secret; this is the store's
 * only view of the back ends, so the store package does not depend on them (implemented by
 * {@code org.vcstoken.secret.SecretBackends}).
 */
public interface ExternalSecrets {
    /** No back ends: secrets stay in the store file; a token naming a back end cannot be revealed. */
    ExternalSecrets FILE_ONLY = new FileOnly();

    /** A secret of {@code backend}, loaded on first use; never loads here. */
    Secret deferred(String backend, String server, String user, String tokenId);

    /**
     * Before a write: puts secrets of tokens that are new in {@code after} into the configured back
     * end and returns {@code after} with those tokens pointing at it. Called under the store lock.
     */
    List<Token> placeNew(List<Token> before, List<Token> after) throws StoreException;

    /** After a write: deletes secrets that {@code before} referred to and {@code after} no longer does. */
    void afterWrite(List<Token> before, List<Token> after, Consumer<String> warn);

    /** The implementation for stores opened without back ends (tests, tools that only read metadata). */
    final class FileOnly implements ExternalSecrets {
        FileOnly() {
        }

        @Override
        public Secret deferred(String backend, String server, String user, String tokenId) {
            return Secret.deferred(backend, new Unreachable(backend, server, user, tokenId));
        }

        @Override
        public List<Token> placeNew(List<Token> before, List<Token> after) {
            return after;
        }

        @Override
        public void afterWrite(List<Token> before, List<Token> after, Consumer<String> warn) {
            // Nothing outside the file to clean up.
        }
    }

    /** Names a secret kept elsewhere; equal by what it names, so writing the store back keeps it. */
    final class Unreachable implements Secret.Loader {
        private final String key;

        Unreachable(String backend, String server, String user, String tokenId) {
            this.key = backend + '\n' + server + '\n' + user + '\n' + tokenId;
        }

        @Override
        public String load() {
            throw new Secret.UnavailableException(SecretMessages.noBackEndAccess());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Unreachable u && u.key.equals(key);
        }

        @Override
        public int hashCode() {
            return key.hashCode();
        }
    }
}
