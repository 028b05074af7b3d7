package org.vcstoken.renew;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.vcstoken.messages.RenewMessages;
import org.vcstoken.store.FileLocks;

/**
 * One creator at a time per (server, user, scope), across processes: when sixteen git processes
 * need the same token at once, one prompts and creates, the others wait and then use its token.
 */
final class SingleFlight {
    private final Path dir;
    private final Duration timeout;

    SingleFlight(Path dir, Duration timeout) {
        this.dir = dir;
        this.timeout = timeout;
    }

    /** @return the held lock, or {@code null} when another process kept it past the timeout */
    FileLocks.Held acquire(String server, String user, String scope, Consumer<Path> onWait) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        return FileLocks.acquire(dir.resolve(key(server, user, scope) + ".lock"), timeout, onWait);
    }

    /**
     * Records that the person declined, or that creation failed, so that processes that waited on
     * the same lock (and any that come within {@code holds}) end the same way instead of asking
     * again. Written while the lock is held.
     */
    void recordNoToken(String server, String user, String scope, Instant at, String why) throws IOException {
        Path marker = dir.resolve(key(server, user, scope) + ".no-token");
        Path tmp = dir.resolve(key(server, user, scope) + ".no-token.tmp");
        Files.writeString(tmp, at.getEpochSecond() + "\n" + why.replace('\n', ' ') + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, marker, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The answer recorded within {@code holds} before {@code now}, if any; read while the lock is held. */
    Optional<NoToken> recentNoToken(String server, String user, String scope, Instant now, Duration holds) {
        Path marker = dir.resolve(key(server, user, scope) + ".no-token");
        try {
            List<String> lines = Files.readAllLines(marker, StandardCharsets.UTF_8);
            Instant at = Instant.ofEpochSecond(Long.parseLong(lines.get(0).trim()));
            if (at.isAfter(now) || !at.plus(holds).isAfter(now)) {
                return Optional.empty();
            }
            return Optional.of(new NoToken(at, lines.size() > 1 ? lines.get(1) : RenewMessages.DECLINED));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // no marker, or one this version cannot read: ask as usual
        }
    }

    /** Forgets a recorded answer: a token now exists. */
    void clearNoToken(String server, String user, String scope) throws IOException {
        Files.deleteIfExists(dir.resolve(key(server, user, scope) + ".no-token"));
    }

    /** What an earlier process was told: {@code why} is "declined" or the failure's message. */
    record NoToken(Instant at, String why) {
    }

    /** A file name from the key; hashed so that no URL or repository name has to be escaped. */
    static String key(String server, String user, String scope) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((server + "\n" + user + "\n" + (scope == null ? "" : scope))
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }
}
