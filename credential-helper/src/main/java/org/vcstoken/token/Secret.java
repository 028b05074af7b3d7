package org.vcstoken.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import org.vcstoken.messages.InputMessages;

/**
 * A token secret. Its {@link #toString()} never reveals the value, so a secret that ends up in
 * a log line, an exception message or a debugger view by accident shows only a mask.
 */
public final class Secret {
    // Issue 10: a secret kept in a keyring is "deferred": only where it lives is known until the
    // first reveal() or matches() loads it (once), so reading the store never touches the keyring.
    /** Loads a deferred secret's value; fails with {@link UnavailableException}. */
    public interface Loader {
        String load();
    }

    /**
     * A deferred secret cannot be loaded now (keyring locked, agent not running, entry missing).
     * The message names the back end and what to change; it never contains a secret.
     */
    public static final class UnavailableException extends RuntimeException {
        public UnavailableException(String message) {
            super(message);
        }
    }

    private volatile String value;
    /** Where a deferred secret lives; {@code null} for a value held here (the store file). */
    private final String backend;
    private final Loader loader;

    private Secret(String value) {
        this.value = value;
        this.backend = null;
        this.loader = null;
    }

    private Secret(String backend, Loader loader) {
        this.backend = backend;
        this.loader = loader;
    }

    /**
     * A secret kept in {@code backend}, loaded by {@code loader} on the first {@link #reveal()} or
     * {@link #matches(String)}; {@link #toString()} never loads it. Two deferred
     * secrets are equal when they name the same back end and equal loaders, without loading.
     */
    public static Secret deferred(String backend, Loader loader) {
        // A caller's mistake, never a person's input: no message to word.
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(loader, "loader");
        return new Secret(backend, loader);
    }

    /** The back end holding a deferred secret, or {@code null} when the value is held here. */
    public String backend() {
        return backend;
    }

    /** The loader of a deferred secret, or {@code null}. */
    public Loader loader() {
        return loader;
    }

    /** Whether the value is at hand without loading it. */
    public boolean isLoaded() {
        return value != null;
    }

    private String value() {
        String v = value;
        if (v != null) {
            return v;
        }
        synchronized (this) {
            if (value == null) {
                String loaded = loader.load();
                if (loaded == null || loaded.isEmpty() || !usable(loaded)) {
                    throw new UnavailableException(InputMessages.backEndSecretUnusable(backend));
                }
                value = loaded;
            }
            return value;
        }
    }

    private static boolean usable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** Wraps a secret value; rejects empty values and control characters. */
    public static Secret of(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(InputMessages.secretEmpty());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException(InputMessages.secretControlCharacter());
            }
        }
        return new Secret(value);
    }

    /** The value itself: call only where it is written to a client or the store. */
    public String reveal() {
        return value();
    }

    /** Compares in constant time so that timing does not tell how much of a guess matched. */
    public boolean matches(String candidate) {
        if (candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(
                value().getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Held values compare by value; deferred secrets by back end and loader (never loading); a held
     * and a deferred secret are never equal, so moving a secret between back ends is a change.
     */
    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Secret s)) {
            return false;
        }
        if (backend == null && s.backend == null) {
            return matches(s.value);
        }
        return backend != null && backend.equals(s.backend) && loader.equals(s.loader);
    }

    @Override
    public int hashCode() {
        return backend == null ? value.hashCode() : backend.hashCode() * 31 + loader.hashCode();
    }

    @Override
    public String toString() {
        return "****";
    }
}
