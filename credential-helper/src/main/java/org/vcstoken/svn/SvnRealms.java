package org.vcstoken.svn;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.vcstoken.server.HttpTransport;
import org.vcstoken.server.ServerException;

/**
 * Finds the realm string svn files a server's password under: an unauthenticated request, as svn
 * makes it, and the {@code WWW-Authenticate: Basic realm="…"} of the 401. svn writes the realm as
 * {@code <scheme://host:port> AuthName} with the port always present.
 *
 * <p>RhodeCode answers 404 before it asks for credentials when the path is no repository, so the
 * server's base URL alone often yields nothing; callers also offer repository URLs.
 */
public final class SvnRealms {
    private static final String OPTIONS_BODY = "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
            + "<D:options xmlns:D=\"DAV:\"><D:activity-collection-set/></D:options>";

    private final HttpTransport http;

    public SvnRealms(HttpTransport http) {
        this.http = http;
    }

    /**
     * The realm string from the first URL that answers with a Basic challenge.
     *
     * @throws ServerException the server could not be reached (the message says why)
     */
    public Optional<String> discover(List<URI> candidates) throws ServerException {
        for (URI uri : candidates) {
            HttpRequest.Builder req = HttpRequest.newBuilder(uri)
                    .header("DAV", "http://subversion.tigris.org/xmlns/dav/svn/depth")
                    .header("Content-Type", "text/xml")
                    .method("OPTIONS", HttpRequest.BodyPublishers.ofString(OPTIONS_BODY, StandardCharsets.UTF_8));
            HttpTransport.Reply reply = http.send(req, "asking " + HttpTransport.origin(uri) + " for its svn realm", 0);
            if (reply.status() != 401) {
                continue;
            }
            for (String challenge : reply.headers().allValues("WWW-Authenticate")) {
                String authName = basicRealm(challenge);
                if (authName != null) {
                    return Optional.of(realmString(uri, authName));
                }
            }
        }
        return Optional.empty();
    }

    /** {@code <scheme://host:port> AuthName}, the port written even when it is the default. */
    public static String realmString(URI uri, String authName) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return "<" + scheme + "://" + uri.getHost() + ":" + port + "> " + authName;
    }

    /** The realm of a Basic challenge ({@code Basic realm="x"}), or {@code null} for other schemes. */
    static String basicRealm(String header) {
        String lower = header.toLowerCase(Locale.ROOT);
        int basic = lower.indexOf("basic");
        while (basic >= 0 && basic > 0 && Character.isLetterOrDigit(lower.charAt(basic - 1))) {
            basic = lower.indexOf("basic", basic + 1);
        }
        if (basic < 0) {
            return null;
        }
        int realm = lower.indexOf("realm=", basic);
        if (realm < 0) {
            return null;
        }
        int at = realm + "realm=".length();
        StringBuilder b = new StringBuilder();
        if (at < header.length() && header.charAt(at) == '"') {
            for (int i = at + 1; i < header.length(); i++) {
                char c = header.charAt(i);
                if (c == '\\' && i + 1 < header.length()) {
                    b.append(header.charAt(++i));
                } else if (c == '"') {
                    return clean(b.toString());
                } else {
                    b.append(c);
                }
            }
            return null;
        }
        for (int i = at; i < header.length() && header.charAt(i) != ',' && header.charAt(i) != ' '; i++) {
            b.append(header.charAt(i));
        }
        return clean(b.toString());
    }

    /** A realm with control characters would corrupt the index and the cache file; refuse it. */
    private static String clean(String realm) {
        for (int i = 0; i < realm.length(); i++) {
            if (Character.isISOControl(realm.charAt(i))) {
                return null;
            }
        }
        return realm;
    }
}
