package org.vcstoken.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reverse proxy on 127.0.0.1 in front of a forge that passes every request through except
 * token deletions ({@code DELETE /api/v1/users/{u}/tokens/{id}}), which it answers 502 as a
 * failing proxy would: the one fault tests cannot get from the forge itself.
 */
final class DeleteRefusingProxy implements AutoCloseable {
    /** Headers HttpClient sets itself, or that describe the hop rather than the message. */
    private static final Set<String> HOP = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding", "keep-alive");

    final AtomicInteger refused = new AtomicInteger();
    private final URI target;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1).build();

    DeleteRefusingProxy(URI target) throws IOException {
        this.target = target;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            if (ex.getRequestMethod().equals("DELETE") && path.matches("/api/v1/users/[^/]+/tokens/[^/]+")) {
                refused.incrementAndGet();
                byte[] body = "{\"message\":\"bad gateway\"}".getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(502, body.length);
                ex.getResponseBody().write(body);
                return;
            }
            byte[] in = ex.getRequestBody().readAllBytes();
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(target + ex.getRequestURI().toString()))
                    .method(ex.getRequestMethod(), in.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(in));
            for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
                if (!HOP.contains(h.getKey().toLowerCase(java.util.Locale.ROOT))) {
                    h.getValue().forEach(v -> req.header(h.getKey(), v));
                }
            }
            HttpResponse<byte[]> reply;
            try {
                reply = client.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            reply.headers().map().forEach((name, values) -> {
                if (!HOP.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.startsWith(":")) {
                    values.forEach(v -> ex.getResponseHeaders().add(name, v));
                }
            });
            byte[] out = reply.body();
            boolean empty = out.length == 0 || ex.getRequestMethod().equals("HEAD");
            ex.sendResponseHeaders(reply.statusCode(), empty ? -1 : out.length);
            if (!empty) {
                ex.getResponseBody().write(out);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
