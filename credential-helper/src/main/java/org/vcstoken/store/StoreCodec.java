package org.vcstoken.store;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vcstoken.messages.StoreMessages;
import org.vcstoken.store.StoreSchema.Entry;
import org.vcstoken.store.StoreSchema.Field;
import org.vcstoken.token.Origin;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;
import org.vcstoken.token.TokenState;

/**
 * Reads the store's JSON with {@link JsonReader} and writes it with Jackson's streaming generator:
 * no reflection, and nothing of Jackson is loaded by a credential lookup, which only reads. What
 * each field may hold is {@link StoreSchema}'s business; this class walks the file, and checks what
 * spans entries: no server or token twice, and an index that matches the lines.
 *
 * <p>The file:
 * <pre>{"version":1|2,"servers":[{"url","kind","user","scope","lifetime","renew_before","allow_http",
 *  ["ignores_username"]}],
 *  "tokens":[{"id","server","user","role","scope","expires","description","created","origin",
 *  "confirmed","rejected","secret" | "secret_backend", ["server_id"], ["expiry_enforced"], ["unchecked"],
 *  ["retired"], ["rotation_started"]}],
 *  "index":{"origins":{ORIGIN:[serversFrom,serversLength,tokensFrom,tokensLength]},"crc":CRC32,"at":OFFSET}}</pre>
 * A token whose secret lives in a keyring or pass (issue 10) has {@code "secret_backend"} instead of
 * {@code "secret"}; its secret is read only when it is used. Version 2 is written only when a token
 * has a state (issue 16) or a profile ignores user names (issue 19), so a store without either
 * stays readable by the vcstokens before it.
 */
final class StoreCodec {

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
     * (all when {@code null}). Every entry is checked, kept or not. {@code secrets} makes the
     * deferred secrets of back-end tokens.
     */
    static StoreData read(byte[] file, Origin origin, ExternalSecrets secrets) throws StoreFormatException {
        return new Reading(file, origin, secrets, false).run();
    }

    /**
     * Reads the part of the store {@link StoreLines} selected for {@code origin}: every entry in it
     * must be on that origin, or the index that selected it does not match the lines.
     */
    static StoreData readSelected(byte[] part, Origin origin, ExternalSecrets secrets) throws StoreFormatException {
        return new Reading(part, origin, secrets, true).run();
    }

    /** Where one server or token entry is in the file, for checking the index. */
    private static final class Span {
        final String origin;
        final int start;
        final int end;

        Span(String origin, int start, int end) {
            this.origin = origin;
            this.start = start;
            this.end = end;
        }
    }

    /** One read of one file. */
    private static final class Reading {
        private final JsonReader p;
        private final String wanted;
        private final ExternalSecrets secrets;
        private final boolean selected;
        private int version = -1;
        /** The highest version a field seen needs, and where the first such field is. */
        private int needed = StoreSchema.FIRST_VERSION;
        private Field neededBy;
        private int neededLine;
        /** The field whose value is being read, and the one read last, for a message about malformed JSON. */
        private Field reading;
        private Field previous;
        private final List<ServerProfile> servers = new ArrayList<>();
        private final List<Token> tokens = new ArrayList<>();
        private final List<Span> serverSpans = new ArrayList<>();
        private final List<Span> tokenSpans = new ArrayList<>();
        private final Set<String> serverUrls = new HashSet<>();
        private final Set<String> tokenIds = new HashSet<>();
        /** The index as written, or null when there is none. */
        private Map<String, long[]> index;
        private long indexAt = -1;
        private long indexCrc = -1;
        private int originsEnd;
        private final byte[] file;
        private int indexStart;
        private int indexLine;
        private boolean indexSorted = true;

        Reading(byte[] file, Origin origin, ExternalSecrets secrets, boolean selected) {
            this.p = new JsonReader(file);
            this.file = file;
            this.wanted = origin == null ? null : origin.url();
            this.secrets = secrets;
            this.selected = selected;
        }

        StoreData run() throws StoreFormatException {
            try {
                if (p.next() != JsonReader.START_OBJECT) {
                    throw new StoreFormatException(StoreMessages.storeNotAnObject(), p.line());
                }
                long seen = 0;
                while (p.next() == JsonReader.FIELD_NAME) {
                    Field f = fieldAt(Entry.TOP, seen);
                    seen |= f.bit();
                    int nameStart = p.start();
                    int line = p.line();
                    if (typed(f, p.next())) { // else "index": null
                        switch (f) {
                            case VERSION -> version = ((Integer) decode(f)).intValue();
                            case SERVERS -> entries(Entry.SERVER);
                            case TOKENS -> entries(Entry.TOKEN);
                            case INDEX -> index(nameStart, line);
                            default -> throw new AssertionError(f);
                        }
                    }
                    reading = null;
                }
                complete(Entry.TOP, seen, 1);
                p.next(); // refuses anything after the top-level object
            } catch (JsonReader.JsonException e) {
                throw new StoreFormatException(StoreMessages.notJson(e.getMessage(), e.column(),
                        reading == null ? null : reading.json, previous == null ? null : previous.json), e.line());
            }
            if (needed > version) {
                throw new StoreFormatException(StoreMessages.needsVersion(neededBy.json, neededBy.since, version), neededLine);
            }
            if (index != null) {
                checkIndex();
            }
            return new StoreData(servers, tokens);
        }

        /** The field whose name is the current token, refused when unknown or seen before. */
        private Field fieldAt(Entry entry, long seen) throws StoreFormatException {
            Field f = StoreSchema.field(entry, p.text());
            if (f == null) {
                throw new StoreFormatException(StoreMessages.unknown(entry.label, p.text(),
                        version > 0 ? version : StoreSchema.VERSION,
                        StoreSchema.fieldsOf(entry, version > 0 ? version : StoreSchema.VERSION)), p.line());
            }
            if ((seen & f.bit()) != 0) {
                throw new StoreFormatException(StoreMessages.duplicate(f.json, f.entry.label), p.line());
            }
            if (f.since > needed) {
                needed = f.since;
                neededBy = f;
                neededLine = p.line();
            }
            reading = f;
            return f;
        }

        /** Whether the value just read is one (false: an allowed null); refuses the wrong type. */
        private boolean typed(Field f, int token) throws StoreFormatException {
            try {
                return StoreSchema.checkType(f, token);
            } catch (StoreSchema.Violation e) {
                throw new StoreFormatException(e.getMessage(), p.line());
            }
        }

        private Object decode(Field f) throws StoreFormatException {
            try {
                return StoreSchema.decode(f, p.text());
            } catch (StoreSchema.Violation e) {
                throw new StoreFormatException(e.getMessage(), p.line());
            }
        }

        private void complete(Entry entry, long seen, int line) throws StoreFormatException {
            try {
                StoreSchema.checkComplete(entry, seen);
            } catch (StoreSchema.Violation e) {
                throw new StoreFormatException(e.getMessage(), line);
            }
        }

        /** The entries of "servers" or "tokens", from after the '[' to its ']'. */
        private void entries(Entry entry) throws JsonReader.JsonException, StoreFormatException {
            while (p.next() != JsonReader.END_ARRAY) {
                if (p.current() != JsonReader.START_OBJECT) {
                    throw new StoreFormatException(StoreMessages.notAnObject(entry.label), p.line());
                }
                int line = p.line();
                int start = p.start();
                previous = null;
                Object[] values = new Object[StoreSchema.FIELDS.length];
                long seen = 0;
                while (p.next() == JsonReader.FIELD_NAME) {
                    Field f = fieldAt(entry, seen);
                    seen |= f.bit();
                    if (typed(f, p.next())) {
                        values[f.ordinal()] = decode(f);
                    }
                    previous = f;
                    reading = null;
                }
                previous = null;
                complete(entry, seen, line);
                if (entry == Entry.SERVER) {
                    server(StoreSchema.server(values), line, start);
                } else {
                    token(values, line, start);
                }
            }
        }

        private void server(ServerProfile s, int line, int start) throws StoreFormatException {
            if (!serverUrls.add(s.baseUrl())) {
                throw new StoreFormatException(StoreMessages.duplicateServer(), line);
            }
            String origin = s.origin().url();
            serverSpans.add(new Span(origin, start, p.end()));
            if (wanted == null || wanted.equals(origin)) {
                servers.add(s);
            } else if (selected) {
                throw new StoreFormatException(StoreMessages.offOrigin(), line);
            }
        }

        private void token(Object[] values, int line, int start) throws StoreFormatException {
            if (!tokenIds.add((String) values[Field.ID.ordinal()])) {
                throw new StoreFormatException(StoreMessages.duplicateToken(), line);
            }
            String origin = originOf((String) values[Field.SERVER.ordinal()]);
            tokenSpans.add(new Span(origin, start, p.end()));
            if (wanted == null || wanted.equals(origin)) {
                tokens.add(StoreSchema.token(values, secrets));
            } else if (selected) {
                throw new StoreFormatException(StoreMessages.offOrigin(), line);
            }
        }

        /** The index object, from after its '{' to its '}'. */
        private void index(int nameStart, int line) throws JsonReader.JsonException, StoreFormatException {
            index = new LinkedHashMap<>();
            indexStart = nameStart;
            indexLine = line;
            long seen = 0;
            while (p.next() == JsonReader.FIELD_NAME) {
                Field f = fieldAt(Entry.INDEX, seen);
                seen |= f.bit();
                typed(f, p.next());
                if (f == Field.AT) {
                    indexAt = ((Long) decode(f)).longValue();
                } else if (f == Field.CRC) {
                    indexCrc = ((Long) decode(f)).longValue();
                } else {
                    // The lookup's shortcut reads only the layout whose origins come before "at", and
                    // it finds an origin by binary search: there, they must be sorted.
                    origins((seen & Field.AT.bit()) == 0);
                }
                reading = null;
            }
            complete(Entry.INDEX, seen, line);
        }

        private void origins(boolean mustBeSorted) throws JsonReader.JsonException, StoreFormatException {
            String previous = null;
            while (p.next() == JsonReader.FIELD_NAME) {
                String key = p.text();
                // Written without escapes, as the shortcut compares bytes.
                if (p.end() - p.start() != key.length() + 2 || !StoreSchema.indexOrigin(key)) {
                    throw new StoreFormatException(StoreMessages.indexKey(), p.line());
                }
                if (index.containsKey(key)) {
                    throw new StoreFormatException(StoreMessages.duplicateOrigin(), p.line());
                }
                if (previous != null && compareUtf8(previous, key) > 0) {
                    indexSorted = !mustBeSorted;
                }
                previous = key;
                long[] r = new long[4];
                if (p.next() != JsonReader.START_ARRAY) {
                    throw new StoreFormatException(StoreMessages.indexRange(), p.line());
                }
                for (int i = 0; i < 4; i++) {
                    int t = p.next();
                    if (!StoreSchema.indexNumber(t, p.text())) {
                        throw new StoreFormatException(StoreMessages.indexRange(), p.line());
                    }
                    r[i] = Long.parseLong(p.text());
                }
                if (p.next() != JsonReader.END_ARRAY) {
                    throw new StoreFormatException(StoreMessages.indexRange(), p.line());
                }
                index.put(key, r);
            }
            originsEnd = p.end();
        }

        /** The index must say exactly where each origin's lines are, as the writer would. */
        private void checkIndex() throws StoreFormatException {
            if (indexAt != indexStart) {
                throw new StoreFormatException(StoreMessages.indexNotWhereItSays(),
                        indexLine);
            }
            if (indexCrc >= 0) {
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                crc.update(file, indexStart, originsEnd - indexStart);
                if (crc.getValue() != indexCrc) {
                    throw new StoreFormatException(StoreMessages.indexChecksum(),
                            indexLine);
                }
            }
            if (!indexSorted) {
                throw new StoreFormatException(StoreMessages.indexUnsorted(), indexLine);
            }
            Map<String, long[]> actual = new LinkedHashMap<>();
            ranges(serverSpans, actual, 0);
            ranges(tokenSpans, actual, 2);
            if (!actual.keySet().equals(index.keySet())) {
                throw new StoreFormatException(StoreMessages.indexOtherServers(),
                        indexLine);
            }
            for (Map.Entry<String, long[]> e : actual.entrySet()) {
                if (!java.util.Arrays.equals(e.getValue(), index.get(e.getKey()))) {
                    throw new StoreFormatException(StoreMessages.indexLinesElsewhere(e.getKey()), indexLine);
                }
            }
        }

        /** Each origin's range of entries; an origin whose entries are not together has none that fits. */
        private void ranges(List<Span> spans, Map<String, long[]> out, int slot) throws StoreFormatException {
            String current = null;
            for (Span s : spans) {
                long[] r = out.get(s.origin);
                if (r == null) {
                    r = new long[4];
                    out.put(s.origin, r);
                }
                if (!s.origin.equals(current)) {
                    if (r[slot + 1] != 0) {
                        throw new StoreFormatException(StoreMessages.indexLinesApart(s.origin), indexLine);
                    }
                    r[slot] = s.start;
                    current = s.origin;
                }
                r[slot + 1] = s.end - r[slot];
            }
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
     * "index":{"origins":{"https://host":[serversFrom,serversLength,tokensFrom,tokensLength]},"crc":CRC32,"at":OFFSET}}
     * </pre>
     * CRC32 is the CRC-32 of the line up to the "}" that closes "origins"; OFFSET is where the line starts.
     * It is plain JSON for every reader; {@link StoreLines} uses the index so that a credential
     * lookup reads one host's lines instead of parsing every token. Every string goes through
     * Jackson's escaping, the index's origins included.
     */
    static void write(StoreData data, OutputStream out) throws IOException {
        StoreData grouped = grouped(data);
        Map<String, long[]> index = new LinkedHashMap<>();
        int version = StoreSchema.FIRST_VERSION;
        for (Token t : grouped.tokens()) {
            if (!t.state().isNone()) {
                version = 2;
            }
        }
        for (ServerProfile s : grouped.servers()) {
            if (s.ignoresUsername()) {
                version = 2;
            }
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream(256 + 300 * data.tokens().size());
        ascii(buf, "{\"version\":" + version + ",\n\"servers\":[");
        boolean first = true;
        String origin = null;
        for (ServerProfile s : grouped.servers()) {
            ascii(buf, first ? "\n" : ",\n");
            first = false;
            long[] range = index.computeIfAbsent(s.origin().url(), k -> new long[4]);
            if (!s.origin().url().equals(origin)) {
                origin = s.origin().url();
                range[0] = buf.size();
            }
            writeServer(s, buf);
            range[1] = buf.size() - range[0];
        }
        ascii(buf, first ? "],\n\"tokens\":[" : "\n],\n\"tokens\":[");
        first = true;
        origin = null;
        for (Token t : grouped.tokens()) {
            ascii(buf, first ? "\n" : ",\n");
            first = false;
            long[] range = index.computeIfAbsent(originOf(t.server()), k -> new long[4]);
            if (!originOf(t.server()).equals(origin)) {
                origin = originOf(t.server());
                range[2] = buf.size();
            }
            writeToken(t, buf);
            range[3] = buf.size() - range[2];
        }
        ascii(buf, first ? "],\n" : "\n],\n");
        // Sorted by their bytes, for StoreLines' binary search; the line ends with its own offset.
        long at = buf.size();
        List<String> origins = new ArrayList<>(index.keySet());
        origins.sort(StoreCodec::compareUtf8);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ascii(line, "\"index\":{\"origins\":{");
        boolean firstOrigin = true;
        for (String o : origins) {
            long[] r = index.get(o);
            ascii(line, firstOrigin ? "\"" : ",\"");
            line.writeBytes(JsonStringEncoder.getInstance().quoteAsUTF8(o));
            ascii(line, "\":[" + r[0] + "," + r[1] + "," + r[2] + "," + r[3] + "]");
            firstOrigin = false;
        }
        ascii(line, "}");
        // The checksum lets the lookup's shortcut notice an index changed in place, which "at" cannot.
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(line.toByteArray());
        ascii(line, ",\"crc\":" + crc.getValue() + ",\"at\":" + at + "}}\n");
        line.writeTo(buf);
        buf.writeTo(out);
    }

    /**
     * The store in the order {@link #write} puts it in: servers and tokens grouped by origin, each
     * group where its first member was. Reading back a written store gives this.
     */
    static StoreData grouped(StoreData data) {
        Map<String, List<ServerProfile>> servers = new LinkedHashMap<>();
        for (ServerProfile s : data.servers()) {
            servers.computeIfAbsent(s.origin().url(), k -> new ArrayList<>()).add(s);
        }
        Map<String, List<Token>> tokens = new LinkedHashMap<>();
        for (Token t : data.tokens()) {
            tokens.computeIfAbsent(originOf(t.server()), k -> new ArrayList<>()).add(t);
        }
        List<ServerProfile> s = new ArrayList<>();
        servers.values().forEach(s::addAll);
        List<Token> t = new ArrayList<>();
        tokens.values().forEach(t::addAll);
        return new StoreData(s, t);
    }

    /**
     * Checks that {@code written} reads back as {@code data}: what {@link #write} made of it passes
     * the schema, and nothing was lost or changed on the way. A secret kept in a back end comes back
     * as the name of its back end, which is all the file holds of it.
     *
     * @throws StoreFormatException when it does not; the message names the line and the field
     */
    static void verify(byte[] written, StoreData data, ExternalSecrets secrets) throws StoreFormatException {
        StoreData back = read(written, null, secrets);
        StoreData expected = grouped(data);
        if (!back.servers().equals(expected.servers())) {
            throw new StoreFormatException(StoreMessages.serverReadsBackDifferently(), 1);
        }
        List<Token> a = back.tokens();
        List<Token> b = expected.tokens();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            if (i >= a.size() || i >= b.size() || !sameAsWritten(a.get(i), b.get(i))) {
                throw new StoreFormatException(
                        StoreMessages.tokenReadsBackDifferently(i < b.size() ? b.get(i).id() : "?"), 1);
            }
        }
    }

    private static final Secret PLACEHOLDER = Secret.of("-");

    private static boolean sameAsWritten(Token a, Token b) {
        Secret x = a.secret();
        Secret y = b.secret();
        boolean secret = x.backend() == null ? y.backend() == null && x.equals(y) : x.backend().equals(y.backend());
        return secret && a.withSecret(PLACEHOLDER).equals(b.withSecret(PLACEHOLDER));
    }

    static int compareUtf8(String a, String b) {
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
                // Written only when set (a version-2 field), so that most stores stay version 1.
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
            // Issue 16: written only when set, so that most stores stay version 1.
            TokenState s = t.state();
            if (s.expiryEnforced()) {
                g.writeBooleanField("expiry_enforced", true);
            }
            if (s.unchecked()) {
                g.writeBooleanField("unchecked", true);
            }
            if (s.retired() != null) {
                g.writeStringField("retired", s.retired().toString());
            }
            if (s.rotationStarted() != null) {
                g.writeStringField("rotation_started", s.rotationStarted().toString());
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
}
