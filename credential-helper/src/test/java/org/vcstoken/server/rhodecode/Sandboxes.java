package org.vcstoken.server.rhodecode;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.vcstoken.sandbox.Edition;
import org.vcstoken.sandbox.Sandbox;
import org.vcstoken.sandbox.SandboxOptions;
import org.vcstoken.server.HttpTransport;
import org.vcstoken.token.Origin;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.trace.Trace;

/** Shared set-up: a sandbox without auth cache, and profiles and kinds pointing at it. */
final class Sandboxes {
    private Sandboxes() {
    }

    static Sandbox start(Path dir, Edition edition) throws java.io.IOException {
        return Sandbox.start(SandboxOptions.defaults(dir).withAuthCacheTtl(Duration.ZERO).withEdition(edition));
    }

    static ServerProfile profile(Sandbox sb, String username) {
        return ServerProfile.withDefaults(Origin.of("http", sb.url().getHost(), sb.url().getPort()), "", username);
    }

    static RhodeCodeKind kind() {
        return new RhodeCodeKind(new HttpTransport(Duration.ofSeconds(5), Duration.ofSeconds(20), Trace.off()),
                Clock.systemUTC());
    }
}
