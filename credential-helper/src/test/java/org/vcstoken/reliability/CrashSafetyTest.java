package org.vcstoken.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.env.StatePaths;
import org.vcstoken.store.StoreData;
import org.vcstoken.store.StoreException;
import org.vcstoken.store.StoreLockHolderMain;
import org.vcstoken.store.TokenStore;
import org.vcstoken.token.Role;
import org.vcstoken.token.Secret;
import org.vcstoken.token.Token;
import org.vcstoken.token.TokenOrigin;

/**
 * Many writer processes run real commands against one store while some are killed with SIGKILL at
 * seeded random points. Afterwards the store parses, every write a child acknowledged is there, and
 * the lock is free: the kernel releases a dead process's lock, so nothing is ever stuck.
 */
class CrashSafetyTest {
    static final int CHILDREN = 8;
    static final int ROUNDS = 30;
    static final long SEED = 20261127L;
    static final Duration BOUND = Duration.ofSeconds(150);

    @TempDir
    Path dir;

    /** One child: its process and the complete lines it printed. */
    static final class Child {
        final String prefix;
        final Process process;
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        final int killAfterAcks;
        volatile boolean killed;
        final Thread reader;

        Child(String prefix, Process process, int killAfterAcks) {
            this.prefix = prefix;
            this.process = process;
            this.killAfterAcks = killAfterAcks;
            this.reader = new Thread(this::read, "reader-" + prefix);
            this.reader.start();
        }

        /** Only lines that ended in a newline count: a line cut short by the kill promised nothing. */
        private void read() {
            try (InputStream in = process.getInputStream()) {
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                int acks = 0;
                int b;
                while ((b = in.read()) != -1) {
                    if (b != '\n') {
                        line.write(b);
                        continue;
                    }
                    String text = line.toString(StandardCharsets.UTF_8);
                    line.reset();
                    lines.add(text);
                    if (text.startsWith("ack ") && ++acks == killAfterAcks) {
                        killed = true;
                        // SIGKILL: no shutdown hook, no finally block runs. Through the handle, so that
                        // our end of the pipe stays open and the lines already written are still read.
                        process.toHandle().destroyForcibly();
                    }
                }
            } catch (IOException e) {
                lines.add("reader failed: " + e);
            }
        }
    }

    private Process start(Path state, String prefix) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), CrashWriterMain.class.getName(), prefix,
                Integer.toString(ROUNDS));
        pb.environment().clear();
        pb.environment().put("VCSTOKEN_HOME", state.toString());
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("CI", "true");
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.redirectError(dir.resolve(prefix + ".err").toFile());
        return pb.start();
    }

    private static TokenStore store(Path state, Duration lockTimeout) {
        return new TokenStore(new StatePaths(state, state), lockTimeout, notice -> { });
    }

    @Test
    void killedWritersNeverTearTheStoreOrLoseAnAcknowledgedWriteAndLeaveNoLockBehind() throws Exception {
        Path state = dir.resolve("state");
        Random random = new Random(SEED);
        List<Child> children = new ArrayList<>();
        long deadline = System.nanoTime() + BOUND.toNanos();
        for (int c = 0; c < CHILDREN; c++) {
            // Half the children are killed, each after a random number of acknowledged writes.
            int killAfter = c % 2 == 0 ? 1 + random.nextInt(ROUNDS) : Integer.MAX_VALUE;
            children.add(new Child("w" + c, start(state, "w" + c), killAfter));
        }
        for (Child child : children) {
            long left = deadline - System.nanoTime();
            assertThat(child.process.waitFor(Math.max(1, left), TimeUnit.NANOSECONDS))
                    .as("child %s ended within %s", child.prefix, BOUND).isTrue();
            child.reader.join(TimeUnit.NANOSECONDS.toMillis(Math.max(1, deadline - System.nanoTime())));
            // The store parses after every death, not only at the end.
            store(state, Duration.ofSeconds(5)).read();
        }

        // Replay the acknowledgements in each child's order: what must be in the store now.
        Map<String, String> expectedAdds = new LinkedHashMap<>(); // secret -> "present" | "rejected" | "removed"
        List<String> captured = new ArrayList<>();
        int acks = 0;
        int killed = 0;
        for (Child child : children) {
            if (child.killed) {
                killed++;
                assertThat(child.lines).doesNotContain("done");
            } else {
                assertThat(child.process.exitValue()).as("%s: %s %s", child.prefix, child.lines,
                        Files.readString(dir.resolve(child.prefix + ".err"))).isZero();
                assertThat(child.lines).contains("done");
            }
            assertThat(child.lines).noneMatch(l -> l.startsWith("failed") || l.startsWith("reader failed"));
            for (String line : child.lines) {
                if (!line.startsWith("ack ")) {
                    continue;
                }
                acks++;
                String[] f = line.split(" ");
                switch (f[1]) {
                    case "add" -> expectedAdds.put("sec-" + f[2], "present");
                    case "store" -> captured.add("cap-" + f[2]);
                    case "erase" -> expectedAdds.computeIfPresent("sec-" + f[2], (k, v) -> "rejected");
                    case "remove" -> expectedAdds.put("sec-" + f[2], "removed");
                    default -> throw new AssertionError(line);
                }
            }
        }
        assertThat(killed).as("children killed").isEqualTo(CHILDREN / 2);
        assertThat(acks).as("acknowledged operations").isGreaterThan(200);

        StoreData data = store(state, Duration.ofSeconds(5)).read();
        Map<String, Token> bySecret = new HashMap<>();
        for (Token t : data.tokens()) {
            bySecret.put(t.secret().reveal(), t);
        }
        for (Map.Entry<String, String> e : expectedAdds.entrySet()) {
            Token t = bySecret.get(e.getKey());
            switch (e.getValue()) {
                case "present" -> {
                    assertThat(t).as("acknowledged add %s", e.getKey()).isNotNull();
                    assertThat(t.isRejected()).as("%s was never erased", e.getKey()).isFalse();
                }
                case "rejected" -> {
                    assertThat(t).as("acknowledged add %s", e.getKey()).isNotNull();
                    assertThat(t.isRejected()).as("acknowledged erase of %s", e.getKey()).isTrue();
                }
                default -> assertThat(t).as("acknowledged remove of %s", e.getKey()).isNull();
            }
        }
        for (String secret : captured) {
            assertThat(bySecret).as("acknowledged captured token %s", secret).containsKey(secret);
        }
        try (Stream<Path> files = Files.list(state)) {
            System.out.println("crash safety: " + acks + " acknowledged operations, " + killed + " children killed, "
                    + data.tokens().size() + " tokens, leftover files " + files.map(p -> p.getFileName().toString()).toList());
        }

        // No stuck lock: a new writer gets through at once.
        long start = System.nanoTime();
        store(state, Duration.ofSeconds(5)).update(d -> d.withToken(token("after-the-crashes")));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aLockHeldByAProcessKilledWithSigkillIsReleasedByTheKernel() throws Exception {
        Path state = dir.resolve("state");
        TokenStore store = store(state, Duration.ofSeconds(1));
        store.update(d -> d.withToken(token("before")));
        String java = ProcessHandle.current().info().command().orElse("java");
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                StoreLockHolderMain.class.getName(), state.resolve("store.lock").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            byte[] said = holder.getInputStream().readNBytes("locked".length());
            assertThat(new String(said, StandardCharsets.UTF_8)).isEqualTo("locked");

            // While it lives, the lock is really held: a writer gives up after its timeout.
            assertThatThrownBy(() -> store.update(d -> d.withToken(token("blocked"))))
                    .isInstanceOf(StoreException.class).hasMessageContaining("store.lock");

            holder.destroyForcibly();
            assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();
            long start = System.nanoTime();
            StoreData after = store.update(d -> d.withToken(token("after")));

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            assertThat(after.tokens()).extracting(Token::id).containsExactly("before", "after");
            assertThat(Files.exists(state.resolve("store.lock"))).as("the lock file stays; only the OS lock matters")
                    .isTrue();
        } finally {
            holder.destroyForcibly();
        }
    }

    static Token token(String id) {
        return new Token(id, "https://example.com", "alice", Role.VCS, null, null, "", java.time.Instant.EPOCH,
                TokenOrigin.MANUAL, null, null, Secret.of("secret-" + id));
    }
}
