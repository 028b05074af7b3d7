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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Cross-process locks on files, released by the kernel when the holder dies, so a crashed
 * process never leaves a lock stuck. A waiter is told once that it waits and gives up after a
 * bound instead of hanging git.
 */
public final class FileLocks {
    /**
     * Java's file locks belong to the whole JVM: a second lock on the same file from another thread
     * fails instead of waiting. Threads of one process (JGit and SVNKit in one CI server, say) queue
     * here first, so this one map is JVM-wide state on purpose.
     */
    static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    /** How long a wait goes unannounced. */
    static final Duration QUIET_WAIT = Duration.ofSeconds(1);

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
     * @param onWait  told once, with no argument worth printing beyond the path, when another process has
     *                held it for {@link #QUIET_WAIT} (or half the timeout, when that is shorter)
     * @param timeout how long to wait before giving up
     * @return the held lock, or {@code null} when the wait timed out
     */
    public static Held acquire(Path lockFile, Duration timeout, Consumer<Path> onWait) throws IOException {
        if (Files.isSymbolicLink(lockFile)) {
            throw new FileSystemException(lockFile.toString(), null, "is a symbolic link");
        }
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        // Waits shorter than this are the everyday case (git runs the helper for each remote and
        // submodule, several at once) and say nothing; only a real wait is worth a line on stderr.
        long quietUntil = start + Math.min(QUIET_WAIT.toNanos(), timeout.toNanos() / 2);
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), p -> new ReentrantLock());
        boolean told = false;
        try {
            if (!local.tryLock(quietUntil - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                onWait.accept(lockFile);
                told = true;
                if (!local.tryLock(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                    return null;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        FileChannel channel = null;
        try {
            boolean fresh = !Files.exists(lockFile, LinkOption.NOFOLLOW_LINKS);
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
            if (fresh) {
                Files.setPosixFilePermissions(lockFile, PosixFilePermissions.fromString("rw-------"));
            }
            FileLock lock = channel.tryLock();
            while (lock == null && System.nanoTime() < quietUntil) {
                try {
                    Thread.sleep(10); // another process holds it, usually for a few milliseconds
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    channel.close();
                    local.unlock();
                    return null;
                }
                lock = channel.tryLock();
            }
            if (lock == null) {
                if (!told) {
                    onWait.accept(lockFile);
                }
                lock = blockingLock(channel, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            }
            if (lock == null) {
                channel.close();
                local.unlock();
                return null;
            }
            return new HeldLock(local, channel, lock);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            local.unlock();
            throw e;
        }
    }

    /** Both halves of a held lock: the JVM-wide one and the file lock. */
    private static final class HeldLock implements Held {
        private final ReentrantLock local;
        private final FileChannel channel;
        private final FileLock lock;

        HeldLock(ReentrantLock local, FileChannel channel, FileLock lock) {
            this.local = local;
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() throws IOException {
            try (channel) {
                lock.release();
            } finally {
                local.unlock();
            }
        }
    }

    private static FileLock blockingLock(FileChannel channel, Duration timeout) throws IOException {
        Thread waiter = Thread.currentThread();
        AtomicBoolean fired = new AtomicBoolean();
        Timer timer = new Timer("vcstoken-lock-timeout", true);
        timer.schedule(new TimerTask() {
            @Override
            public void run() {
                fired.set(true);
                waiter.interrupt();
            }
        }, Math.max(1, timeout.toMillis()));
        try {
            FileLock lock = channel.lock();
            timer.cancel();
            if (fired.get()) {
                // The timer fired just after the lock was granted: clear its interrupt, keep the lock.
                Thread.interrupted();
            }
            return lock;
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
