package org.vcstoken.server;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.vcstoken.messages.ServerMessages;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;

/**
 * Any server that takes a token as the Basic password (plain Apache with git-http-backend, hgweb,
 * mod_dav_svn, …): vcstoken can check tokens there but knows no way to create one, so a person
 * adds them with {@code vcstoken token add}, or pastes one made on the server.
 */
final class GenericKind implements ServerKind {
    static final String ID = "generic";
    /** Nothing is known of the server: no limits, and the realm is learnt from its 401. */
    static final KindRules RULES = new KindRules(Duration.ofDays(30), null, null, false, false, true, null);

    private final VcsProbe probe;

    GenericKind(HttpTransport http) {
        this.probe = new VcsProbe(Objects.requireNonNull(http, "http"));
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public KindRules rules() {
        return RULES;
    }

    /** A generic server has no API to ask, so only a probe of a named repository can tell. */
    @Override
    public ProbeResult probe(ServerProfile profile, String repo, VcsType vcs, String username, Secret token)
            throws ServerException {
        if (VcsProbe.trimSlashes(repo).isEmpty()) {
            throw new ServerException(ServerMessages.genericNeedsRepository(profile.baseUrl()));
        }
        return probe.probe(profile, repo, vcs, username, token);
    }

    /** No known token page: the server's own start page is the best hint there is. */
    @Override
    public GuidedPage tokenPage(ServerProfile profile, TokenSpec spec) {
        return new GuidedPage(URI.create(profile.baseUrl() + "/"),
                "create a token there (or ask the server's admin for one) that git accepts as your password");
    }

    /** Provider: never detected (it is what an unrecognised server is), only chosen. */
    public static final class Provider implements KindProvider {
        @Override
        public String id() {
            return ID;
        }

        @Override
        public int detectionOrder() {
            return 1000;
        }

        @Override
        public ServerKind create(KindContext context) {
            return new GenericKind(context.http());
        }

        @Override
        public Optional<String> detect(ServerProbe probe, org.vcstoken.token.Origin origin, String prefix) {
            return Optional.empty();
        }
    }
}
