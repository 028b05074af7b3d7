package org.vcstoken.server;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.vcstoken.messages.Messages;
import org.vcstoken.messages.ServerMessages;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.trace.Trace;

/**
 * The HTTP plumbing every server kind shares: bounded time-outs, no redirects, bounded answers,
 * and failures turned into {@link ServerException}s that say what happened and what to do.
 *
 * <p>Public only because server kinds live in their own packages ({@code server.rhodecode}, later
 * {@code server.gitlab}); nothing outside {@code org.vcstoken.server} should need it. The
 * {@link HttpClient} is built on first use: the credential helper's {@code get} path never loads
 * this class, and the fallback path pays for the client only when it really talks to a server.
 */
public final class HttpTransport {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(20);
    /** Largest answer read into memory; token pages and API replies are a few kilobytes. */
    public static final int MAX_BODY = 4 << 20;

    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Trace trace;
    private HttpClient client;

    public HttpTransport(Duration connectTimeout, Duration requestTimeout, Trace trace) {
        this.connectTimeout = positive(connectTimeout, "connectTimeout");
        this.requestTimeout = positive(requestTimeout, "requestTimeout");
        this.trace = Objects.requireNonNull(trace, "trace");
    }

    /** Default time-outs (10 s to connect, 20 s per request), no trace. */
    public static HttpTransport defaults() {
        return new HttpTransport(DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, Trace.off());
    }

    private static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(ServerMessages.timeoutNotPositive(name, d));
        }
        return d;
    }

    public Trace trace() {
        return trace;
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder()
                    .connectTimeout(connectTimeout)
                    // A redirect on an authenticated request would resend the credentials to a
                    // place nobody chose; callers see every 3xx and decide.
                    .followRedirects(HttpClient.Redirect.NEVER)
                    // HTTP/1.1 only: the h2c upgrade the JDK tries on plain http confuses some
                    // servers and proxies, and nothing here gains from HTTP/2.
                    .version(HttpClient.Version.HTTP_1_1)
                    .build();
        }
        return client;
    }

    /** A server's answer: status, headers and up to the requested number of body bytes. */
    public record Reply(URI uri, int status, HttpHeaders headers, byte[] body) {
        public String contentType() {
            return headers.firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        }

        public boolean isRedirect() {
            return status >= 300 && status < 400;
        }

        /** Whether the answer is an HTML page (by content type, or by its first characters). */
        public boolean isHtml() {
            if (contentType().startsWith("text/html")) {
                return true;
            }
            String start = new String(body, 0, Math.min(body.length, 64), StandardCharsets.UTF_8).stripLeading()
                    .toLowerCase(Locale.ROOT);
            return start.startsWith("<!doctype html") || start.startsWith("<html");
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public List<String> setCookies() {
            return headers.allValues("Set-Cookie");
        }
    }

    /**
     * Sends a request and waits at most the request time-out for the whole answer.
     *
     * @param what    what the request is for, e.g. "checking the token for grp/app"; starts every message
     * @param maxBody how many body bytes to read; 0 reads the headers only (probes need no more)
     */
    public Reply send(HttpRequest.Builder request, String what, int maxBody) throws ServerException {
        HttpRequest req = request.timeout(requestTimeout).build();
        URI uri = req.uri();
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<byte[]>> future =
                client().sendAsync(req, info -> new LimitedBody(maxBody));
        try {
            // The request time-out of HttpClient ends when the headers arrive; this bound also
            // covers a body that trickles in or never ends.
            HttpResponse<byte[]> resp = future.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
            trace.line("http " + req.method() + " " + uri + " -> " + resp.statusCode() + " ("
                    + (System.nanoTime() - start) / 1_000_000 + " ms)");
            return new Reply(uri, resp.statusCode(), resp.headers(), resp.body() == null ? new byte[0] : resp.body());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw timedOut(what, uri, e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new ServerException(ServerMessages.interrupted(what, origin(uri)), e);
        } catch (CancellationException e) {
            throw new ServerException(ServerMessages.cancelled(what, origin(uri)), e);
        } catch (ExecutionException e) {
            trace.line("http " + req.method() + " " + uri + " failed: " + e.getCause());
            throw failed(what, uri, e.getCause());
        }
    }

    private ServerException timedOut(String what, URI uri, Throwable cause) {
        return new ServerException(ServerMessages.noAnswer(what, origin(uri), requestTimeout), cause);
    }

    private ServerException failed(String what, URI uri, Throwable cause) {
        String server = origin(uri);
        // The JDK wraps a failed name lookup in a ConnectException: look for it first, or an unknown
        // host would be reported as a refused connection.
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return new ServerException(ServerMessages.unresolvable(what, uri.getHost()), cause);
            }
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return new ServerException(ServerMessages.connectTimedOut(what, server, connectTimeout), cause);
            }
            if (t instanceof HttpTimeoutException) {
                return timedOut(what, uri, cause);
            }
            if (t instanceof ConnectException) {
                return new ServerException(ServerMessages.connectionRefused(what, server), cause);
            }
            if (t instanceof SSLException) {
                // The JDK nests exception class names into the text ("PKIX path building failed:
                // sun.security...SunCertPathBuilderException: unable to find ..."); people need only the words.
                String reason = t.getMessage() == null ? "" : t.getMessage().replaceAll("[\\w.$]+(Exception|Error): ", "");
                return new ServerException(ServerMessages.tlsFailed(what, server, printable(reason, 160)), cause);
            }
            if (t instanceof BodyTooLarge big) {
                return new ServerException(ServerMessages.answerTooLarge(what, server, big.max), cause);
            }
            if (t instanceof EOFException) {
                return new ServerException(ServerMessages.closedEarly(what, server), cause);
            }
        }
        String detail = cause == null ? null : cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + printable(cause.getMessage(), 160));
        return new ServerException(ServerMessages.cannotTalk(what, server, detail), cause);
    }

    /** The error for an answer the caller did not expect; names the status and what to do. */
    public ServerException unexpected(String what, Reply reply) {
        String server = origin(reply.uri());
        if (reply.isRedirect()) {
            String to = reply.headers().firstValue("Location").map(HttpTransport::withoutQuery).orElse(null);
            return new ServerException(ServerMessages.redirected(what, server, reply.status(), to));
        }
        if (reply.status() >= 500) {
            return new ServerException(ServerMessages.serverError(what, server, reply.status()));
        }
        if (reply.status() == 407) {
            return new ServerException(ServerMessages.proxyAuthentication(what));
        }
        return new ServerException(ServerMessages.unexpectedStatus(what, server, reply.status()));
    }

    /** Refuses to send a token over plain http to anything but loopback unless the profile allows it. */
    public static void requireSafeTransport(ServerProfile profile) throws ServerException {
        if (!profile.mayReceiveTokens()) {
            throw new ServerException(Messages.plainHttpRefused(profile.baseUrl()));
        }
    }

    /** The same rule for the account password, with a message that says it is the password. */
    public static void requireSafeTransportForPassword(ServerProfile profile) throws ServerException {
        if (!profile.mayReceiveTokens()) {
            throw new ServerException(ServerMessages.passwordOverPlainHttp(profile.baseUrl()));
        }
    }

    /** {@code Basic base64(user:token)}; the token is the password, as RhodeCode and git expect. */
    public static String basicAuth(String username, Secret token) {
        String pair = username + ":" + token.reveal();
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code base/path}, with each segment of the profile's prefix and of {@code path}
     * percent-encoded where needed (a prefix may hold any character a URL path can carry encoded).
     */
    public static URI resolve(ServerProfile profile, String path) {
        String prefix = profile.prefix();
        return URI.create(profile.origin().url() + (prefix.isEmpty() ? "" : "/" + encodePath(prefix)) + "/"
                + encodePath(path));
    }

    /** Percent-encodes everything but RFC 3986 path characters, keeping {@code /} as separator. */
    public static String encodePath(String path) {
        StringBuilder b = new StringBuilder(path.length() + 8);
        for (byte x : path.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~!$&'()*+,;=:@/".indexOf(c) >= 0;
            if (plain) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }

    /** scheme://host[:port] of a URI, for messages. */
    public static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    private static String withoutQuery(String location) {
        int cut = location.length();
        for (char c : new char[] {'?', '#'}) {
            int i = location.indexOf(c);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        String s = location.substring(0, cut);
        // Never repeat user:password@ from a Location header in a message.
        int scheme = s.indexOf("://");
        int at = s.indexOf('@');
        int slash = scheme < 0 ? -1 : s.indexOf('/', scheme + 3);
        if (scheme >= 0 && at > scheme && (slash < 0 || at < slash)) {
            s = s.substring(0, scheme + 3) + s.substring(at + 1);
        }
        return printable(s, 200);
    }

    /**
     * Server-supplied text made safe to show: control characters (terminal escapes) replaced,
     * length bounded.
     */
    public static String printable(String text, int max) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(text.length(), max + 3));
        for (int i = 0; i < text.length() && b.length() < max; i++) {
            char c = text.charAt(i);
            b.append(c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) ? ' ' : c);
        }
        if (text.length() > max) {
            b.append("...");
        }
        return b.toString().strip();
    }

    /** Replaces the secret wherever a server echoed it, as a second line of defence for messages. */
    public static String redact(String text, Secret secret) {
        if (text == null || secret == null) {
            return text;
        }
        return text.replace(secret.reveal(), "****");
    }

    /** Thrown into the response future when the body exceeds the limit. */
    static final class BodyTooLarge extends IOException {
        final int max;

        BodyTooLarge(int max) {
            super(ServerMessages.bodyTooLarge(max));
            this.max = max;
        }
    }

    /**
     * Collects at most {@code max} bytes; with 0 it cancels at once, which closes the connection
     * instead of downloading, say, every ref of a large git repository.
     */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int max;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        LimitedBody(int max) {
            this.max = max == 0 ? 0 : Math.min(Math.max(max, 1), MAX_BODY);
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (max == 0) {
                s.cancel();
                result.complete(new byte[0]);
            } else {
                s.request(1);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer buf : items) {
                int n = buf.remaining();
                if (out.size() + n > max) {
                    subscription.cancel();
                    result.completeExceptionally(new BodyTooLarge(max));
                    return;
                }
                byte[] chunk = new byte[n];
                buf.get(chunk);
                out.write(chunk, 0, n);
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }
}
