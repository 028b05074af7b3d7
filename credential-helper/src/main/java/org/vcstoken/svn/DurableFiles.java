package org.vcstoken.svn;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.vcstoken.messages.SvnMessages;

/**
 * Replacing and deleting the small files the svn cache sync keeps (svn's cache entries, the index)
 * so that a crash or power loss leaves either the old or the new content, never an empty or
 * half-written file, and a rename or deletion that has been reported is not undone: the new
 * content is forced to disk before the rename, and the directory after it.
 */
final class DurableFiles {
    private DurableFiles() {
    }

    /** Writes {@code content} to {@code target} through a 0600 temporary file in the same directory. */
    static void replace(Path target, byte[] content, String tempPrefix) throws IOException {
        Path dir = target.getParent();
        Path tmp = Files.createTempFile(dir, tempPrefix, ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            // The attribute above is subject to the umask, which only removes bits: set it exactly.
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException(SvnMessages.notAtomic(dir), e);
            }
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Deletes {@code target}; true when it existed. */
    static boolean delete(Path target) throws IOException {
        boolean deleted = Files.deleteIfExists(target);
        if (deleted) {
            syncDirectory(target.getParent());
        }
        return deleted;
    }

    /**
     * Makes a rename or deletion in {@code dir} durable. A directory can only be forced on the
     * default file system (tests may use an in-memory one, where there is nothing to force).
     */
    private static void syncDirectory(Path dir) {
        if (dir.getFileSystem() != FileSystems.getDefault()) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // As for the token store: some file systems cannot force a directory. The content was
            // forced before the rename, so the worst a crash can do is bring back the previous
            // entry, which the next sync replaces again.
            return;
        }
    }
}
