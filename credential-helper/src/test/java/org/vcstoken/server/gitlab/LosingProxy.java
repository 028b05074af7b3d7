package org.vcstoken.server.gitlab;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A proxy on 127.0.0.1 in front of the GitLab sandbox that, once told to, loses the answers to
 * rotate requests: the request reaches GitLab (which rotates the token), then the connection is closed before a
 * byte of the answer is sent back, as when a network drops mid-request.
 */
final class LosingProxy implements AutoCloseable {
    private static final List<String> FORWARDED = List.of("PRIVATE-TOKEN", "Authorization", "Content-Type", "Accept");

    final AtomicInteger rotations = new AtomicInteger();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final HttpServer server;
    private volatile boolean losing;

    LosingProxy(URI target) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", exchange -> forward(exchange, target));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** From now on, the answers to rotate requests are lost. */
    void startLosing() {
        losing = true;
    }

    private void forward(HttpExchange exchange, URI target) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            HttpRequest.Builder req = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            for (String h : FORWARDED) {
                String v = exchange.getRequestHeaders().getFirst(h);
                if (v != null) {
                    req.header(h, v);
                }
            }
            HttpResponse<byte[]> resp;
            try {
                resp = client.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            boolean rotate = exchange.getRequestMethod().equals("POST") && exchange.getRequestURI().getPath()
                    .endsWith("/rotate");
            if (rotate) {
                rotations.incrementAndGet();
                if (losing) {
                    // Closing before the headers are sent drops the connection: the answer is lost.
                    return;
                }
            }
            resp.headers().firstValue("Content-Type").ifPresent(t -> exchange.getResponseHeaders().add("Content-Type", t));
            for (String h : List.of("X-Next-Page", "X-Total-Pages")) {
                resp.headers().firstValue(h).ifPresent(v -> exchange.getResponseHeaders().add(h, v));
            }
            exchange.sendResponseHeaders(resp.statusCode(), resp.body().length == 0 ? -1 : resp.body().length);
            exchange.getResponseBody().write(resp.body());
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
