package org.vcstoken.renew;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Consumer;
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
