package org.vcstoken.cli;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.vcstoken.messages.DemoMessages;
import org.vcstoken.server.Json;

/**
 * A forge's own REST API as the demo's administrator uses it, with the admin token from
 * sandbox.json: GitLab's {@code /api/v4} ({@code PRIVATE-TOKEN}), Forgejo's {@code /api/v1}
 * ({@code Authorization: token}), and each sandbox's {@code /_sandbox/time}. Plain HTTP, so that
 * this module never depends on the sandbox's code; the admin token goes in a header only, never in
 * a message.
 */
final class DemoRest {
    private static final Pattern TOKEN_SHAPED = Pattern.compile("glpat-[A-Za-z0-9_-]{20}|\\b[0-9a-f]{40}\\b");

    private final String baseUrl;
    private final String header;
    private final String value;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();

    /**
     * @param baseUrl the sandbox's URL
     * @param header  the header the forge reads the admin token from
     * @param value   that header's value (the token, with the scheme the forge wants)
     */
    DemoRest(String baseUrl, String header, String value) {
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.header = Objects.requireNonNull(header, "header");
        this.value = Objects.requireNonNull(value, "value");
    }

    /** GitLab: the admin token in {@code PRIVATE-TOKEN}. */
    static DemoRest gitLab(String baseUrl, String adminToken) {
        return new DemoRest(baseUrl, "PRIVATE-TOKEN", adminToken);
    }

    /** Forgejo and Gitea: the admin token as {@code Authorization: token …}. */
    static DemoRest forgejo(String baseUrl, String adminToken) {
        return new DemoRest(baseUrl, "Authorization", "token " + adminToken);
    }

    /** {@code GET path}, which must answer 200 with a JSON object. */
    Map<String, Object> object(String path) throws IOException {
        return asObject("GET", path, call("GET", path, null, 200));
    }

    /** {@code GET path}, which must answer 200 with a JSON list of objects. */
    List<Map<String, Object>> list(String path) throws IOException {
        Object reply = call("GET", path, null, 200);
        if (!(reply instanceof List<?> l)) {
            throw new IOException(DemoMessages.noJsonList(path));
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : l) {
            out.add(asObject("GET", path, o));
        }
        return out;
    }

    /** {@code POST path} with a JSON body, which must answer {@code status} with a JSON object. */
    Map<String, Object> post(String path, Map<String, Object> body, int status) throws IOException {
        return asObject("POST", path, call("POST", path, body, status));
    }

    /** {@code DELETE path}, which must answer 204. */
    void delete(String path) throws IOException {
        call("DELETE", path, null, 204);
    }

    /**
     * Sends one request and insists on {@code status}: any other answer fails with the method,
     * the path and what the forge said, so the step that made the call says what went wrong.
     *
     * @return the parsed JSON body, or null for an empty one
     */
    Object call(String method, String path, Map<String, Object> body, int status) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header(header, value).header("Accept", "application/json");
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(
                    Json.write(body)));
        }
        HttpResponse<byte[]> resp;
        try {
            resp = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(DemoMessages.callInterrupted(method + " " + path), e);
        }
        if (resp.statusCode() != status) {
            String said = masked(new String(resp.body(), StandardCharsets.UTF_8).strip());
            throw new IOException(DemoMessages.callStatus(method + " " + path, resp.statusCode(),
                    said.length() > 300 ? said.substring(0, 300) + "…" : said));
        }
        return resp.body().length == 0 ? null : Json.parse(resp.body());
    }

    /**
     * What the forge said, fit for an error message: the admin token (Forgejo echoes a refused
     * token) and anything shaped like a GitLab or Forgejo token (a reply that carried a new one)
     * masked.
     */
    private String masked(String said) {
        String adminToken = value.substring(value.indexOf(' ') + 1);
        return TOKEN_SHAPED.matcher(said.replace(adminToken, "****")).replaceAll("****");
    }

    /** A JSON body: {@code body("name", "app", "private", true)}. */
    static Map<String, Object> body(Object... namesAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return m;
    }

    /** A number in a forge's JSON (an id, a time), whole seconds or units. */
    static long number(Object value) throws DemoStep.Failed {
        DemoStep.expect(value instanceof Number || value instanceof String s && s.matches("-?\\d+(\\.\\d+)?"),
                "expected a number from the server, got " + value);
        return value instanceof Number n ? n.longValue() : new BigDecimal((String) value).longValue();
    }

    private static Map<String, Object> asObject(String method, String path, Object reply) throws IOException {
        if (!(reply instanceof Map<?, ?> m)) {
            throw new IOException(DemoMessages.noJsonObject(method + " " + path));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }
}
