package org.vcstoken.server.gitlab;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.vcstoken.server.HttpTransport;
import org.vcstoken.server.Json;
import org.vcstoken.server.ServerException;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;

/**
 * GitLab's REST API under {@code /api/v4}, authenticated with {@code PRIVATE-TOKEN}. Answers
 * with 2xx and 4xx statuses are handed back (4xx with GitLab's own message, which callers name
 * in one line); redirects, server errors, HTML pages where JSON belongs and unreadable JSON are
 * {@link ServerException}s that say what to check. Secrets are masked in the trace and never
 * appear in a message, even when the server echoes them.
 */
final class GitLabApi {
    /** Token lists are the largest answers: 100 tokens of a few hundred bytes each. */
    static final int MAX_ANSWER = 1 << 20;
    private static final Pattern STATUS_PREFIX = Pattern.compile("^\\d{3}\\s+");

    private final HttpTransport http;

    GitLabApi(HttpTransport http) {
        this.http = Objects.requireNonNull(http, "http");
    }

    HttpTransport http() {
        return http;
    }

    /**
     * An answer: its status, its JSON (null for 204 or an empty body) and, for a 4xx, GitLab's
     * message made printable.
     */
    record Reply(int status, Object json, String message, HttpTransport.Reply raw) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** "GitLab answered 400: User does not have permission to create project access token". */
        String said() {
            return GitLabMessages.answered(status, message);
        }

        /** The JSON object of a successful answer, or an error naming {@code what} was expected. */
        @SuppressWarnings("unchecked")
        Map<String, Object> object(String what) throws ServerException {
            if (json instanceof Map<?, ?> m) {
                return (Map<String, Object>) m;
            }
            throw new ServerException(GitLabMessages.noJsonObject(what, HttpTransport.origin(raw.uri())));
        }

        /** The JSON array of a successful answer (a list endpoint). */
        List<?> array(String what) throws ServerException {
            if (json instanceof List<?> l) {
                return l;
            }
            throw new ServerException(GitLabMessages.noJsonList(what, HttpTransport.origin(raw.uri())));
        }
    }

    /**
     * Sends {@code method /api/v4/path} with {@code token}.
     *
     * @param path  already percent-encoded (see {@link #project(String)}), may carry a query
     * @param body  a JSON object to send, or {@code null}
     * @param what  what the request is for; starts every error message
     */
    Reply send(ServerProfile profile, String method, String path, Secret token, Map<String, ?> body, String what)
            throws ServerException {
        Objects.requireNonNull(token, "token");
        HttpTransport.requireSafeTransport(profile);
        http.trace().mask(token.reveal());
        URI uri = URI.create(profile.baseUrl() + "/api/v4/" + path);
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(Json.write(body));
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).method(method, publisher)
                .header("PRIVATE-TOKEN", token.reveal())
                .header("Accept", "application/json");
        if (body != null) {
            req.header("Content-Type", "application/json");
        }
        HttpTransport.Reply reply = http.send(req, what, MAX_ANSWER);
        int status = reply.status();
        if (reply.isRedirect() || status >= 500 || status < 200 || (status >= 300 && status < 400)) {
            throw http.unexpected(what, reply);
        }
        if (reply.body().length > 0 && reply.isHtml()) {
            throw new ServerException(GitLabMessages.htmlAnswer(what, HttpTransport.origin(uri), status));
        }
        Object json = null;
        if (reply.body().length > 0 && status != 204) {
            try {
                json = Json.parse(reply.body());
            } catch (IOException e) {
                if (status < 300) {
                    throw new ServerException(GitLabMessages.unreadableJson(what, HttpTransport.origin(uri),
                            HttpTransport.printable(e.getMessage(), 120)));
                }
                // An error page that is not JSON still has a status worth naming.
            }
        }
        String message = status < 400 ? null : HttpTransport.redact(errorText(json, reply), token);
        return new Reply(status, json, message, reply);
    }

    /**
     * A token as GitLab answers its creation or rotation, with the secret it shows once (masked
     * in the trace from here on).
     */
    org.vcstoken.server.CreatedToken created(Map<String, Object> t, String what,
            java.util.function.LongFunction<GitLabTokenId> id, String repo) throws ServerException {
        if (!(t.get("token") instanceof String secret) || secret.isBlank() || !(t.get("id") instanceof Long tokenId)) {
            throw new ServerException(GitLabMessages.noTokenOrId(what));
        }
        http.trace().mask(secret);
        Secret s;
        try {
            s = Secret.of(secret);
        } catch (IllegalArgumentException e) {
            throw new ServerException(GitLabMessages.unusableToken(what, e.getMessage()));
        }
        return new org.vcstoken.server.CreatedToken(s, ExpiryDates.instantOf(t.get("expires_at"), what),
                id.apply(tokenId).format(), repo);
    }

    /** GitLab's project reference in a path: the full path URL-encoded as one segment, or the id. */
    static String project(String fullPath) {
        return HttpTransport.encodePath(fullPath).replace("/", "%2F");
    }

    /**
     * GitLab's error text: {@code {"message":"400 Bad request - …"}}, a message object of field
     * errors, or OAuth's {@code {"error":…,"error_description":…}}; the status GitLab repeats at
     * its start and Grape's "Bad request - " are dropped.
     */
    static String errorText(Object json, HttpTransport.Reply reply) {
        String text = null;
        if (json instanceof Map<?, ?> m) {
            Object message = m.get("message");
            if (message instanceof String s) {
                text = s;
            } else if (message instanceof Map<?, ?> fields) {
                StringBuilder b = new StringBuilder();
                for (Map.Entry<?, ?> e : fields.entrySet()) {
                    b.append(b.length() == 0 ? "" : "; ").append(e.getKey()).append(' ')
                            .append(e.getValue() instanceof List<?> l ? String.join(", ", l.stream()
                                    .map(String::valueOf).toList()) : String.valueOf(e.getValue()));
                }
                text = b.toString();
            } else if (m.get("error_description") instanceof String d) {
                text = d;
            } else if (m.get("error") instanceof String s) {
                text = s;
            }
        }
        if (text == null) {
            text = reply.body().length == 0 ? "" : new String(reply.body(), 0, Math.min(reply.body().length, 200),
                    java.nio.charset.StandardCharsets.UTF_8);
        }
        text = STATUS_PREFIX.matcher(text.strip()).replaceFirst("");
        if (text.startsWith("Bad request - ")) {
            text = text.substring("Bad request - ".length());
        }
        return HttpTransport.printable(text, 300);
    }
}
