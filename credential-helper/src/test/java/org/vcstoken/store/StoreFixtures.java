package org.vcstoken.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.vcstoken.env.StatePaths;
import org.vcstoken.token.Role;
import org.vcstoken.token.Secret;
import org.vcstoken.token.Token;
import org.vcstoken.token.TokenOrigin;

/** Small helpers shared by the store tests and the child processes they start. */
final class StoreFixtures {
    static final Instant CREATED = Instant.parse("2026-02-01T10:00:00Z");

    private StoreFixtures() {
    }

    static TokenStore store(Path dataDir, Consumer<String> notices) {
        return new TokenStore(new StatePaths(dataDir, dataDir.resolveSibling("config")), Duration.ofSeconds(30), notices);
    }

    static Token token(String id) {
        return new Token(id, "https://example.com", "alice", Role.VCS, null, null, "", CREATED, TokenOrigin.MANUAL,
                null, null, Secret.of("secret-" + id));
    }

    static void chmod(Path p, String mode) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    }

    static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }
}
