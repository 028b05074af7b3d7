package org.vcstoken.server.rhodecode;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.vcstoken.token.Origin;
import org.vcstoken.token.ServerProfile;

/**
 * A misbehaving server on 127.0.0.1: each path answers the way a test sets up. Handlers that
 * hang wait on {@link #release}, which {@link #close()} opens, so no test ever sleeps.
 */
final class FakeServer implements AutoCloseable {
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger requests = new AtomicInteger();
    private final Map<String, HttpHandler> handlers = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpServer server;

    FakeServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            try (exchange) {
                HttpHandler h = handlers.get(exchange.getRequestURI().getPath());
                if (h == null) {
                    respond(exchange, 404, "text/plain", "no handler");
                } else {
                    h.handle(exchange);
                }
            }
        });
        server.start();
    }

    FakeServer on(String path, HttpHandler handler) {
        handlers.put(path, handler);
        return this;
    }

    int port() {
        return server.getAddress().getPort();
    }

    ServerProfile profile(String username) {
        return ServerProfile.withDefaults(Origin.of("http", "127.0.0.1", port()), "", username);
    }

    /** Blocks the handler until the test ends. */
    void hang() {
        try {
            if (!release.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("fake server handler was never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void respond(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
