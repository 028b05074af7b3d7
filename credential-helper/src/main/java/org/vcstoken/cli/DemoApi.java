package org.vcstoken.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vcstoken.messages.DemoMessages;
import org.vcstoken.server.Json;

/**
 * The sandbox's JSON-RPC API ({@code POST /_admin/api}, see sandbox/README.md) as the demo uses it:
 * seeding users, repositories and tokens, and moving the server's clock. Speaks plain HTTP so that
 * this module never depends on the sandbox's code.
 */
final class DemoApi {
    private final URI endpoint;
    private final String adminToken;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private int nextId = 1;

    DemoApi(String url, String adminToken) {
        this.endpoint = URI.create(url + "/_admin/api");
        this.adminToken = adminToken;
    }

    /** Reads {@code DIR/sandbox.json}, which the sandbox writes once it serves. */
    static Map<String, Object> readSandboxJson(Path file) throws IOException {
        Object parsed = Json.parse(Files.readAllBytes(file));
        if (!(parsed instanceof Map<?, ?> m)) {
            throw new IOException(DemoMessages.notAnObject(file));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) m;
        return map;
    }

    /** Calls a method; returns its {@code result} object, or fails with the server's {@code error}. */
    Map<String, Object> call(String method, Map<String, Object> args) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", nextId++);
        body.put("auth_token", adminToken);
        body.put("method", method);
        body.put("args", args);
        HttpResponse<byte[]> resp;
        try {
            resp = http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(body))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(DemoMessages.callInterrupted(method), e);
        }
        Object reply = Json.parse(resp.body());
        if (resp.statusCode() != 200 || !(reply instanceof Map<?, ?> map)) {
            throw new IOException(DemoMessages.callStatus(method, resp.statusCode(), ""));
        }
        if (map.get("error") != null) {
            Object error = map.get("error");
            throw new IOException(DemoMessages.callRefused(method, String.valueOf(error)));
        }
        Object result = map.get("result");
        Map<String, Object> out = new LinkedHashMap<>();
        if (result instanceof Map<?, ?> r) {
            r.forEach((k, v) -> out.put(String.valueOf(k), v));
        }
        return out;
    }
}
