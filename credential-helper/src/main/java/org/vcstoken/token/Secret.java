package org.vcstoken.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A token secret. Its {@link #toString()} never reveals the value, so a secret that ends up in
 * a log line, an exception message or a debugger view by accident shows only a mask.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** Wraps a secret value; rejects empty values and control characters. */
    public static Secret of(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("secret is empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("secret contains a control character");
            }
        }
        return new Secret(value);
    }

    /** The value itself: call only where it is written to a client or the store. */
    public String reveal() {
        return value;
    }

    /** Compares in constant time so that timing does not tell how much of a guess matched. */
    public boolean matches(String candidate) {
        if (candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(
                value.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** A display form safe for listings: the first four characters of long secrets, then a mask. */
    public String masked() {
        return value.length() >= 16 ? value.substring(0, 4) + "****" : "****";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret s && matches(s.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "****";
    }
}
