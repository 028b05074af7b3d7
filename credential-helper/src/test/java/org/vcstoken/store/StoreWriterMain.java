package org.vcstoken.store;

import java.nio.file.Path;

/**
 * Run in a child JVM by {@link TokenStoreTest}: adds {@code count} tokens, one update each, so that
 * several processes contend for the store's cross-process lock.
 */
public final class StoreWriterMain {
    private StoreWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String prefix = args[1];
        int count = Integer.parseInt(args[2]);
        TokenStore store = StoreFixtures.store(dir, notice -> { });
        for (int i = 0; i < count; i++) {
            String id = prefix + "-" + i;
            store.update(d -> d.withToken(StoreFixtures.token(id)));
        }
    }
}
