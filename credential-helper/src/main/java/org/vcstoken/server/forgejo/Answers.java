package org.vcstoken.server.forgejo;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.vcstoken.server.HttpTransport;
import org.vcstoken.server.Json;

/** Reading the forge's API answers: JSON bodies and the {@code message} of its errors. */
final class Answers {
    /** Largest API answer read: a user, a token, a page of 50 tokens are a few kilobytes. */
    static final int MAX_BODY = 256 * 1024;

    private Answers() {
    }

    /** The body as JSON, or empty when it is not JSON (an HTML page, a proxy's text). */
    static Optional<Object> json(HttpTransport.Reply reply) {
        if (reply.body().length == 0 || reply.isHtml()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(Json.parse(reply.body()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The body as a JSON object, or empty. */
    @SuppressWarnings("unchecked")
    static Optional<Map<String, Object>> object(HttpTransport.Reply reply) {
        return json(reply).filter(Map.class::isInstance).map(m -> (Map<String, Object>) m);
    }

    /**
     * What the forge said: the API's {@code {"message": …}}, or a short plain-text body (git's
     * routes answer text), made safe to print; "" when neither.
     */
    static String message(HttpTransport.Reply reply) {
        Optional<Map<String, Object>> body = object(reply);
        if (body.isPresent()) {
            Object m = body.get().get("message");
            return m instanceof String s ? HttpTransport.printable(s, 300) : "";
        }
        if (reply.contentType().startsWith("text/plain")) {
            return HttpTransport.printable(reply.text(), 200);
        }
        return "";
    }

    /** A JSON string field, or null. */
    static String string(Map<String, Object> m, String field) {
        return m.get(field) instanceof String s ? s : null;
    }
}
