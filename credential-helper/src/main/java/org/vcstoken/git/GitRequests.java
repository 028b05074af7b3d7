package org.vcstoken.git;

import java.util.Optional;
import org.vcstoken.messages.InputMessages;
import org.vcstoken.request.HostPort;
import org.vcstoken.request.ParsedUrl;
import org.vcstoken.request.RepoPath;
import org.vcstoken.request.Request;
import org.vcstoken.token.Origin;

/** Turns a credential protocol message into a normalised {@link Request}. */
final class GitRequests {
    private GitRequests() {
    }

    /**
     * @return the request, or empty for protocols this helper does not serve (git asks helpers
     *         about smtp, cert and others too)
     * @throws IllegalArgumentException when the message is unusable (no host, a malformed host or path)
     */
    private static boolean sameOrigin(ParsedUrl u, String protocol, String host) {
        if (host.indexOf('@') >= 0 || host.indexOf('/') >= 0) {
            return false;
        }
        HostPort hp = HostPort.parse(host);
        return Origin.of(protocol != null ? protocol : u.origin().scheme(), hp.host(), hp.port()).equals(u.origin());
    }

    static Optional<Request> from(CredentialMessage m) {
        String protocol = m.get("protocol").orElse(null);
        String host = m.get("host").orElse(null);
        String path = m.get("path").orElse(null);
        String username = m.get("username").orElse(null);
        if (m.get("url").isPresent()) {
            // git never sends url= to helpers, but scripts do; it overrides the parts, as in git.
            String url = m.get("url").get();
            int scheme = url.indexOf("://");
            if (scheme > 0 && !url.regionMatches(true, 0, "https://", 0, 8) && !url.regionMatches(true, 0, "http://", 0, 7)) {
                return Optional.empty(); // another protocol: not ours to answer, as with protocol=
            }
            ParsedUrl u = ParsedUrl.parse(url);
            // git applies url= and the other lines in order, so a host= after url= wins there; this
            // reader keeps only the last value per key. A request whose parts disagree is refused
            // rather than answered for one of the two hosts.
            if (protocol != null && !protocol.equalsIgnoreCase(u.origin().scheme())
                    || host != null && !sameOrigin(u, protocol, host)
                    || path != null && !RepoPath.normaliseDecoded(path).equals(u.path())
                    || username != null && u.username() != null && !username.equals(u.username())) {
                throw new IllegalArgumentException(InputMessages.requestPlacesDiffer());
            }
            return Optional.of(new Request(u.origin(), u.path(), u.username() != null ? u.username() : username));
        }
        if (protocol == null || !(protocol.equals("https") || protocol.equals("http"))) {
            return Optional.empty();
        }
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException(InputMessages.requestNoHost());
        }
        if (host.indexOf('@') >= 0 || host.indexOf('/') >= 0) {
            throw new IllegalArgumentException(InputMessages.requestHostHasAtOrSlash());
        }
        HostPort hp = HostPort.parse(host);
        // git (and the hg extension) send path= percent-decoded already: decoding again would turn
        // a repository named with an encoded '%' into another repository's name.
        return Optional.of(new Request(Origin.of(protocol, hp.host(), hp.port()), RepoPath.normaliseDecoded(path),
                username));
    }
}
