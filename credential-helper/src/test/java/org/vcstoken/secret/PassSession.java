package org.vcstoken.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vcstoken.testing.Proc;

/** A real pass with a throw-away GPG key without passphrase, in a temporary GNUPGHOME and PASSWORD_STORE_DIR. */
final class PassSession implements AutoCloseable {
    static final String KEY = "test@example.invalid";

    private final Path gnupg;
    private final Path store;
    private final Map<String, String> env = new HashMap<>();

    private PassSession(Path dir, boolean init) throws IOException, InterruptedException {
        gnupg = Files.createDirectories(dir.resolve("gnupg"));
        Files.setPosixFilePermissions(gnupg, PosixFilePermissions.fromString("rwx------"));
        store = dir.resolve("password-store");
        env.put("GNUPGHOME", gnupg.toString());
        env.put("PASSWORD_STORE_DIR", store.toString());
        Proc.Result key = run(List.of("gpg", "--batch", "--passphrase", "", "--quick-gen-key", KEY, "default", "default",
                "never"));
        assertThat(key.exit()).as(key.toString()).isZero();
        if (init) {
            Proc.Result r = run(List.of("pass", "init", KEY));
            assertThat(r.exit()).as(r.toString()).isZero();
        }
    }

    static PassSession start(Path dir) throws IOException, InterruptedException {
        Needs.pass();
        return new PassSession(dir, true);
    }

    /** A GPG key but no {@code pass init}. */
    static PassSession withoutInit(Path dir) throws IOException, InterruptedException {
        Needs.pass();
        return new PassSession(dir, false);
    }

    Map<String, String> env() {
        return env;
    }

    Path storeDir() {
        return store;
    }

    /** {@code pass show} of a vcstoken entry ("" when there is none). */
    String show(String entry) throws IOException, InterruptedException {
        Proc.Result r = run(List.of("pass", "show", entry));
        return r.exit() == 0 ? r.out().strip() : "";
    }

    /** Entries under vcstoken/, as pass names them. */
    List<String> entries() throws IOException {
        Path root = store.resolve("vcstoken");
        if (!Files.exists(root)) {
            return List.of();
        }
        try (var files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".gpg"))
                    .map(p -> store.relativize(p).toString().replaceAll("\\.gpg$", "")).sorted().toList();
        }
    }

    Proc.Result run(List<String> cmd) throws IOException, InterruptedException {
        Map<String, String> e = new HashMap<>(env);
        e.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        e.put("HOME", gnupg.getParent().toString());
        return Proc.run(cmd, e, null, "", Duration.ofSeconds(60));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        // gpg started an agent for this GNUPGHOME; stop it with the test.
        run(List.of("gpgconf", "--kill", "all"));
    }
}
