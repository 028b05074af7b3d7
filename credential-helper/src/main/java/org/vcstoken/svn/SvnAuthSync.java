package org.vcstoken.svn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.vcstoken.messages.Messages;
import org.vcstoken.messages.SvnMessages;
import org.vcstoken.request.Request;
import org.vcstoken.select.Selection;
import org.vcstoken.select.TokenSelector;
import org.vcstoken.store.FileLocks;
import org.vcstoken.store.StoreData;
import org.vcstoken.store.StoreException;
import org.vcstoken.store.TokenStore;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;

/**
 * Keeps the svn cache entries vcstoken wrote in step with the store: each configured server's entry
 * holds its best usable server-wide token, is rewritten when that changes (rotation, rejection, a
 * new token) and deleted when none is left. svn itself never drops a cached password the server
 * refused, so without this a revoked token would fail every svn command.
 *
 * <p>Entries svn or the user wrote for the same realm are left alone: only bytes vcstoken wrote
 * (recognised by their hash in the index) are replaced or deleted.
 */
public final class SvnAuthSync {
    static final Duration LOCK_TIMEOUT = Duration.ofSeconds(30);

    /** What happened to one server's entry. */
    public enum State {
        /** written or rewritten with the current token */
        WRITTEN,
        /** already held the current token */
        CURRENT,
        /** no usable server-wide token: the entry vcstoken wrote was deleted (or there was none) */
        NO_TOKEN,
        /** svn or the user has their own entry for this realm; it was left alone */
        FOREIGN
    }

    /** One server's entry after a sync. */
    public record Outcome(String server, String realm, Path file, State state, String tokenId) {
    }

    private final TokenStore store;
    private final Clock clock;
    private final SvnAuthIndex index;
    private final Path lockFile;

    public SvnAuthSync(TokenStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        Path dataDir = store.file().getParent();
        this.index = new SvnAuthIndex(dataDir);
        this.lockFile = dataDir.resolve("svn-auth.lock");
    }

    /**
     * Call after changing the store in a way that can change which token a server's svn entry
     * should hold. Costs one {@code stat} when svn was never configured; a failure is reported as
     * a warning and never fails the caller, whose own change is already stored.
     */
    public static void afterStoreChange(TokenStore store, Clock clock, Consumer<String> warn) {
        Path dataDir = store.file().getParent();
        if (dataDir == null || !Files.exists(dataDir.resolve(SvnAuthIndex.FILE_NAME), LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            new SvnAuthSync(store, clock).sync();
        } catch (IOException | StoreException | org.vcstoken.token.Secret.UnavailableException e) {
            // A locked keyring must not fail the command that changed the store; the svn entry
            // is brought in step at the next change, the next run once a cached token has expired,
            // or `vcstoken configure --svn`.
            warn.accept(Messages.warning(SvnMessages.syncFailed(e.getMessage())));
        }
    }

    /**
     * Called by {@link SvnAuthExpiry} when the index says an entry's token has expired: syncs,
     * unless another process did so while this one waited for the lock (then the index no longer
     * says so). A failure is reported as a warning, as after a store change.
     */
    static void syncExpired(TokenStore store, Clock clock, Consumer<String> warn) {
        try {
            SvnAuthSync sync = new SvnAuthSync(store, clock);
            try (FileLocks.Held held = sync.lock()) {
                if (sync.anyExpired(sync.index.read())) {
                    sync.syncLocked();
                }
            }
        } catch (IOException | StoreException | org.vcstoken.token.Secret.UnavailableException e) {
            warn.accept(Messages.warning(SvnMessages.syncFailed(e.getMessage())));
        }
    }

    /** Whether an entry holds a token that has expired by now, or has no recorded expiry. */
    private boolean anyExpired(List<SvnAuthIndex.Entry> entries) {
        long threshold = clock.instant().getEpochSecond() + Token.CLOCK_SKEW.getSeconds();
        for (SvnAuthIndex.Entry e : entries) {
            if (e.expires() == SvnAuthIndex.UNKNOWN || e.expires() != SvnAuthIndex.NEVER && e.expires() <= threshold) {
                return true;
            }
        }
        return false;
    }

    /**
     * What {@link #sync()} would do, changing nothing: for doctor. {@link State#WRITTEN} then means
     * "out of date, would be rewritten".
     */
    public List<Outcome> inspect() throws IOException, StoreException {
        List<Outcome> outcomes = new ArrayList<>();
        StoreData data = store.read();
        for (SvnAuthIndex.Entry e : index.read()) {
            outcomes.add(apply(e, data, new ArrayList<>(), true));
        }
        return outcomes;
    }

    /** Brings every managed entry in step with the store. */
    public List<Outcome> sync() throws IOException, StoreException {
        try (FileLocks.Held held = lock()) {
            return syncLocked();
        }
    }

    private List<Outcome> syncLocked() throws IOException, StoreException {
        List<SvnAuthIndex.Entry> entries = index.read();
        if (entries.isEmpty()) {
            return List.of();
        }
        // Read under the lock: a process that changed the store earlier but syncs later must not
        // write an older token over a newer one.
        StoreData data = store.read();
        List<SvnAuthIndex.Entry> next = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        for (SvnAuthIndex.Entry e : entries) {
            Outcome o = apply(e, data, next, false);
            outcomes.add(o);
        }
        if (!next.equals(entries)) {
            index.write(next);
        }
        return outcomes;
    }

    /** The realm {@code configure --svn} recorded for {@code server} (a profile's base URL), if any. */
    public Optional<String> recordedRealm(String server) throws IOException {
        for (SvnAuthIndex.Entry e : index.read()) {
            if (e.server().equals(server)) {
                return Optional.of(e.realm());
            }
        }
        return Optional.empty();
    }

    /**
     * The server now announces {@code realm} instead of the one recorded: records it and moves the
     * cache entry there (as {@code configure --svn} would). Nothing happens for a server that was
     * never configured.
     *
     * @return the entry after the move, or empty when the server was never configured
     */
    public Optional<Outcome> relearn(ServerProfile profile, String realm) throws IOException, StoreException {
        for (SvnAuthIndex.Entry e : index.read()) {
            if (e.server().equals(profile.baseUrl())) {
                return Optional.of(configure(profile, realm, e.svnSimpleDir()));
            }
        }
        return Optional.empty();
    }

    /**
     * Adds (or updates) a server to the managed set and writes its entry now.
     *
     * @param svnSimpleDir the {@code auth/svn.simple} directory svn reads
     */
    public Outcome configure(ServerProfile profile, String realm, Path svnSimpleDir) throws IOException, StoreException {
        Files.createDirectories(lockFile.getParent());
        try (FileLocks.Held held = lock()) {
            List<SvnAuthIndex.Entry> entries = new ArrayList<>(index.read());
            SvnAuthIndex.Entry entry = new SvnAuthIndex.Entry(profile.baseUrl(), realm, svnSimpleDir, SvnAuthIndex.NONE,
                    SvnAuthIndex.NEVER);
            for (int i = 0; i < entries.size(); i++) {
                SvnAuthIndex.Entry old = entries.get(i);
                if (old.server().equals(profile.baseUrl())) {
                    if (old.realm().equals(realm) && old.svnSimpleDir().equals(svnSimpleDir)) {
                        entry = old;
                    } else {
                        // The realm or cache moved: the old file is no longer what svn reads for this server.
                        dropIfOurs(old);
                    }
                    entries.remove(i);
                    break;
                }
            }
            List<SvnAuthIndex.Entry> next = new ArrayList<>(entries);
            Outcome o = apply(entry, store.read(), next, false);
            index.write(next);
            return o;
        }
    }

    /** Deletes every entry vcstoken wrote (and only those) and forgets the managed set. */
    public List<Path> unconfigure() throws IOException {
        if (!index.exists()) {
            return List.of();
        }
        try (FileLocks.Held held = lock()) {
            List<Path> removed = new ArrayList<>();
            for (SvnAuthIndex.Entry e : index.read()) {
                if (dropIfOurs(e)) {
                    removed.add(e.cache().fileFor(e.realm()));
                }
            }
            index.delete();
            return removed;
        }
    }

    /** Whether svn has been configured through vcstoken (the index exists). */
    public boolean configured() {
        return index.exists();
    }

    private Outcome apply(SvnAuthIndex.Entry e, StoreData data, List<SvnAuthIndex.Entry> next, boolean dryRun)
            throws IOException {
        SvnAuthCache cache = e.cache();
        Path file = cache.fileFor(e.realm());
        byte[] current = cache.read(e.realm());
        boolean foreign = Files.exists(file, LinkOption.NOFOLLOW_LINKS)
                && (current == null || !SvnAuthCache.sha256Hex(current).equals(e.written()));
        Optional<Token> best = bestServerWide(data, e.server());
        if (foreign) {
            next.add(e.withWritten(SvnAuthIndex.NONE, SvnAuthIndex.NEVER));
            return new Outcome(e.server(), e.realm(), file, State.FOREIGN, best.map(Token::id).orElse(null));
        }
        if (best.isEmpty()) {
            if (current != null && !dryRun) {
                cache.delete(e.realm());
            }
            next.add(e.withWritten(SvnAuthIndex.NONE, SvnAuthIndex.NEVER));
            return new Outcome(e.server(), e.realm(), file, State.NO_TOKEN, null);
        }
        Token t = best.get();
        byte[] wanted = SvnAuthCache.encode(e.realm(), t.username(), t.secret().reveal());
        State state = State.CURRENT;
        if (current == null || !Arrays.equals(current, wanted)) {
            if (!dryRun) {
                cache.write(e.realm(), wanted);
            }
            state = State.WRITTEN;
        }
        next.add(e.withWritten(SvnAuthCache.sha256Hex(wanted), SvnAuthIndex.expiryOf(t.expires())));
        return new Outcome(e.server(), e.realm(), file, state, t.id());
    }

    private static boolean dropIfOurs(SvnAuthIndex.Entry e) throws IOException {
        byte[] current = e.cache().read(e.realm());
        if (current != null && SvnAuthCache.sha256Hex(current).equals(e.written())) {
            return e.cache().delete(e.realm());
        }
        return false;
    }

    /** The token svn should send to this server: the one a request without a repository would get. */
    private Optional<Token> bestServerWide(StoreData data, String server) {
        Optional<ServerProfile> profile = data.server(server);
        if (profile.isEmpty()) {
            return Optional.empty();
        }
        ServerProfile p = profile.get();
        Selection s = new TokenSelector(clock).select(data, new Request(p.origin(), p.prefix(), p.username()));
        if (s.server().isEmpty() || !s.server().get().baseUrl().equals(server)) {
            return Optional.empty();
        }
        return s.best();
    }

    private FileLocks.Held lock() throws IOException {
        FileLocks.Held held = FileLocks.acquire(lockFile, LOCK_TIMEOUT, l -> { });
        if (held == null) {
            throw new IOException(Messages.storeLockTimeout(lockFile, LOCK_TIMEOUT));
        }
        return held;
    }
}
