package org.vcstoken.process;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A child as Commons Exec sees it, where destroying it destroys everything it started too. Commons
 * Exec's watchdog (at the time-out) and its executor (when interrupted) only call
 * {@link Process#destroy()}, which signals the child alone: a grandchild that holds the output
 * pipes, say a shell script's {@code sleep}, would then keep the pumps reading, and vcstoken
 * waiting, for as long as it lives.
 */
final class Tree extends Process {
    /** How long to wait for killed processes to be gone before giving up on them. */
    private static final Duration REAP_LIMIT = Duration.ofSeconds(2);

    private final Process child;
    private volatile boolean destroyed;

    Tree(Process child) {
        this.child = child;
    }

    /** Kills the child and its descendants at once (SIGKILL): a time-out is no time for courtesy. */
    @Override
    public void destroy() {
        killTree();
    }

    @Override
    public Process destroyForcibly() {
        killTree();
        return this;
    }

    /**
     * The descendants are listed before anything dies: once the child is gone its children are
     * re-parented and can no longer be found from it. The child goes first so it cannot start more.
     */
    private void killTree() {
        destroyed = true;
        List<ProcessHandle> descendants;
        try (Stream<ProcessHandle> all = child.descendants()) {
            descendants = all.toList();
        }
        child.destroyForcibly();
        for (ProcessHandle h : descendants) {
            h.destroyForcibly();
        }
        // Gone, so that the pipes they held are closed before anyone reads on; all within one limit
        // (a killed orphan nobody reaps would otherwise cost it once per process).
        CompletableFuture<?>[] exits = new CompletableFuture<?>[descendants.size() + 1];
        exits[0] = child.onExit();
        for (int i = 0; i < descendants.size(); i++) {
            exits[i + 1] = descendants.get(i).onExit();
        }
        try {
            CompletableFuture.allOf(exits).get(REAP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // SIGKILL was sent; if the kernel is slow to report the exit there is nothing more to do.
        }
    }

    /** Whether vcstoken killed it (at a time-out or an interrupt) rather than it ending by itself. */
    boolean destroyed() {
        return destroyed;
    }

    /** Signals the child alone (SIGTERM), so that it can stop its own children in good order. */
    void terminate() {
        child.toHandle().destroy();
    }

    @Override
    public OutputStream getOutputStream() {
        return child.getOutputStream();
    }

    @Override
    public InputStream getInputStream() {
        return child.getInputStream();
    }

    @Override
    public InputStream getErrorStream() {
        return child.getErrorStream();
    }

    @Override
    public int waitFor() throws InterruptedException {
        return child.waitFor();
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        return child.waitFor(timeout, unit);
    }

    @Override
    public int exitValue() {
        return child.exitValue();
    }

    @Override
    public boolean isAlive() {
        return child.isAlive();
    }

    @Override
    public boolean supportsNormalTermination() {
        return child.supportsNormalTermination();
    }

    @Override
    public long pid() {
        return child.pid();
    }

    @Override
    public CompletableFuture<Process> onExit() {
        return child.onExit().thenApply(p -> this);
    }

    @Override
    public ProcessHandle toHandle() {
        return child.toHandle();
    }

    @Override
    public ProcessHandle.Info info() {
        return child.info();
    }

    @Override
    public Stream<ProcessHandle> children() {
        return child.children();
    }

    @Override
    public Stream<ProcessHandle> descendants() {
        return child.descendants();
    }
}
