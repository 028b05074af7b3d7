package org.vcstoken.prompt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/** Small helpers for the short-lived programs this package runs (askpass, stty, git config). */
final class Children {
    /** How long to wait for killed processes to be gone before giving up on them. */
    private static final Duration REAP_LIMIT = Duration.ofSeconds(2);

    private Children() {
    }

    /**
     * Reads a stream to its end on a daemon thread: a pipe must be drained while the child runs
     * (or a chatty child blocks), and a daemon thread never keeps the helper's JVM alive.
     */
    static CompletableFuture<byte[]> drain(InputStream in, String name) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (in) {
                result.complete(in.readAllBytes());
            } catch (IOException e) {
                result.completeExceptionally(new UncheckedIOException(e));
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return result;
    }

    /**
     * Kills a child and everything it started. Descendants go first, while their parents still live
     * to reap them: once the child dies they are re-parented, can no longer be found from it, and
     * linger until init gets round to them.
     */
    static void destroyTree(Process p) {
        List<ProcessHandle> descendants = p.descendants().collect(Collectors.toList());
        descendants.forEach(ProcessHandle::destroyForcibly);
        descendants.forEach(Children::awaitExit);
        p.destroyForcibly();
        awaitExit(p.toHandle());
    }

    private static void awaitExit(ProcessHandle h) {
        try {
            h.onExit().get(REAP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // SIGKILL was sent; if the kernel is slow to report the exit there is nothing more to do.
        }
    }
}
