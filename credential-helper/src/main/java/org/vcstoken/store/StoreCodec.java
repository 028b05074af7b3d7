package org.vcstoken.store;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vcstoken.request.HostPort;
import org.vcstoken.token.Origin;
import org.vcstoken.token.Role;
import org.vcstoken.token.ScopePolicy;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;
import org.vcstoken.token.TokenOrigin;

/**
 * Reads the store's JSON with {@link JsonReader} and writes it with Jackson's streaming generator:
 * no reflection, and nothing of Jackson is loaded by a credential lookup, which only reads.
 *
 * <p>Schema version 1:
 * <pre>{"version":1,"servers":[{"url","kind","user","scope","lifetime","renew_before","allow_http",
 *  "ignores_username" (only when true)}],
 *  "tokens":[{"id","server","user","role","scope","expires","description","created","origin",
 *  "confirmed","rejected","secret" | "secret_backend"}]}</pre>
 * A token whose secret lives in a keyring or pass (issue 10) has {@code "secret_backend"} instead of
 * {@code "secret"}; its secret is read only when it is used.
 * Unknown fields are skipped so that an older vcstoken can read a store a newer one added fields
 * to; a higher version number is refused.
 */
final class StoreCodec {
    static final int VERSION = 1;

    /** Only writers set up Jackson; a lookup never touches this class. */
    private static final class Generators {
        static final JsonFactory FACTORY = JsonFactory.builder()
                // The caller forces the file to disk after writing, so the generator must not close it.
                .disable(com.fasterxml.jackson.core.StreamWriteFeature.AUTO_CLOSE_TARGET)
                .build();
    }

    private StoreCodec() {
    }

    /**
     * Reads the store from the file's bytes, keeping only the servers and tokens on {@code origin}
     * (all when {@code null}). The others are still checked for well-formed JSON but not decoded.
     * {@code secrets} makes the deferred secrets of back-end tokens.
     */
    static StoreData read(byte[] file, Origin origin, ExternalSecrets secrets) throws StoreFormatException {
        String wanted = origin == null ? null : origin.url();
        JsonReader p = new JsonReader(file);
        try {
            if (p.next() != JsonReader.START_OBJECT) {
                throw new StoreFormatException("expected a JSON object", p.line());
            }
            int version = -1;
            List<ServerProfile> servers = new ArrayList<>();
            List<Token> tokens = new ArrayList<>();
            while (p.next() == JsonReader.FIELD_NAME) {
                String name = p.text();
                p.next();
                if (name.equals("version")) {
                    version = p.intValue();
                } else if (name.equals("servers")) {
                    expect(p, JsonReader.START_ARRAY, "an array of servers");
                    while (p.next() != JsonReader.END_ARRAY) {
                        expect(p, JsonReader.START_OBJECT, "a server object");
                        ServerProfile server = readServer(p);
                        if (wanted == null || onOrigin(server.baseUrl(), wanted)) {
                            servers.add(server);
                        }
                    }
                } else if (name.equals("tokens")) {
                    expect(p, JsonReader.START_ARRAY, "an array of tokens");
                    while (p.next() != JsonReader.END_ARRAY) {
                        expect(p, JsonReader.START_OBJECT, "a token object");
                        Token t = readToken(p, wanted, secrets);
                        if (t != null) {
                            tokens.add(t);
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
            p.next(); // refuses anything after the top-level object
            if (version < 1) {
                throw new StoreFormatException("no schema version", 1);
            }
            if (version > VERSION) {
                throw new StoreFormatException("schema version " + version
                        + " was written by a newer vcstoken; this one reads up to " + VERSION, 1);
            }
            return new StoreData(servers, tokens);
        } catch (JsonReader.JsonException e) {
            throw new StoreFormatException("not valid JSON: " + e.getMessage() + " (column " + e.column() + ")", e.line());
        }
    }

    private static void expect(JsonReader p, int token, String what) throws StoreFormatException {
        if (p.current() != token) {
            throw new StoreFormatException("expected " + what, p.line());
        }
    }

    private static ServerProfile readServer(JsonReader p) throws JsonReader.JsonException, StoreFormatException {
        int line = p.line();
        String url = null;
        String kind = null;
        String user = null;
        String scope = null;
        String lifetime = null;
        String renewBefore = null;
        boolean allowHttp = false;
        boolean ignoresUsername = false;
        while (p.next() == JsonReader.FIELD_NAME) {
            String name = p.text();
            int v = p.next();
            switch (name) {
                case "url" -> url = text(p, v);
                case "kind" -> kind = text(p, v);
                case "user" -> user = text(p, v);
                case "scope" -> scope = text(p, v);
                case "lifetime" -> lifetime = text(p, v);
                case "renew_before" -> renewBefore = text(p, v);
                case "allow_http" -> allowHttp = v == JsonReader.TRUE;
                case "ignores_username" -> ignoresUsername = v == JsonReader.TRUE;
                default -> p.skipChildren();
            }
        }
        try {
            if (url == null) {
                throw new IllegalArgumentException("server without url");
            }
            ServerUrlParts parts = serverUrl(url);
            return new ServerProfile(parts.origin(), parts.prefix(), kind, user,
                    scope == null ? null : scopePolicy(scope),
                    duration("lifetime", lifetime),
                    duration("renew_before", renewBefore),
                    allowHttp, ignoresUsername);
        } catch (RuntimeException e) {
            throw new StoreFormatException("bad server entry: " + e.getMessage(), line);
        }
    }

    /** @return the token, or {@code null} when it belongs to a server not on {@code wantedOrigin} */
    private static Token readToken(JsonReader p, String wantedOrigin, ExternalSecrets secrets)
            throws JsonReader.JsonException, StoreFormatException {
        int line = p.line();
        String id = null;
        String server = null;
        String user = null;
        String role = null;
        String scope = null;
        String expires = null;
        String description = null;
        String created = null;
        String origin = null;
        String confirmed = null;
        String rejected = null;
        String secret = null;
        String serverId = null;
        String secretBackend = null;
        while (p.next() == JsonReader.FIELD_NAME) {
            String name = p.text();
            int v = p.next();
            switch (name) {
                case "id" -> id = text(p, v);
                case "server" -> {
                    server = text(p, v);
                    if (wantedOrigin != null && server != null && !onOrigin(server, wantedOrigin)) {
                        while (p.next() == JsonReader.FIELD_NAME) {
                            p.next();
                            p.skipChildren();
                        }
                        return null;
                    }
                }
                case "user" -> user = text(p, v);
                case "role" -> role = text(p, v);
                case "scope" -> scope = text(p, v);
                case "expires" -> expires = text(p, v);
                case "description" -> description = text(p, v);
                case "created" -> created = text(p, v);
                case "origin" -> origin = text(p, v);
                case "confirmed" -> confirmed = text(p, v);
                case "rejected" -> rejected = text(p, v);
                case "secret" -> secret = text(p, v);
                case "server_id" -> serverId = text(p, v);
                case "secret_backend" -> secretBackend = text(p, v);
                default -> p.skipChildren();
            }
        }
        try {
            // Issue 10: a secret in a back end is loaded when it is used, not here.
            boolean external = secretBackend != null && !secretBackend.equals("file");
            if (secret == null && !external) {
                throw new IllegalArgumentException("token " + id + " has no secret");
            }
            if (external && (id == null || server == null || user == null)) {
                throw new IllegalArgumentException("token " + id + " lacks the id, server or user naming its secret");
            }
            Secret s = external ? secrets.deferred(secretBackend, server, user, id) : Secret.of(secret);
            return new Token(id, server, user, role == null ? Role.VCS : role(role), scope,
                    instant("expires", expires), description, instant("created", created),
                    origin == null ? TokenOrigin.MANUAL : tokenOrigin(origin),
                    instant("confirmed", confirmed), instant("rejected", rejected), s, serverId);
        } catch (RuntimeException e) {
            // The message of a failed Secret.of never contains the value; others carry field names only.
            throw new StoreFormatException("bad token entry " + (id == null ? "" : id + " ") + ": " + e.getMessage(), line);
        }
    }

    private static boolean onOrigin(String server, String origin) {
        return server.startsWith(origin) && (server.length() == origin.length() || server.charAt(origin.length()) == '/');
    }

    private static String text(JsonReader p, int v) throws JsonReader.JsonException {
        if (v == JsonReader.START_OBJECT || v == JsonReader.START_ARRAY) {
            p.skipChildren();
            return null;
        }
        return p.text();
    }

    // The parsers below name the field, never its value: a hand-edit or a corruption (an escaped
    // quote, say) can move a secret into any field, and the JDK's messages quote the text they reject.

    private static Instant instant(String name, String s) {
        try {
            return IsoTime.instant(s);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + name + "' is not a UTC time such as 2026-01-31T12:00:00Z");
        }
    }

    private static Duration duration(String name, String s) {
        try {
            return IsoTime.duration(s);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + name + "' is not an ISO-8601 duration such as PT720H");
        }
    }

    private static Role role(String s) {
        try {
            return Role.parse(s);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'role' is not one of vcs, all, api, http or feed");
        }
    }

    private static TokenOrigin tokenOrigin(String s) {
        try {
            return TokenOrigin.parse(s);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'origin' is not one of manual, created, captured or environment");
        }
    }

    private static ScopePolicy scopePolicy(String s) {
        try {
            return ScopePolicy.parse(s);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'scope' is not repo or host");
        }
    }

    private static ServerUrlParts serverUrl(String s) {
        try {
            return ServerUrlParts.parse(s);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'url' is not a server URL such as https://host[:port][/prefix]");
        }
    }

    /**
     * Writes the store with one server or token per line, grouped by origin, and a last line that
     * indexes where each origin's lines are:
     * <pre>
     * {"version":1,
     * "servers":[
     * {"url":…},
     * ],
     * "tokens":[
     * {"id":…,"server":…,…}
     * ],
     * "index":{"origins":{"https://host":[serversFrom,serversLength,tokensFrom,tokensLength]},"at":OFFSET}}
     * </pre>
     * It is plain JSON for every reader; {@link StoreLines} uses the index so that a credential
     * lookup reads one host's lines instead of parsing every token.
     */
    static void write(StoreData data, OutputStream out) throws IOException {
        Map<String, List<ServerProfile>> servers = new LinkedHashMap<>();
        for (ServerProfile s : data.servers()) {
            servers.computeIfAbsent(s.origin().url(), k -> new ArrayList<>()).add(s);
        }
        Map<String, List<Token>> tokens = new LinkedHashMap<>();
        for (Token t : data.tokens()) {
            tokens.computeIfAbsent(originOf(t.server()), k -> new ArrayList<>()).add(t);
        }
        Map<String, long[]> index = new LinkedHashMap<>();
        ByteArrayOutputStream buf = new ByteArrayOutputStream(256 + 300 * data.tokens().size());
        ascii(buf, "{\"version\":" + VERSION + ",\n\"servers\":[");
        boolean first = true;
        for (Map.Entry<String, List<ServerProfile>> e : servers.entrySet()) {
            long[] range = index.computeIfAbsent(e.getKey(), k -> new long[4]);
            for (int i = 0; i < e.getValue().size(); i++) {
                ascii(buf, first ? "\n" : ",\n");
                first = false;
                if (i == 0) {
                    range[0] = buf.size();
                }
                writeServer(e.getValue().get(i), buf);
            }
            range[1] = buf.size() - range[0];
        }
        ascii(buf, first ? "],\n\"tokens\":[" : "\n],\n\"tokens\":[");
        first = true;
        for (Map.Entry<String, List<Token>> e : tokens.entrySet()) {
            long[] range = index.computeIfAbsent(e.getKey(), k -> new long[4]);
            for (int i = 0; i < e.getValue().size(); i++) {
                ascii(buf, first ? "\n" : ",\n");
                first = false;
                if (i == 0) {
                    range[2] = buf.size();
                }
                writeToken(e.getValue().get(i), buf);
            }
            range[3] = buf.size() - range[2];
        }
        ascii(buf, first ? "],\n" : "\n],\n");
        // Sorted by their bytes, for StoreLines' binary search; the line ends with its own offset.
        long at = buf.size();
        List<String> origins = new ArrayList<>(index.keySet());
        origins.sort(StoreCodec::compareUtf8);
        StringBuilder line = new StringBuilder("\"index\":{\"origins\":{");
        boolean firstOrigin = true;
        for (String origin : origins) {
            long[] r = index.get(origin);
            line.append(firstOrigin ? "" : ",").append('"').append(origin).append("\":[")
                    .append(r[0]).append(',').append(r[1]).append(',').append(r[2]).append(',').append(r[3]).append(']');
            firstOrigin = false;
        }
        line.append("},\"at\":").append(at).append("}}\n");
        buf.write(line.toString().getBytes(StandardCharsets.UTF_8));
        buf.writeTo(out);
    }

    private static int compareUtf8(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** scheme://host[:port] of a server base URL. */
    static String originOf(String serverUrl) {
        int sep = serverUrl.indexOf("://");
        int slash = sep < 0 ? -1 : serverUrl.indexOf('/', sep + 3);
        return slash < 0 ? serverUrl : serverUrl.substring(0, slash);
    }

    private static void ascii(ByteArrayOutputStream buf, String s) {
        buf.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeServer(ServerProfile s, OutputStream out) throws IOException {
        try (JsonGenerator g = Generators.FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("url", s.baseUrl());
            g.writeStringField("kind", s.kind());
            field(g, "user", s.username());
            g.writeStringField("scope", s.scope().id());
            g.writeStringField("lifetime", s.lifetime().toString());
            field(g, "renew_before", s.renewBefore() == null ? null : s.renewBefore().toString());
            g.writeBooleanField("allow_http", s.allowHttp());
            if (s.ignoresUsername()) {
                // Only where it is true: the profiles of every other family stay as they were.
                g.writeBooleanField("ignores_username", true);
            }
            g.writeEndObject();
        }
    }

    private static void writeToken(Token t, OutputStream out) throws IOException {
        try (JsonGenerator g = Generators.FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("id", t.id());
            g.writeStringField("server", t.server());
            g.writeStringField("user", t.username());
            g.writeStringField("role", t.role().id());
            field(g, "scope", t.scope());
            field(g, "expires", t.expires());
            g.writeStringField("description", t.description());
            field(g, "created", t.created());
            g.writeStringField("origin", t.origin().id());
            field(g, "confirmed", t.confirmed());
            field(g, "rejected", t.rejected());
            if (t.secret().backend() != null) {
                // Issue 10: only where the secret lives; the value stays in the back end.
                g.writeStringField("secret_backend", t.secret().backend());
            } else {
                g.writeStringField("secret", t.secret().reveal());
            }
            if (t.serverId() != null) {
                g.writeStringField("server_id", t.serverId());
            }
            g.writeEndObject();
        }
    }

    private static void field(JsonGenerator g, String name, Object value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, value.toString());
        }
    }

    /** A store server URL: origin plus mount prefix, already normalised when it was written. */
    record ServerUrlParts(Origin origin, String prefix) {
        static ServerUrlParts parse(String url) {
            int sep = url.indexOf("://");
            if (sep < 0) {
                throw new IllegalArgumentException("bad url '" + url + "'");
            }
            String rest = url.substring(sep + 3);
            int slash = rest.indexOf('/');
            String authority = slash < 0 ? rest : rest.substring(0, slash);
            String prefix = slash < 0 ? "" : rest.substring(slash + 1);
            HostPort hp = HostPort.parse(authority);
            return new ServerUrlParts(Origin.of(url.substring(0, sep), hp.host(), hp.port()), prefix);
        }
    }
}
