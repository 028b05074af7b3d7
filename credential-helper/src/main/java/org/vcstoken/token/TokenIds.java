package org.vcstoken.token;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.Supplier;

/** Short random token identifiers: easy to type, unrelated to the secret. */
public final class TokenIds implements Supplier<String> {
    // Created on first use: seeding a SecureRandom loads the security providers, which the
    // credential helper's read-only `get` must not pay for.
    private SecureRandom random;

    @Override
    public String get() {
        if (random == null) {
            random = new SecureRandom();
        }
        byte[] b = new byte[4];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** An id not in {@code taken}. */
    public String unique(Set<String> taken) {
        String id = get();
        while (taken.contains(id)) {
            id = get();
        }
        return id;
    }
}
