package org.vcstoken.server;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;

/**
 * Any server that takes a token as the Basic password (plain Apache with git-http-backend, hgweb,
 * mod_dav_svn, …): vcstoken can check tokens there but knows no way to create one, so a person
 * adds them with {@code vcstoken token add}.
 */
final class GenericKind implements ServerKind {
    private final VcsProbe probe;

    GenericKind(HttpTransport http) {
        this.probe = new VcsProbe(Objects.requireNonNull(http, "http"));
    }

    @Override
    public String id() {
        return ServerKinds.GENERIC;
    }

    /** A generic server has no API to ask, so only a probe of a named repository can tell. */
    @Override
    public ProbeResult probe(ServerProfile profile, String repo, VcsType vcs, String username, Secret token)
            throws ServerException {
        if (VcsProbe.trimSlashes(repo).isEmpty()) {
            throw new ServerException("cannot check a token for " + profile.baseUrl()
                    + " without a repository: a server of kind 'generic' can only be asked about a repository; "
                    + "give a repository URL (e.g. " + profile.baseUrl() + "/REPO)");
        }
        return probe.probe(profile, repo, vcs, username, token);
    }

    /** No known token page: the server's own start page is the best hint there is. */
    @Override
    public URI tokenPage(ServerProfile profile) {
        return URI.create(profile.baseUrl() + "/");
    }

    @Override
    public boolean canCreateTokens() {
        return false;
    }

    @Override
    public AccountSession login(ServerProfile profile, String username, char[] password) throws ServerException {
        throw new ServerException("vcstoken cannot create tokens on " + profile.baseUrl()
                + ": its server kind is 'generic'. Create a token on the server, then add it with: vcstoken token add "
                + profile.baseUrl() + " --user " + (username == null ? "NAME" : username)
                + " (or set the right kind: vcstoken server add " + profile.baseUrl() + " --kind rhodecode)");
    }

    @Override
    public List<String> knownTokens(ServerProfile profile, String username, Secret apiToken) {
        return List.of();
    }
}
