package org.vcstoken.hg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code hg serve} for several repositories with Basic auth from a token file
 * ({@code authserver.py}), for tests that need no sandbox. Answers 401 with
 * {@code WWW-Authenticate: Basic realm="RhodeCode"} like RhodeCode.
 */
final class HgServer implements AutoCloseable {

    private final Path dir;
    private final Path tokens;
    private final Path requests;
    private final Process process;
    private final int port;

    private HgServer(Path dir, Path tokens, Path requests, Process process, int port) {
        this.dir = dir;
        this.tokens = tokens;
        this.requests = requests;
        this.process = process;
        this.port = port;
    }

    /** Starts a server for {@code repos}, each initialised with one commit. */
    static HgServer start(Path dir, String... repos) throws IOException {
        Path hg = Tools.require("hg");
        Files.createDirectories(dir);
        Path home = Files.createDirectories(dir.resolve("home"));
        Path hgrc = dir.resolve("hgrc");
        Files.writeString(hgrc, "[ui]\nusername = Server <server@example.com>\n");
        Map<String, String> env = baseEnv(home, hgrc);
        StringBuilder conf = new StringBuilder("[paths]\n");
        for (String repo : repos) {
            Path repoDir = dir.resolve("repos").resolve(repo);
            Files.createDirectories(repoDir);
            run(env, repoDir, hg.toString(), "init");
            Files.writeString(repoDir.resolve("README"), "repository " + repo + "\n");
            run(env, repoDir, hg.toString(), "commit", "-A", "-m", "initial");
            conf.append(repo).append(" = ").append(repoDir).append('\n');
        }
        Path webConf = dir.resolve("web.conf");
        Files.writeString(webConf, conf);
        Path tokens = dir.resolve("tokens");
        Files.writeString(tokens, "");
        Path requests = dir.resolve("requests.log");
        Files.writeString(requests, "");
        env.put("HGTEST_TOKENS", tokens.toString());
        env.put("HGTEST_REQUESTS", requests.toString());

        int port = freePort();
        List<String> command = new ArrayList<>(List.of(hg.toString(), "serve",
                "--web-conf", webConf.toString(), "-a", "127.0.0.1", "-p", Integer.toString(port),
                "--config", "extensions.authserver=" + resource("authserver.py"),
                "--config", "web.push_ssl=false", "--config", "web.allow-push=*",
                "--accesslog", dir.resolve("access.log").toString(),
                "--errorlog", dir.resolve("error.log").toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("serve.out").toFile())
                .redirectError(dir.resolve("serve.err").toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        HgServer server = new HgServer(dir, tokens, requests, process, port);
        server.awaitListening();
        return server;
    }

    String url(String repo) {
        return "http://127.0.0.1:" + port + "/" + repo;
    }

    String hostPort() {
        return "127.0.0.1:" + port;
    }

    /** Replaces the accepted tokens: lines of {@code USER SECRET SCOPE}. */
    void acceptOnly(String... lines) throws IOException {
        Files.writeString(tokens, lines.length == 0 ? "" : String.join("\n", lines) + "\n");
    }

    /** One line per HTTP request: {@code REPO CMD ok|rejected|anonymous SECRET}. */
    List<String> requests() throws IOException {
        return Files.readAllLines(requests);
    }

    /** How many requests carried {@code secret}. */
    long requestsWith(String secret) throws IOException {
        return requests().stream().filter(l -> l.endsWith(" " + secret)).count();
    }

    void clearRequests() throws IOException {
        Files.writeString(requests, "");
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(java.time.Duration.ofSeconds(10).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Map<String, String> baseEnv(Path home, Path hgrc) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", home.toString());
        env.put("HGRCPATH", hgrc.toString());
        env.put("LANG", "C.UTF-8");
        env.put("HGENCODING", "utf-8");
        // Loading the extension from the source tree must not leave __pycache__ in it.
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        return env;
    }

    static Path resource(String name) {
        try {
            return Path.of(HgServer.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static void run(Map<String, String> env, Path cwd, String... command) {
        ProcessResult result = Processes.run(List.of(command), cwd, env, Duration.ofSeconds(60));
        if (result.exitCode() != 0) {
            throw new AssertionError("setup command failed: " + List.of(command) + "\n" + result);
        }
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("hg serve exited: " + Files.readString(dir.resolve("serve.err")));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                awaitChange();
            }
        }
        close();
        throw new IOException("hg serve did not listen on " + port + " within 20 s");
    }

    /** Waits on the child between checks: returns at once if it exits, so the loop reports why. */
    private void awaitChange() {
        try {
            process.waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
