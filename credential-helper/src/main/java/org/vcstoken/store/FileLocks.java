package org.vcstoken.store;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.FileLockInterruptionException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Timer;
import java.util.TimerTask;
import java.util.function.Consumer;

/**
 * Cross-process locks on files, released by the kernel when the holder dies, so a crashed
 * process never leaves a lock stuck. A waiter is told once that it waits and gives up after a
 * bound instead of hanging git.
 */
public final class FileLocks {
    private FileLocks() {
    }

    /** A held lock; closing releases it. */
    public interface Held extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    /**
     * Opens (creating 0600) and locks {@code lockFile}.
     *
     * @param onWait  told once, with no argument worth printing beyond the path, when another process holds it
     * @param timeout how long to wait before giving up
     * @return the held lock, or {@code null} when the wait timed out
     */
    public static Held acquire(Path lockFile, Duration timeout, Consumer<Path> onWait) throws IOException {
        if (Files.isSymbolicLink(lockFile)) {
            throw new FileSystemException(lockFile.toString(), null, "is a symbolic link");
        }
        boolean fresh = !Files.exists(lockFile, LinkOption.NOFOLLOW_LINKS);
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        try {
            if (fresh) {
                Files.setPosixFilePermissions(lockFile, PosixFilePermissions.fromString("rw-------"));
            }
            FileLock lock = channel.tryLock();
            if (lock == null) {
                onWait.accept(lockFile);
                lock = blockingLock(channel, timeout);
            }
            if (lock == null) {
                channel.close();
                return null;
            }
            FileLock held = lock;
            return () -> {
                try (channel) {
                    held.release();
                }
            };
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static FileLock blockingLock(FileChannel channel, Duration timeout) throws IOException {
        Thread waiter = Thread.currentThread();
        Timer timer = new Timer("vcstoken-lock-timeout", true);
        timer.schedule(new TimerTask() {
            @Override
            public void run() {
                waiter.interrupt();
            }
        }, timeout.toMillis());
        try {
            return channel.lock();
        } catch (ClosedByInterruptException | FileLockInterruptionException e) {
            // The timer fired: give up waiting; the channel is closed by the interrupt. FileChannel.lock()
            // reports it as FileLockInterruptionException (ClosedByInterruptException only elsewhere).
            Thread.interrupted();
            return null;
        } finally {
            timer.cancel();
        }
    }
}
