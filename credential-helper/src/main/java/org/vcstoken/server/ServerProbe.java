package org.vcstoken.server;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vcstoken.messages.ServerMessages;
import org.vcstoken.token.Origin;

/**
 * Unauthenticated questions to a server whose family is not known yet, each asked at most once
 * however many families look at the answer. No credential is ever sent: the family is not known,
 * so neither is where a token may go.
 */
public final class ServerProbe {
    /** Largest answer kept: version endpoints and error pages are small. */
    static final int MAX_BODY = 64 * 1024;
    private static final Pattern REALM = Pattern.compile("(?i)^\\s*Basic\\s+realm=\"([^\"]*)\"");
    /** A repository name no server has, so that the answer says how the server treats unknown ones. */
    static final String NO_SUCH_REPO = "vcstoken-kind-detection/none";

    private final HttpTransport http;
    private final String base;
    private final Map<String, Reply> answers = new HashMap<>();
    private boolean answered;
    private ServerException down;

    /** An answer, or the reason there was none. */
    record Reply(HttpTransport.Reply reply, ServerException failure) {
    }

    ServerProbe(HttpTransport http, Origin origin, String prefix) {
        this.http = Objects.requireNonNull(http, "http");
        this.base = origin.url() + (prefix == null || prefix.isEmpty() ? "" : "/" + HttpTransport.encodePath(prefix));
    }

    /**
     * {@code GET <base>/<path>}; empty when the server could not be reached or answered nothing
     * usable. A redirect is returned as it is, never followed.
     */
    public Optional<HttpTransport.Reply> get(String path) {
        Reply r = fetch(path);
        return Optional.ofNullable(r.reply());
    }

    /**
     * The Basic realm a git client is challenged with on a repository that does not exist, or
     * empty when there is no challenge (RhodeCode answers 404 before asking for credentials).
     */
    public Optional<String> gitRealm() {
        return get(NO_SUCH_REPO + ".git/info/refs?service=git-upload-pack")
                .filter(r -> r.status() == 401)
                .flatMap(r -> r.headers().allValues("WWW-Authenticate").stream()
                        .map(REALM::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst());
    }

    /** Why the server could not be reached, when no question got an answer at all. */
    Optional<ServerException> unreachable() {
        return answered ? Optional.empty() : Optional.ofNullable(down);
    }

    private Reply fetch(String path) {
        Reply known = answers.get(path);
        if (known != null) {
            return known;
        }
        if (down != null) {
            // A server that did not answer once would make every further question wait as long.
            return new Reply(null, down);
        }
        Reply r;
        try {
            URI uri = URI.create(base + "/" + path);
            r = new Reply(http.send(HttpRequest.newBuilder(uri).GET().header("Accept", "application/json, */*"),
                    ServerMessages.findingKind(base), MAX_BODY), null);
            answered = true;
        } catch (ServerException e) {
            down = e;
            r = new Reply(null, e);
        } catch (IllegalArgumentException e) {
            // Only a path of ours could be malformed here; the server was not asked.
            r = new Reply(null, new ServerException(ServerMessages.findingKindFailed(base, e.getMessage())));
        }
        answers.put(path, r);
        return r;
    }
}
