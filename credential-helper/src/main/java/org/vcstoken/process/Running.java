package org.vcstoken.process;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A child started with {@link Invocation#start()}, running beside vcstoken. */
public final class Running {
    private final String program;
    private final Tree process;
    private final CompletableFuture<Integer> done;

    Running(String program, Tree process, CompletableFuture<Integer> done) {
        this.program = program;
        this.process = process;
        this.done = done;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Completes with the exit status once the child has ended and its output has been handed on. */
    public CompletableFuture<Integer> onExit() {
        return done;
    }

    /**
     * Waits up to {@code limit} for the child to end.
     *
     * @return its exit status, or empty while it still runs
     */
    public OptionalInt awaitExit(Duration limit) {
        try {
            return OptionalInt.of(done.get(limit.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException(program + " ended without an exit status", e.getCause());
        }
    }

    /**
     * Asks the child to stop (SIGTERM, so that it can stop what it started in good order) and, if it
     * is still running after {@code grace}, kills it and every process it started.
     */
    public void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.terminate();
        try {
            if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
    }
}
