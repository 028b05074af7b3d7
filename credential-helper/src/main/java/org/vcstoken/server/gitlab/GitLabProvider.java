package org.vcstoken.server.gitlab;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.vcstoken.server.HttpTransport;
import org.vcstoken.server.Json;
import org.vcstoken.server.KindContext;
import org.vcstoken.server.KindProvider;
import org.vcstoken.server.ServerKind;
import org.vcstoken.server.ServerProbe;
import org.vcstoken.token.Origin;

/** Makes GitLab (and Heptapod) known to {@link org.vcstoken.server.ServerKinds}. */
public final class GitLabProvider implements KindProvider {
    @Override
    public String id() {
        return GitLabKind.ID;
    }

    /** First: GitLab's unauthenticated answers are cheap and unmistakable. */
    @Override
    public int detectionOrder() {
        return 10;
    }

    @Override
    public ServerKind create(KindContext context) {
        return new GitLabKind(context);
    }

    /**
     * GitLab authenticates git requests before it looks the project up, so a repository no server
     * has is answered with 401 and {@code Basic realm="GitLab"} (Heptapod is GitLab and answers
     * alike); and its API answers {@code GET /api/v4/version} without a token with 401
     * {@code {"message":"401 Unauthorized"}} ({@code lib/api/version.rb} needs a token). Either
     * one is enough: a proxy may hide one of them.
     */
    @Override
    public Optional<String> detect(ServerProbe probe, Origin origin, String prefix) {
        Optional<String> realm = probe.gitRealm();
        if (realm.isPresent() && realm.get().equals(GitLabKind.REALM)) {
            return Optional.of(GitLabMessages.detectedByRealm(GitLabKind.REALM));
        }
        return probe.get("api/v4/version").filter(r -> r.status() == 401).filter(GitLabProvider::unauthorized)
                .map(r -> GitLabMessages.detectedByVersion());
    }

    private static boolean unauthorized(HttpTransport.Reply reply) {
        try {
            return Json.parse(reply.body()) instanceof Map<?, ?> m && "401 Unauthorized".equals(m.get("message"));
        } catch (IOException e) {
            return false;
        }
    }
}
