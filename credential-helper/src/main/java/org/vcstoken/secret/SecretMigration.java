package org.vcstoken.secret;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.vcstoken.messages.SecretMessages;
import org.vcstoken.store.StoreData;
import org.vcstoken.store.StoreException;
import org.vcstoken.store.TokenStore;
import org.vcstoken.token.Secret;
import org.vcstoken.token.Token;

/**
 * {@code vcstoken store migrate --to NAME}: moves every secret to one store without ever having a
 * token whose secret exists nowhere.
 *
 * <ol>
 * <li>choose the target for new secrets (so tokens added meanwhile go there too);</li>
 * <li>copy each secret and read it back from the target (a copy counts only once verified);</li>
 * <li>switch the tokens' metadata to the target in one atomic store write;</li>
 * <li>delete the source copies ({@link SecretBackends#afterWrite}).</li>
 * </ol>
 * Interrupted after 2, the metadata still names the sources, which still hold the secrets; a rerun
 * copies again (overwriting) and goes on. Interrupted after 3, the target holds every secret and the
 * metadata says so; a rerun finds those tokens done and deletes the leftover copies from the other
 * stores.
 */
public final class SecretMigration {
    /** What a run did. {@code failed} lists tokens left where they were, with the reason. */
    public record Result(int moved, int already, List<String> failed) {
    }

    private final SecretBackends backends;
    private final TokenStore store;

    SecretMigration(SecretBackends backends, TokenStore store) {
        this.backends = backends;
        this.store = store;
    }

    Result run(String target, Consumer<String> progress) throws StoreException {
        backends.use(target); // checks that the target works before anything moves
        StoreData data = store.read();
        Map<String, Secret> from = new HashMap<>();
        Map<String, Secret> to = new HashMap<>();
        List<Token> done = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        SecretBackend targetBackend = target.equals(SecretBackends.FILE) ? null : backends.backend(target);
        for (Token t : data.tokens()) {
            String source = SecretBackends.backendOf(t);
            if (source.equals(target)) {
                done.add(t);
                continue;
            }
            String value;
            try {
                value = t.secret().reveal();
            } catch (Secret.UnavailableException e) {
                failed.add(t.id() + ": " + e.getMessage());
                continue;
            }
            SecretKey key = SecretBackends.keyOf(t);
            if (targetBackend == null) {
                to.put(t.id(), Secret.of(value));
            } else {
                try {
                    backends.copy(targetBackend, key, value);
                } catch (SecretBackendException e) {
                    failed.add(t.id() + ": " + SecretMessages.notStored(t.id(), target, e.getMessage()));
                    continue;
                }
                to.put(t.id(), backends.deferred(target, key.server(), key.user(), key.tokenId()));
            }
            from.put(t.id(), t.secret());
            progress.accept("copied the secret of token " + t.id() + " from " + source + " to " + target);
        }
        backends.checkpoint("after-copy");
        int[] moved = {0};
        if (!to.isEmpty()) {
            store.update(d -> {
                StoreData next = d;
                for (Token t : d.tokens()) {
                    // Only a token still as it was read: one removed or changed meanwhile is left alone.
                    Secret was = from.get(t.id());
                    if (was != null && t.secret().equals(was)) {
                        next = next.withToken(SecretBackends.withSecret(t, to.get(t.id())));
                        moved[0]++;
                    }
                }
                return next;
            });
        }
        sweep(target, done);
        return new Result(moved[0], done.size(), failed);
    }

    /**
     * A run interrupted between the metadata switch and the deletes leaves copies in the old store;
     * delete them for tokens that are already in {@code target}. Stores that cannot be reached are
     * skipped: their copies are spare, not needed.
     */
    private void sweep(String target, List<Token> done) {
        for (String other : SecretBackends.NAMES) {
            SecretBackend b = backends.backendOrNull(other);
            if (b == null || other.equals(target) || done.isEmpty()) {
                continue;
            }
            for (Token t : done) {
                try {
                    b.delete(SecretBackends.keyOf(t));
                } catch (SecretBackendException e) {
                    break; // the store is not reachable now; a later run can clean up
                }
            }
        }
    }
}
