package org.vcstoken.secret;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.vcstoken.env.Environment;
import org.vcstoken.env.StatePaths;
import org.vcstoken.messages.SecretMessages;
import org.vcstoken.store.ExternalSecrets;
import org.vcstoken.store.StoreException;
import org.vcstoken.token.Secret;
import org.vcstoken.token.Token;

/**
 * The secret stores (issue 10): {@code file} (the default: the secret in store.json),
 * {@code secret-service} and {@code pass}. The choice is {@code VCSTOKEN_STORE}, else the one
 * saved by {@code vcstoken store use}, else {@code file}; it decides where new secrets go. Each
 * token records where its own secret is, so tokens in different stores work side by side.
 *
 * <p>Creating this is free: nothing is read and no tool is run until a secret is needed, which
 * keeps the credential helper's {@code get} as fast as before for secrets in the file.
 */
public final class SecretBackends implements ExternalSecrets {
    public static final String FILE = "file";
    public static final List<String> NAMES = List.of(FILE, SecretServiceBackend.NAME, PassBackend.NAME);
    /** The environment variable that overrides the saved choice of store. */
    static final String STORE_VARIABLE = "VCSTOKEN_STORE";

    /** What was chosen and where the choice came from. */
    public record Choice(String name, String source) {
    }

    private final Environment env;
    private final StatePaths paths;
    // Made on first use: a get whose secret is in the file loads neither class.
    private Tool tool;
    private Settings settings;
    private SecretServiceBackend secretService;
    private PassBackend pass;
    /**
     * Secrets already loaded or stored by this process, so that a re-read of the store (an update
     * re-reads under the lock) does not run the back end's tool again. Concurrent: JGit and SVNKit
     * front doors share a store between threads.
     */
    private final Map<String, String> known = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * Told the name of each point where an interruption must lose no secret ("after-copy",
     * "before-delete"), so that tests can stop a run there; null (no one listens) outside tests.
     */
    private Consumer<String> checkpoints;

    private SecretBackends(Environment env, StatePaths paths) {
        this.env = env;
        this.paths = paths;
    }

    private Tool tool() {
        if (tool == null) {
            tool = new Tool(env.variables());
        }
        return tool;
    }

    private Settings settings() {
        if (settings == null) {
            settings = new Settings(paths.configDir());
        }
        return settings;
    }

    public static SecretBackends from(Environment env, StatePaths paths) {
        return new SecretBackends(env, paths);
    }

    // --- the store's view (ExternalSecrets) ---

    @Override
    public Secret deferred(String backend, String server, String user, String tokenId) {
        return Secret.deferred(backend, new StoredSecret(this, backend, new SecretKey(server, user, tokenId)));
    }

    @Override
    public List<Token> placeNew(List<Token> before, List<Token> after) throws StoreException {
        Set<String> old = new HashSet<>();
        for (Token t : before) {
            old.add(t.id());
        }
        List<Token> fresh = new ArrayList<>();
        for (Token t : after) {
            if (!old.contains(t.id()) && t.secret().backend() == null) {
                fresh.add(t);
            }
        }
        if (fresh.isEmpty()) {
            return after;
        }
        String target = configured().name();
        if (target.equals(FILE)) {
            return after;
        }
        SecretBackend b = backend(target);
        Map<String, Secret> moved = new HashMap<>();
        for (Token t : fresh) {
            SecretKey key = keyOf(t);
            try {
                copy(b, key, t.secret().reveal());
            } catch (SecretBackendException e) {
                throw new StoreException(SecretMessages.notStored(t.id(), target, e.getMessage()));
            }
            moved.put(t.id(), deferred(target, key.server(), key.user(), key.tokenId()));
        }
        List<Token> placed = new ArrayList<>(after.size());
        for (Token t : after) {
            Secret s = moved.get(t.id());
            placed.add(s == null ? t : withSecret(t, s));
        }
        return placed;
    }

    @Override
    public void afterWrite(List<Token> before, List<Token> after, Consumer<String> warn) {
        Set<String> kept = new HashSet<>();
        for (Token t : after) {
            if (t.secret().backend() != null) {
                kept.add(ref(t.secret().backend(), keyOf(t)));
            }
        }
        for (Token t : before) {
            String name = t.secret().backend();
            if (name == null || kept.contains(ref(name, keyOf(t)))) {
                continue;
            }
            checkpoint("before-delete");
            SecretBackend b = backendOrNull(name);
            if (b == null) {
                continue;
            }
            try {
                b.delete(keyOf(t));
                known.remove(ref(name, keyOf(t)));
            } catch (SecretBackendException e) {
                warn.accept(SecretMessages.notDeleted(t.id(), name, e.getMessage()));
            }
        }
    }

    // --- choosing ---

    /** The store new secrets go to. */
    public Choice configured() throws StoreException {
        String fromEnv = env.get(STORE_VARIABLE).orElse(null);
        if (fromEnv != null) {
            if (!NAMES.contains(fromEnv)) {
                throw new StoreException(SecretMessages.unknownStore(fromEnv, STORE_VARIABLE, NAMES));
            }
            return new Choice(fromEnv, STORE_VARIABLE);
        }
        String saved;
        try {
            saved = settings().store();
        } catch (IOException e) {
            throw new StoreException(SecretMessages.cannotReadSettings(settings().file().toString(), e.getMessage()));
        }
        if (saved == null) {
            return new Choice(FILE, "default");
        }
        if (!NAMES.contains(saved)) {
            throw new StoreException(SecretMessages.unknownSavedStore(saved, settings().file().toString(), NAMES));
        }
        return new Choice(saved, settings().file().toString());
    }

    /** Why {@code name} cannot be used now, or {@code null} when it can. Runs the back end's tool. */
    public String problem(String name) {
        if (!NAMES.contains(name)) {
            return SecretMessages.unknownStore(name, null, NAMES);
        }
        return name.equals(FILE) ? null : backend(name).problem();
    }

    /** Every store with "usable" or what is missing: for messages and {@code store status}. */
    public List<String> describeAll() {
        List<String> lines = new ArrayList<>();
        for (String n : NAMES) {
            String p = problem(n);
            lines.add(n + " (" + (p == null ? "usable" : p) + ")");
        }
        return lines;
    }

    /**
     * Saves {@code name} as the store for new secrets after checking that it works.
     *
     * @throws StoreException unknown or unusable; the message lists every store and what it lacks
     */
    public void use(String name) throws StoreException {
        checkUsable(name);
        try {
            // Never write over a settings file that could not be read: the refusal says what to fix.
            settings().store();
        } catch (IOException e) {
            throw new StoreException(SecretMessages.cannotReadSettings(settings().file().toString(), e.getMessage()));
        }
        try {
            settings().setStore(name);
        } catch (IOException e) {
            throw new StoreException(SecretMessages.cannotWriteSettings(settings().file().toString(), e.getMessage()));
        }
    }

    void checkUsable(String name) throws StoreException {
        if (!NAMES.contains(name)) {
            throw new StoreException(SecretMessages.unknownStoreListed(name, NAMES, describeAll()));
        }
        String p = problem(name);
        if (p != null) {
            throw new StoreException(SecretMessages.cannotUse(name, p, describeAll()));
        }
    }

    /** Where a token's secret is. */
    public static String backendOf(Token t) {
        String b = t.secret().backend();
        return b == null ? FILE : b;
    }

    /** Moves every secret to {@code target}; see {@link SecretMigration}. */
    public SecretMigration.Result migrate(org.vcstoken.store.TokenStore store, String target,
            Consumer<String> progress) throws StoreException {
        return new SecretMigration(this, store).run(target, progress);
    }

    // --- package internals ---

    /** Tests: {@code hook} hears each checkpoint; throwing from it stops the run there, as a crash would. */
    void onCheckpoints(Consumer<String> hook) {
        this.checkpoints = hook;
    }

    void checkpoint(String name) {
        if (checkpoints != null) {
            checkpoints.accept(name);
        }
    }

    SecretBackend backend(String name) {
        SecretBackend b = backendOrNull(name);
        if (b == null) {
            throw new IllegalArgumentException(SecretMessages.unknownStore(name, null, NAMES));
        }
        return b;
    }

    /** The back end called {@code name}; {@code null} for file or an unknown name. */
    SecretBackend backendOrNull(String name) {
        switch (name) {
            case SecretServiceBackend.NAME:
                if (secretService == null) {
                    secretService = new SecretServiceBackend(tool());
                }
                return secretService;
            case PassBackend.NAME:
                if (pass == null) {
                    pass = new PassBackend(tool());
                }
                return pass;
            default:
                return null;
        }
    }

    /** Stores, then reads back from the back end itself: a copy counts only once it is verified. */
    void copy(SecretBackend b, SecretKey key, String value) throws SecretBackendException {
        b.store(key, value);
        String back = b.load(key);
        if (!value.equals(back)) {
            throw new SecretBackendException(SecretMessages.readBackDiffers(back == null));
        }
        known.put(ref(b.name(), key), value);
    }

    /** Loads for {@link StoredSecret}: the unchecked failure carries the one line the user sees. */
    String loadOrFail(String backend, SecretKey key) {
        String ref = ref(backend, key);
        String v = known.get(ref);
        if (v != null) {
            return v;
        }
        SecretBackend b = backendOrNull(backend);
        if (b == null) {
            throw new Secret.UnavailableException(SecretMessages.unknownBackendOfToken(key.tokenId(), backend, NAMES));
        }
        try {
            v = b.load(key);
        } catch (SecretBackendException e) {
            throw new Secret.UnavailableException(SecretMessages.cannotRead(key.tokenId(), backend, e.getMessage()));
        }
        if (v == null || v.isEmpty()) {
            throw new Secret.UnavailableException(SecretMessages.missing(key.tokenId(), backend));
        }
        known.put(ref, v);
        return v;
    }

    static SecretKey keyOf(Token t) {
        return new SecretKey(t.server(), t.username(), t.id());
    }

    private static String ref(String backend, SecretKey key) {
        return backend + '\n' + key.server() + '\n' + key.user() + '\n' + key.tokenId();
    }

    static Token withSecret(Token t, Secret s) {
        return t.withSecret(s); // keeps every other field, the token's state included
    }
}
