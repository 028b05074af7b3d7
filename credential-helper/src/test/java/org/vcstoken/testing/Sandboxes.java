package org.vcstoken.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.vcstoken.sandbox.web.Edition;
import org.vcstoken.sandbox.Sandbox;
import org.vcstoken.sandbox.SandboxOptions;

/** The sandbox as end-to-end tests use it: data under DIR/sandbox, no auth-result cache. */
public final class Sandboxes {
    private Sandboxes() {
    }

    /**
     * Starts a sandbox whose verdicts change at once (RhodeCode caches them for 30 s; tests of
     * that window set the TTL themselves).
     */
    public static Sandbox start(Path dir) throws IOException {
        return start(dir, Edition.CE);
    }

    /** The same, imitating {@code edition} (the sandbox's default, as RhodeCode's, is the Community Edition). */
    public static Sandbox start(Path dir, Edition edition) throws IOException {
        return Sandbox.start(SandboxOptions.defaults(dir.resolve("sandbox")).withAuthCacheTtl(Duration.ZERO)
                .withEdition(edition));
    }

    /** Stops {@code running} and starts it again on the same port and data as {@code edition}. */
    public static Sandbox restartAs(Sandbox running, Edition edition) throws IOException {
        SandboxOptions options = running.options().withPort(running.url().getPort()).withEdition(edition);
        running.close();
        return Sandbox.start(options);
    }
}
