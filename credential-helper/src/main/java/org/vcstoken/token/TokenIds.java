package org.vcstoken.token;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.Supplier;

/** Short random token identifiers: easy to type, unrelated to the secret. */
public final class TokenIds implements Supplier<String> {
    private final SecureRandom random = new SecureRandom();

    @Override
    public String get() {
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
