package org.vcstoken.server.rhodecode;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.vcstoken.server.HttpTransport;
import org.vcstoken.server.Json;
import org.vcstoken.server.ServerException;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;

/**
 * RhodeCode's JSON-RPC API: {@code POST <base>/_admin/api} with
 * {@code {"id", "auth_token", "method", "args"}}; the reply is always HTTP 200 with
 * {@code {"id", "result", "error"}}.
 */
final class JsonRpc {
    static final String PATH = "_admin/api";
    static final String INVALID_KEY = "Invalid API KEY";
    static final String BAD_ROLE = "API KEY invalid or, has bad role for an API call";
    static final String USER_NOT_ALLOWED = "Request from this user not allowed";

    /** What the server answered: exactly one of them is meaningful. */
    record Envelope(Object result, String error) {
    }

    private final HttpTransport http;

    JsonRpc(HttpTransport http) {
        this.http = Objects.requireNonNull(http, "http");
    }

    /** Calls a method; an error in the envelope is returned, not thrown, for callers that branch on it. */
    Envelope call(ServerProfile profile, Secret apiToken, String method, Map<String, Object> args, String what)
            throws ServerException {
        HttpTransport.requireSafeTransport(profile);
        http.trace().mask(apiToken.reveal());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", 1);
        body.put("auth_token", apiToken.reveal());
        body.put("method", method);
        body.put("args", args);
        HttpRequest.Builder req = HttpRequest.newBuilder(HttpTransport.resolve(profile, PATH))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(body)));
        HttpTransport.Reply reply = http.send(req, what, HttpTransport.MAX_BODY);
        if (reply.status() == 404) {
            throw new ServerException(RhodeCodeMessages.noApi(what, profile.baseUrl(), PATH));
        }
        if (reply.status() != 200) {
            throw http.unexpected(what, reply);
        }
        if (reply.isHtml()) {
            throw new ServerException(RhodeCodeMessages.apiHtml(what, profile.baseUrl()));
        }
        Object parsed;
        try {
            parsed = Json.parse(reply.body());
        } catch (IOException e) {
            throw new ServerException(RhodeCodeMessages.apiInvalidJson(what, profile.baseUrl(),
                    HttpTransport.printable(HttpTransport.redact(e.getMessage(), apiToken), 120)), e);
        }
        if (!(parsed instanceof Map<?, ?> envelope) || !envelope.containsKey("result") && !envelope.containsKey("error")) {
            throw new ServerException(RhodeCodeMessages.notAnApiReply(what, profile.baseUrl()));
        }
        Object error = envelope.get("error");
        String errorText = error == null ? null
                : HttpTransport.printable(HttpTransport.redact(String.valueOf(error), apiToken), 300);
        return new Envelope(envelope.get("result"), errorText);
    }

    /** Calls a method and returns its result; an error reply becomes a {@link ServerException}. */
    Object result(ServerProfile profile, Secret apiToken, String method, Map<String, Object> args, String what)
            throws ServerException {
        Envelope e = call(profile, apiToken, method, args, what);
        if (e.error() != null) {
            throw new ServerException(RhodeCodeMessages.apiRefused(what, e.error()) + hint(e.error(), profile));
        }
        return e.result();
    }

    private static String hint(String error, ServerProfile profile) {
        String page = profile.baseUrl() + "/_admin/my_account/auth_tokens?token_role=token_role_api";
        if (error.startsWith(INVALID_KEY)) {
            return RhodeCodeMessages.hintInvalidKey(page);
        }
        if (error.startsWith(BAD_ROLE)) {
            return RhodeCodeMessages.hintBadRole(page);
        }
        if (error.startsWith(USER_NOT_ALLOWED)) {
            return RhodeCodeMessages.hintInactive();
        }
        return "";
    }
}
