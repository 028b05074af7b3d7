package org.vcstoken.server;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.vcstoken.messages.ServerMessages;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;

/**
 * The cheapest request each VCS client itself would make first, sent with the token as the Basic
 * password: what the server answers is exactly what git, hg or svn would get. Any server that
 * speaks Basic auth answers these the same way (RhodeCode, Apache with git-http-backend, hgweb or
 * mod_dav_svn), so every server kind shares this class.
 *
 * <ul>
 * <li>git: {@code GET <base>/<repo>/info/refs?service=git-upload-pack}</li>
 * <li>hg: {@code GET <base>/<repo>?cmd=capabilities} with {@code Accept: application/mercurial-0.1}</li>
 * <li>svn: {@code OPTIONS <base>/<repo>} with the {@code DAV} header svn sends and a small DAV body</li>
 * </ul>
 * Only the status line and headers are read; the body (every ref of a large repository) is not.
 */
public final class VcsProbe {
    private static final String SVN_OPTIONS_BODY = "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
            + "<D:options xmlns:D=\"DAV:\"><D:activity-collection-set/></D:options>";

    private final HttpTransport http;

    public VcsProbe(HttpTransport http) {
        this.http = Objects.requireNonNull(http, "http");
    }

    /**
     * Probes one repository; {@code repo} must not be empty (a VCS request always names one).
     * 2xx → ACCEPTED, 401 → REJECTED, 403 → FORBIDDEN, 404 → NOT_FOUND; anything else, or an
     * HTML page where the VCS answer should be, is a {@link ServerException}.
     */
    public ProbeResult probe(ServerProfile profile, String repo, VcsType vcs, String username, Secret token)
            throws ServerException {
        Objects.requireNonNull(vcs, "vcs");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(token, "token");
        String name = trimSlashes(Objects.requireNonNull(repo, "repo"));
        if (name.isEmpty()) {
            throw new IllegalArgumentException(ServerMessages.probeRepoEmpty());
        }
        for (String segment : name.split("/", -1)) {
            // Requests are normalised before they get here; this only keeps a bug from probing
            // (and sending the token to) some other path on the server.
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException(ServerMessages.probeRepoSegment(HttpTransport.printable(name, 100)));
            }
        }
        HttpTransport.requireSafeTransport(profile);
        http.trace().mask(token.reveal());
        String what = ServerMessages.checkingToken(name, profile.baseUrl(), vcs.name().toLowerCase(java.util.Locale.ROOT));
        HttpRequest.Builder req = switch (vcs) {
            case GIT -> HttpRequest.newBuilder(URI.create(HttpTransport.resolve(profile, name)
                    + "/info/refs?service=git-upload-pack")).GET();
            case HG -> HttpRequest.newBuilder(URI.create(HttpTransport.resolve(profile, name) + "?cmd=capabilities"))
                    .header("Accept", "application/mercurial-0.1").GET();
            case SVN -> HttpRequest.newBuilder(HttpTransport.resolve(profile, name))
                    .header("DAV", "http://subversion.tigris.org/xmlns/dav/svn/depth")
                    .header("Content-Type", "text/xml")
                    .method("OPTIONS", HttpRequest.BodyPublishers.ofString(SVN_OPTIONS_BODY, StandardCharsets.UTF_8));
        };
        req.header("Authorization", HttpTransport.basicAuth(username, token));
        HttpTransport.Reply reply = http.send(req, what, 0);
        int status = reply.status();
        if (status >= 200 && status < 300) {
            if (reply.contentType().startsWith("text/html")) {
                throw new ServerException(ServerMessages.htmlInsteadOfVcs(what, vcs.name().toLowerCase(java.util.Locale.ROOT)));
            }
            return ProbeResult.ACCEPTED;
        }
        return switch (status) {
            case 401 -> ProbeResult.REJECTED;
            case 403 -> ProbeResult.FORBIDDEN;
            case 404 -> ProbeResult.NOT_FOUND;
            default -> throw http.unexpected(what, reply);
        };
    }

    static String trimSlashes(String repo) {
        int from = 0;
        int to = repo.length();
        while (from < to && repo.charAt(from) == '/') {
            from++;
        }
        while (to > from && repo.charAt(to - 1) == '/') {
            to--;
        }
        return repo.substring(from, to);
    }
}
