package org.vcstoken.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
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
        return Sandbox.start(SandboxOptions.defaults(dir.resolve("sandbox")).withAuthCacheTtl(Duration.ZERO));
    }
}
