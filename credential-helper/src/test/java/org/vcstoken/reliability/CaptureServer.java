package org.vcstoken.reliability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A tiny HTTP(S) server on a loopback address that records every request it gets (line, headers,
 * body, and the decoded Basic credentials) and answers as the test says. Handlers that hang wait
 * for {@link #close()}, so no test sleeps.
 */
final class CaptureServer implements AutoCloseable {
    /** What the server answers; may call {@link CaptureServer#hang()}. */
    interface Handler {
        void handle(HttpExchange exchange, byte[] body) throws IOException;
    }

    private final List<String> seen = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpServer server;
    private final String scheme;
    private volatile Handler handler = (ex, body) -> respond(ex, 404, "text/plain", "nothing here");

    private CaptureServer(HttpServer server, String scheme) {
        this.server = server;
        this.scheme = scheme;
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = readBody(exchange.getRequestBody());
                StringBuilder b = new StringBuilder(exchange.getRequestMethod()).append(' ')
                        .append(exchange.getRequestURI()).append('\n');
                exchange.getRequestHeaders().forEach((k, vs) -> vs.forEach(v -> b.append(k).append(": ").append(v)
                        .append('\n')));
                String auth = exchange.getRequestHeaders().getFirst("Authorization");
                if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
                    try {
                        b.append("decoded-basic: ").append(new String(Base64.getDecoder().decode(auth.substring(6).trim()),
                                StandardCharsets.UTF_8)).append('\n');
                    } catch (IllegalArgumentException e) {
                        b.append("undecodable-basic\n");
                    }
                }
                b.append('\n').append(new String(body, StandardCharsets.UTF_8));
                seen.add(b.toString());
                handler.handle(exchange, body);
            }
        });
        server.start();
    }

    static CaptureServer http(String address) throws IOException {
        return new CaptureServer(HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 0), "http");
    }

    static CaptureServer http() throws IOException {
        return http("127.0.0.1");
    }

    /** HTTPS with a self-signed certificate made by {@link #selfSignedKeyStore}. */
    static CaptureServer https(Path keyStore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        s.setHttpsConfigurator(new HttpsConfigurator(ssl));
        return new CaptureServer(s, "https");
    }

    /** A self-signed certificate for 127.0.0.1, made with the JDK's keytool, and its PEM form. */
    static Path selfSignedKeyStore(Path dir) throws IOException, InterruptedException {
        Path ks = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(List.of(keytool, "-genkeypair", "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass",
                "changeit", "-keypass", "changeit", "-alias", "server", "-keyalg", "EC", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2"));
        run(List.of(keytool, "-exportcert", "-rfc", "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass",
                "changeit", "-alias", "server", "-file", dir.resolve("server.pem").toString()));
        return ks;
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(cmd.get(1) + " failed: " + out);
        }
    }

    CaptureServer answer(Handler h) {
        this.handler = h;
        return this;
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url() {
        return scheme + "://" + server.getAddress().getAddress().getHostAddress() + ":" + port();
    }

    /** Every request so far, as text: request line, headers, decoded Basic credentials, body. */
    List<String> requests() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    /** Blocks the calling handler until the server is closed. */
    void hang() {
        try {
            if (!release.await(Duration.ofMinutes(2).toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("capture server handler was never released");
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

    static void redirect(HttpExchange ex, int status, String location) throws IOException {
        ex.getResponseHeaders().set("Location", location);
        ex.sendResponseHeaders(status, -1);
    }

    private static byte[] readBody(InputStream in) throws IOException {
        return in.readNBytes(1 << 20);
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
