package org.vcstoken.server.forgejo;

import java.util.Optional;
import org.vcstoken.server.HttpTransport;
import org.vcstoken.server.ServerProbe;

/**
 * Telling Forgejo from Gitea by their unauthenticated version endpoints: both answer
 * {@code GET /api/v1/version} with {@code {"version": …}}; only Forgejo answers
 * {@code /api/forgejo/v1/version}, and its versions carry {@code +gitea-} (its Makefile appends
 * the Gitea version it forked from). Sources: Forgejo {@code routers/api/forgejo/v1/forgejo.go},
 * both forges' {@code routers/api/v1/misc/version.go} and {@code Makefile}.
 */
final class Versions {
    static final String FORGEJO_VERSION = "api/forgejo/v1/version";
    static final String VERSION = "api/v1/version";

    private Versions() {
    }

    /** The {@code version} of a 200 JSON answer at {@code path}, or empty. */
    static Optional<String> at(ServerProbe probe, String path) {
        return probe.get(path)
                .filter(r -> r.status() == 200)
                .flatMap(Answers::object)
                .map(m -> Answers.string(m, "version"))
                .filter(v -> !v.isBlank())
                .map(v -> HttpTransport.printable(v, 80));
    }

    static Optional<String> forgejo(ServerProbe probe) {
        Optional<String> own = at(probe, FORGEJO_VERSION);
        if (own.isPresent()) {
            return Optional.of(ForgeMessages.detectedForgejo(FORGEJO_VERSION, own.get()));
        }
        return at(probe, VERSION).filter(v -> v.contains("+gitea-"))
                .map(v -> ForgeMessages.detectedForgejoByGiteaEndpoint(VERSION, v));
    }

    static Optional<String> gitea(ServerProbe probe) {
        if (forgejo(probe).isPresent()) {
            return Optional.empty();
        }
        return at(probe, VERSION).map(v -> ForgeMessages.detectedGitea(VERSION, v, FORGEJO_VERSION));
    }
}
