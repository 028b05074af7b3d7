package org.vcstoken.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.vcstoken.messages.Messages;
import org.vcstoken.env.StatePaths;
import org.vcstoken.messages.StoreMessages;
import org.vcstoken.token.Origin;

/**
 * The token store on disk: one JSON file, 0600, in a 0700 directory.
 *
 * <p>Readers take no lock: writers replace the file by an atomic rename, so a reader sees the old
 * or the new store, never a torn one. Writers serialise through an OS file lock, which the kernel
 * releases when a process dies, so a crashed writer cannot leave the lock stuck.
 *
 * <p>The file is read exactly or not at all ({@link StoreSchema}): a store that breaks the schema
 * anywhere is reported with its line and field, and nothing is written over it. Every change
 * re-reads the whole file under the lock, and a secret kept in a keyring or pass is deleted only
 * when a change made from that exact reading drops its token. What is written is read back through
 * the same checks before it replaces the file.
 */
public final class TokenStore {
    /** Only writers need these; building an enum set costs a lookup a reflective call. */
    private static final class Modes {
        static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
        static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    }

    private final StatePaths paths;
    private final Duration lockTimeout;
    private final Consumer<String> waitNotice;
    private final ExternalSecrets secrets;

    /** A store whose secrets are all in the file (tokens naming a back end cannot be revealed). */
    public TokenStore(StatePaths paths, Duration lockTimeout, Consumer<String> waitNotice) {
        this(paths, lockTimeout, waitNotice, ExternalSecrets.FILE_ONLY);
    }

    /**
     * @param paths       where the store lives
     * @param lockTimeout how long a writer waits for another process before giving up
     * @param waitNotice  told once when a writer has to wait (for a line on stderr); also gets
     *                    warnings about secrets a back end could not delete
     * @param secrets     the back ends holding secrets that are not in the file (issue 10)
     */
    public TokenStore(StatePaths paths, Duration lockTimeout, Consumer<String> waitNotice, ExternalSecrets secrets) {
        this.paths = paths;
        this.lockTimeout = lockTimeout;
        this.waitNotice = waitNotice;
        this.secrets = secrets;
    }

    /** The back ends of secrets not kept in the file. */
    public ExternalSecrets secrets() {
        return secrets;
    }

    public Path file() {
        return paths.storeFile();
    }

    /** Reads the store; a missing store is empty. */
    public StoreData read() throws StoreException {
        return read(null);
    }

    /**
     * Reads the store with only the tokens of servers on {@code origin}: what a credential lookup
     * needs. Never write back what this returns; use {@link #update} for changes.
     */
    public StoreData readFor(Origin origin) throws StoreException {
        return read(origin);
    }

    private StoreData read(Origin origin) throws StoreException {
        // One lstat for the directory and one for the file: the checks below need nothing more.
        Path dir = paths.dataDir();
        FileMode dirAttributes = attributes(dir);
        if (dirAttributes == null) {
            return StoreData.EMPTY;
        }
        checkDirectory(dir, dirAttributes);
        Path file = paths.storeFile();
        FileMode fileAttributes = attributes(file);
        if (fileAttributes == null) {
            return StoreData.EMPTY;
        }
        checkFile(file, fileAttributes);
        try (StoreLines.OpenFile in = StoreLines.open(file)) {
            if (origin != null) {
                // A lookup for one host reads only that host's part of the store when it can.
                byte[] selected = StoreLines.select(in, origin.url());
                if (selected != null) {
                    try {
                        return StoreCodec.readSelected(selected, origin, secrets);
                    } catch (StoreFormatException e) {
                        // Positions in the selected part are not the file's: read it all for the
                        // message, which must point at the line to fix.
                        return StoreCodec.read(in.readAll(), origin, secrets);
                    }
                }
            }
            return StoreCodec.read(in.readAll(), origin, secrets);
        } catch (StoreFormatException e) {
            throw new StoreException(Messages.storeCorrupt(file, e.line(), e.getMessage()));
        } catch (AccessDeniedException e) {
            throw new StoreException(Messages.storeUnreadable(file, StoreMessages.permissionDenied()));
        } catch (java.io.FileNotFoundException e) {
            // java.io's way of saying it could not open the file; its message repeats the path.
            throw new StoreException(Messages.storeUnreadable(file, !Files.exists(file, LinkOption.NOFOLLOW_LINKS)
                    ? StoreMessages.disappearedWhileOpened() : Files.isReadable(file) ? StoreMessages.cannotOpen()
                    : StoreMessages.permissionDenied()));
        } catch (IOException e) {
            throw new StoreException(Messages.storeUnreadable(file, describe(e)));
        }
    }

    /**
     * Reads, applies {@code change}, and writes the result if it differs, all under the
     * cross-process lock.
     *
     * @return the store as it is after the change
     */
    public StoreData update(UnaryOperator<StoreData> change) throws StoreException {
        ensureDirectory();
        try (FileLocks.Held held = lock()) {
            StoreData current = read();
            StoreData next = change.apply(current);
            if (!next.equals(current)) {
                // Issue 10: a new secret goes to its back end before the metadata naming it is written,
                // and a secret the store no longer names is deleted only after the write: a crash in
                // between leaves a spare copy, never a token without its secret.
                // Checked before a new secret goes to its back end: a change the file cannot hold
                // leaves no stray copy in a keyring.
                byte[] bytes = encode(next);
                java.util.List<org.vcstoken.token.Token> placed = secrets.placeNew(current.tokens(), next.tokens());
                if (placed != next.tokens()) {
                    next = new StoreData(next.servers(), placed);
                    bytes = encode(next);
                }
                write(bytes);
                secrets.afterWrite(current.tokens(), next.tokens(), waitNotice);
            }
            return next;
        } catch (org.vcstoken.token.Secret.UnavailableException e) {
            // A change compared secrets (erase, approve) and a back end could not give one.
            throw new StoreException(e.getMessage());
        } catch (IOException e) {
            throw new StoreException(Messages.storeUnwritable(paths.dataDir(), describe(e)));
        }
    }

    /** How the store file is laid out. */
    public enum Layout {
        /** No store file yet. */
        ABSENT,
        /** Written by this vcstoken: a lookup reads only its host's lines. */
        CURRENT,
        /**
         * Written by an earlier vcstoken (or edited by hand): it reads exactly, but every lookup
         * parses the whole file until something rewrites it.
         */
        EARLIER
    }

    /** Whether a lookup takes the store's shortcut (see {@link StoreLines}); reads only the file's index. */
    public Layout layout() throws StoreException {
        Path file = paths.storeFile();
        FileMode attrs = attributes(file);
        if (attrs == null) {
            return Layout.ABSENT;
        }
        checkFile(file, attrs);
        try (StoreLines.OpenFile in = StoreLines.open(file)) {
            // An origin no store holds: the shortcut answers with an empty part exactly when it can be taken.
            return StoreLines.select(in, "https://layout.vcstoken.invalid") != null ? Layout.CURRENT : Layout.EARLIER;
        } catch (IOException e) {
            throw new StoreException(Messages.storeUnreadable(file, describe(e)));
        }
    }

    /**
     * Writes the store again as this vcstoken lays it out, changing nothing in it: read exactly
     * first (a store that cannot be read is refused, and left as it is).
     */
    public void rewrite() throws StoreException {
        ensureDirectory();
        try (FileLocks.Held held = lock()) {
            StoreData current = read();
            write(encode(current));
        } catch (IOException e) {
            throw new StoreException(Messages.storeUnwritable(paths.dataDir(), describe(e)));
        }
    }

    private void ensureDirectory() throws StoreException {
        Path dir = paths.dataDir();
        try {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                Path parent = dir.getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                // Created 0700 at once (a umask only removes bits), so a racing thread never sees it looser.
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(Modes.DIR));
                // Set explicitly all the same: some file systems ignore the attribute.
                Files.setPosixFilePermissions(dir, Modes.DIR);
            }
        } catch (FileAlreadyExistsException e) {
            // Another thread or process created it first (nothing is locked yet); checkDirectory vets it.
        } catch (IOException e) {
            throw new StoreException(Messages.storeUnwritable(dir, describe(e)));
        }
        checkDirectory(dir);
    }

    private FileLocks.Held lock() throws IOException, StoreException {
        FileLocks.Held held = FileLocks.acquire(paths.lockFile(), lockTimeout,
                lock -> waitNotice.accept(Messages.waitingForStoreLock(lock)));
        if (held == null) {
            throw new StoreException(Messages.storeLockTimeout(paths.lockFile(), lockTimeout));
        }
        return held;
    }

    /**
     * What {@link #write} puts in the file: the store, read back through the same checks as any
     * read first. A value the schema refuses (a user name with a colon, a description that is no
     * text) would make the next read fail, so it is refused now, before anything is written.
     */
    private byte[] encode(StoreData data) throws StoreException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            StoreCodec.write(data, out);
        } catch (IOException e) {
            // Writing to memory fails only when the generator refuses a value. Not Jackson's own
            // exception type here: naming it would load Jackson into every lookup, which never writes.
            throw new StoreException(StoreMessages.unwritableValue());
        }
        byte[] bytes = out.toByteArray();
        try {
            StoreCodec.verify(bytes, data, secrets);
        } catch (StoreFormatException e) {
            throw new StoreException(StoreMessages.unwritableAt(e.line(), e.getMessage()));
        }
        return bytes;
    }

    /** Called with the store's lock held, which every writer holds: no other write is under way. */
    private void write(byte[] bytes) throws IOException {
        Path dir = paths.dataDir();
        // A writer killed between creating its temporary file and renaming it leaves a full copy of
        // the store behind, secrets included, that later writes would never replace: remove it.
        try (java.nio.file.DirectoryStream<Path> stale = Files.newDirectoryStream(dir, ".store-*.tmp")) {
            for (Path p : stale) {
                Files.deleteIfExists(p);
            }
        }
        Path tmp = Files.createTempFile(dir, ".store-", ".tmp", PosixFilePermissions.asFileAttribute(Modes.FILE));
        try {
            Files.setPosixFilePermissions(tmp, Modes.FILE);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                    OutputStream out = Channels.newOutputStream(ch)) {
                out.write(bytes);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, paths.storeFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException(StoreMessages.notAtomic(), e);
            }
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Makes the rename itself durable; file systems that cannot open a directory skip it. */
    private static void syncDirectory(Path dir) {
        if (!dir.getFileSystem().equals(java.nio.file.FileSystems.getDefault())) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Durability of the rename is best effort: the data itself was forced before the move.
            return;
        }
    }

    private void checkDirectory(Path dir) throws StoreException {
        FileMode attributes = attributes(dir);
        if (attributes == null) {
            throw new StoreException(Messages.storeUnwritable(dir, StoreMessages.noSuchDirectory(dir.toString())));
        }
        checkDirectory(dir, attributes);
    }

    private static void checkDirectory(Path dir, FileMode attributes) throws StoreException {
        if (attributes.isSymbolicLink()) {
            throw new StoreException(Messages.storeSymlink(dir));
        }
        if (!attributes.isDirectory()) {
            throw new StoreException(Messages.storeNotDirectory(dir));
        }
        if ((attributes.permissions() & (FileMode.GROUP_WRITE | FileMode.OTHERS_WRITE)) != 0) {
            throw new StoreException(Messages.storeDirectoryTooOpen(dir));
        }
    }

    private static void checkFile(Path file, FileMode attributes) throws StoreException {
        if (attributes.isSymbolicLink()) {
            throw new StoreException(Messages.storeSymlink(file));
        }
        if ((attributes.permissions() & (FileMode.GROUP_ALL | FileMode.OTHERS_ALL)) != 0) {
            throw new StoreException(Messages.storeFileTooOpen(file));
        }
    }

    /** The path's own type and mode (a symbolic link is not followed), or null when it does not exist. */
    private static FileMode attributes(Path p) throws StoreException {
        try {
            return FileMode.of(p);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new StoreException(Messages.storeUnreadable(p, describe(e)));
        }
    }

    static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory: " + e.getMessage();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + e.getMessage();
        }
        if (e instanceof FileSystemException fse) {
            String reason = fse.getReason();
            return (reason == null ? e.getClass().getSimpleName() : reason) + ": " + fse.getFile();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
