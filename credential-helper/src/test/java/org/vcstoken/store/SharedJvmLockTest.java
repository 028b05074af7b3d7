package org.vcstoken.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several TokenStore objects on one store inside one JVM (JGit and SVNKit front doors in one CI
 * server each make their own) write concurrently without OverlappingFileLockException.
 */
class SharedJvmLockTest {
    @TempDir
    Path dir;

    @Test
    void separateStoreObjectsInOneJvmQueueInsteadOfFailing() throws Exception {
        Path data = dir.resolve("state");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int w = 0; w < 8; w++) {
                TokenStore own = StoreFixtures.store(data, notice -> { });
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        String id = "w" + writer + "-" + i;
                        own.update(d -> d.withToken(StoreFixtures.token(id)));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(StoreFixtures.store(data, notice -> { }).read().tokens()).hasSize(80);
    }

    /** git runs helpers for several remotes or submodules at once: a brief wait must say nothing. */
    @Test
    void aWaitShorterThanTheQuietPeriodSaysNothing() throws Exception {
        Path lock = dir.resolve("brief.lock");
        List<Path> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        FileLocks.Held first = FileLocks.acquire(lock, java.time.Duration.ofSeconds(60), told::add);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> second = pool.submit(() -> {
                try (FileLocks.Held held = FileLocks.acquire(lock, java.time.Duration.ofSeconds(60), told::add)) {
                    return held != null;
                }
            });
            var local = FileLocks.IN_PROCESS.get(lock.toAbsolutePath().normalize());
            while (!local.hasQueuedThreads() && !second.isDone()) {
                Thread.onSpinWait(); // until the second waits: then release at once
            }
            first.close();
            assertThat(second.get()).isTrue();
        } finally {
            pool.shutdownNow();
        }
        assertThat(told).as("FileLocks.QUIET_WAIT is " + FileLocks.QUIET_WAIT).isEmpty();
    }
}
