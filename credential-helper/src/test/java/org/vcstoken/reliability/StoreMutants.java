package org.vcstoken.reliability;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.vcstoken.env.StatePaths;
import org.vcstoken.store.ExternalSecrets;
import org.vcstoken.store.StoreData;
import org.vcstoken.store.TokenStore;
import org.vcstoken.token.Origin;
import org.vcstoken.token.Role;
import org.vcstoken.token.ScopePolicy;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;
import org.vcstoken.token.TokenOrigin;
import org.vcstoken.token.TokenState;

/**
 * Mutants of a store file (issue 16), made from a seed with servers of every kind and tokens of
 * every origin, role and state. Each field of each line is turned into every other JSON type, null,
 * a list holding its own value, values out of its range, dropped and duplicated; unknown fields are
 * added; the index, the top level and the file's end are broken; the file is cut at every line.
 * Each mutant comes with what reading it must give, worked out here from the seed and the edit,
 * independently of the store's code: refused (naming the line and the field), or exactly the seed
 * with the edit applied, for the few edits that leave a valid store.
 *
 * <p>A field mutant comes in three forms: with the index line as it was (now wrong whenever the
 * edit changed a length), with the index replaced by {@code null}, and with an index recomputed for
 * the edited file, so that the one-host shortcut reads the edited line and only the field checks can
 * refuse it. The file is handled as ISO-8859-1 text: one character per byte, so that broken UTF-8
 * can be spliced in.
 */
final class StoreMutants {
    static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");
    static final String UNKNOWN_ORIGIN = "https://nowhere.example";
    private static final JsonFactory JSON = new JsonFactory();

    private StoreMutants() {
    }

    /** What a read of a mutant must give. */
    enum Expect {
        /** Refused, the message naming the line and the field (when there is one). */
        REFUSED,
        /** Read as {@link Mutant#valid}. */
        VALID,
        /** The index may or may not still fit: refused, or read as {@link Mutant#valid} (when not null). */
        EITHER
    }

    /**
     * @param field   the JSON name the refusal must mention, or null
     * @param line    the line (from 1) the refusal must name, or 0
     * @param origin  the origin of the edited line: a lookup for it must refuse (null: every lookup may
     *                read exactly its host or refuse; "*": every lookup must refuse)
     */
    record Mutant(String name, byte[] file, Expect expect, StoreData valid, String field, int line, String origin) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** The seed: five servers, one of each kind, and tokens of every origin, role and state. */
    static StoreData seed(boolean states) {
        ServerProfile rhodecode = new ServerProfile(Origin.of("https", "code.example.com", -1), "", "rhodecode", "alice",
                ScopePolicy.REPO, Duration.ofDays(30), null, false);
        ServerProfile generic = new ServerProfile(Origin.of("http", "git.example.org", 8080), "scm", "generic", null,
                ScopePolicy.HOST, Duration.ofHours(24), Duration.ofHours(2), true);
        ServerProfile gitlab = new ServerProfile(Origin.of("https", "gitlab.example.com", -1), "", "gitlab", "bob",
                ScopePolicy.REPO, Duration.ofDays(7), Duration.ofDays(1), false);
        // The forges that ignore the Basic user name say so in their profiles (a version-2 field, issue 19).
        ServerProfile forgejo = new ServerProfile(Origin.of("https", "[2001:db8::1]", 3000), "", "forgejo", "carol",
                ScopePolicy.HOST, Duration.ofDays(90), null, false, states);
        // A prefix with a quote and non-ASCII text: a server URL is escaped like any other string.
        ServerProfile gitea = new ServerProfile(Origin.of("https", "xn--bcher-kva.example", -1), "gi\"tea/b\u00fccher",
                "gitea", "dave", ScopePolicy.REPO, Duration.ofDays(30), null, false, states);
        List<Token> tokens = new ArrayList<>();
        tokens.add(token("t-manual", rhodecode, "alice", Role.VCS, "group/repo", T0.plus(Duration.ofDays(200)),
                "laptop \"work\" \\ \u00fcn\u00efcode \u0007 tab\tend", TokenOrigin.MANUAL, T0.minusSeconds(3600), null,
                Secret.of("aaaa1111000000000000000000000000000manual"), null, TokenState.NONE));
        tokens.add(token("t-feed", rhodecode, "alice", Role.FEED, null, null, "", TokenOrigin.MANUAL, null, null,
                ExternalSecrets.FILE_ONLY.deferred("pass", rhodecode.baseUrl(), "alice", "t-feed"), null,
                states ? TokenState.NONE.withRotationStarted(T0.minusSeconds(60)) : TokenState.NONE));
        tokens.add(token("t-keyring", rhodecode, "alice", Role.VCS, "group/other", null, "in the keyring",
                TokenOrigin.CREATED, null, null,
                ExternalSecrets.FILE_ONLY.deferred("secret-service", rhodecode.baseUrl(), "alice", "t-keyring"), "s-12",
                TokenState.NONE));
        tokens.add(token("t-captured", generic, "erin", Role.VCS, null, null, "", TokenOrigin.CAPTURED, null,
                T0.minusSeconds(7200), Secret.of("cccc3333000000000000000000000000captured"), null, TokenState.NONE));
        tokens.add(token("t-created", gitlab, "bob", Role.ALL, "team/app", T0.plus(Duration.ofDays(7)), "created by vcstoken",
                TokenOrigin.CREATED, T0.minusSeconds(60), null, Secret.of("glpat-dddd4444000000000000created"), "901",
                states ? new TokenState(true, true, null, null) : TokenState.NONE));
        tokens.add(token("t-env", forgejo, "carol", Role.API, null, T0.plus(Duration.ofHours(5)), "", TokenOrigin.ENVIRONMENT,
                null, null, Secret.of("eeee5555000000000000000000000environment"), null, TokenState.NONE));
        tokens.add(token("t-http", gitea, "dave", Role.HTTP, "org/repo", null, "", TokenOrigin.MANUAL, null, null,
                Secret.of("ffff6666000000000000000000000000000http1"), "77",
                states ? TokenState.NONE.withRetired(T0.minusSeconds(30)) : TokenState.NONE));
        tokens.add(token("t-states", gitea, "dave", Role.ALL, null, T0.plus(Duration.ofDays(1)), "", TokenOrigin.CREATED,
                T0, null, Secret.of("9999777700000000000000000000000allstates"), "78",
                states ? new TokenState(true, true, T0.minusSeconds(10), T0.minusSeconds(20)) : TokenState.NONE));
        return new StoreData(List.of(rhodecode, generic, gitlab, forgejo, gitea), tokens);
    }

    private static Token token(String id, ServerProfile server, String user, Role role, String scope, Instant expires,
            String description, TokenOrigin origin, Instant confirmed, Instant rejected, Secret secret, String serverId,
            TokenState state) {
        return new Token(id, server.baseUrl(), user, role, scope, expires, description, T0.minus(Duration.ofDays(3)),
                origin, confirmed, rejected, secret, serverId, state);
    }

    /** The seed as vcstoken writes it, and as it reads it back (the order of the file). */
    record Seed(byte[] file, StoreData data) {
        String text() {
            return new String(file, StandardCharsets.ISO_8859_1);
        }
    }

    static Seed written(StoreData data, Path dir) throws Exception {
        TokenStore store = store(dir);
        store.update(d -> data);
        byte[] file = Files.readAllBytes(dir.resolve("store.json"));
        return new Seed(file, store.read());
    }

    static TokenStore store(Path dir) {
        return new TokenStore(new StatePaths(dir, dir.resolveSibling(dir.getFileName() + "-config")), Duration.ofSeconds(30),
                s -> {
                }, ExternalSecrets.FILE_ONLY);
    }

    static String originOf(String serverUrl) {
        int sep = serverUrl.indexOf("://");
        int slash = serverUrl.indexOf('/', sep + 3);
        return slash < 0 ? serverUrl : serverUrl.substring(0, slash);
    }

    /** The part of {@code data} a lookup for {@code origin} reads. */
    static StoreData restricted(StoreData data, String origin) {
        return new StoreData(data.servers().stream().filter(s -> s.origin().url().equals(origin)).toList(),
                data.tokens().stream().filter(t -> originOf(t.server()).equals(origin)).toList());
    }

    /** The origins of the seed and one that is in no store. */
    static List<String> origins(StoreData data) {
        List<String> all = new ArrayList<>();
        for (ServerProfile s : data.servers()) {
            if (!all.contains(s.origin().url())) {
                all.add(s.origin().url());
            }
        }
        all.add(UNKNOWN_ORIGIN);
        return all;
    }

    // --- the file as lines ---

    /** A field of an entry line: where its name starts and where its value is, in characters of the line. */
    record Span(String name, int nameStart, int valueStart, int valueEnd) {
    }

    /** A server or token line: which entry of the seed it is, its origin and its fields. */
    record EntryLine(int line, boolean server, int index, String origin, List<Span> fields) {
    }

    /** The fields of a line holding one JSON object (and maybe a trailing comma), found by Jackson. */
    static List<Span> spans(String line) throws IOException {
        List<Span> spans = new ArrayList<>();
        try (JsonParser p = JSON.createParser(line)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                int nameStart = (int) p.currentTokenLocation().getCharOffset();
                JsonToken v = p.nextToken();
                int valueStart = (int) p.currentTokenLocation().getCharOffset();
                if (v.isStructStart()) {
                    p.skipChildren();
                } else {
                    p.getText(); // finishes a string token, so that the location is past its end
                }
                spans.add(new Span(name, nameStart, valueStart, (int) p.currentLocation().getCharOffset()));
            }
        }
        return spans;
    }

    static List<EntryLine> entries(Seed seed) throws IOException {
        String[] lines = seed.text().split("\n", -1);
        List<EntryLine> out = new ArrayList<>();
        int servers = 0;
        int tokens = 0;
        boolean inTokens = false;
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            if (l.equals("\"tokens\":[")) {
                inTokens = true;
            }
            if (!l.startsWith("{\"url\"") && !l.startsWith("{\"id\"")) {
                continue;
            }
            if (inTokens) {
                Token t = seed.data().tokens().get(tokens);
                out.add(new EntryLine(i + 1, false, tokens++, originOf(t.server()), spans(l)));
            } else {
                ServerProfile s = seed.data().servers().get(servers);
                out.add(new EntryLine(i + 1, true, servers++, s.origin().url(), spans(l)));
            }
        }
        if (servers != seed.data().servers().size() || tokens != seed.data().tokens().size()) {
            throw new AssertionError("the seed's layout changed: " + servers + " server and " + tokens + " token lines");
        }
        return out;
    }

    // --- building mutants ---

    /** Every mutant of {@code seed}; the field mutants only when {@code fields} (they are many). */
    static List<Mutant> all(Seed seed, boolean fields) throws IOException {
        List<Mutant> out = new ArrayList<>();
        if (fields) {
            fieldMutants(seed, out);
        }
        topLevelMutants(seed, out);
        indexMutants(seed, out);
        endMutants(seed, out);
        return out;
    }

    /** A value a field may be turned into, and the valid store that makes, if any. */
    private record Edit(String label, String raw, UnaryOperator<StoreData> valid) {
    }

    private static final String DROP = null;

    private static void fieldMutants(Seed seed, List<Mutant> out) throws IOException {
        String[] lines = seed.text().split("\n", -1);
        for (EntryLine e : entries(seed)) {
            String line = lines[e.line() - 1];
            for (int f = 0; f < e.fields().size(); f++) {
                Span span = e.fields().get(f);
                String raw = line.substring(span.valueStart(), span.valueEnd());
                String where = (e.server() ? "server " : "token ") + e.index() + " \"" + span.name() + "\"";
                for (Edit edit : edits(seed.data(), e, span.name(), raw)) {
                    String edited;
                    if (edit.raw() == DROP) {
                        int from = f == 0 ? span.nameStart() : e.fields().get(f - 1).valueEnd();
                        int to = f == 0 ? e.fields().get(1).nameStart() : span.valueEnd();
                        edited = line.substring(0, from) + line.substring(to);
                    } else {
                        edited = line.substring(0, span.valueStart()) + edit.raw() + line.substring(span.valueEnd());
                    }
                    if (edited.equals(line)) {
                        continue;
                    }
                    StoreData valid = edit.valid() == null ? null : edit.valid().apply(seed.data());
                    variants(seed, lines, e, edited, where + " " + edit.label(), valid, span.name(), out);
                }
                // The same field twice, with its own value.
                String twice = line.substring(0, span.valueEnd()) + ",\"" + span.name() + "\":" + raw
                        + line.substring(span.valueEnd());
                variants(seed, lines, e, twice, where + " duplicated", null, span.name(), out);
            }
            int close = line.lastIndexOf('}');
            String unknown = line.substring(0, close) + ",\"colour\":\"blue\"" + line.substring(close);
            variants(seed, lines, e, unknown, (e.server() ? "server " : "token ") + e.index() + " unknown field", null,
                    "colour", out);
        }
        // Broken escapes and UTF-8 inside a string value (the first token's description).
        EntryLine first = entries(seed).stream().filter(x -> !x.server()).findFirst().orElseThrow();
        Span description = first.fields().stream().filter(s -> s.name().equals("description")).findFirst().orElseThrow();
        String line = lines[first.line() - 1];
        for (String bad : List.of("\"bad \\x escape\"", "\"\\u12G4\"", "\"\\uD800\"", "\"\\uDC00x\"", "\"\\uD800\\u0041\"",
                "\"overlong \u00c0\u0080\"", "\"\u00ff\"", "\"cut \u00e2\u0082\"", "\"surrogate \u00ed\u00a0\u0080\"",
                "\"raw \u0001 control\"", "\"raw \t tab\"", "\"unterminated")) {
            String edited = line.substring(0, description.valueStart()) + bad + line.substring(description.valueEnd());
            variants(seed, lines, first, edited, "description " + printable(bad), null, "description", out);
        }
    }

    /** Every form of one edited line; see the class comment. */
    private static void variants(Seed seed, String[] lines, EntryLine e, String edited, String name, StoreData valid,
            String field, List<Mutant> out) {
        String[] copy = lines.clone();
        copy[e.line() - 1] = edited;
        boolean sameLength = edited.length() == lines[e.line() - 1].length();
        Expect stale = valid == null ? Expect.REFUSED : Expect.EITHER;
        out.add(new Mutant(name + " (index as it was)", join(copy), stale, valid, sameLength ? field : null,
                sameLength ? e.line() : 0, sameLength ? e.origin() : "*"));
        out.add(new Mutant(name + " (index null)", join(withoutIndex(copy)), valid == null ? Expect.REFUSED : Expect.VALID,
                valid, field, e.line(), "*"));
        out.add(new Mutant(name + " (index rewritten)", join(withIndex(copy, seed)), valid == null ? Expect.REFUSED
                : Expect.VALID, valid, field, e.line(), e.origin()));
    }

    /** The edits of one field: other types, null, out-of-range values, dropped; each with its valid result, if any. */
    private static List<Edit> edits(StoreData data, EntryLine e, String name, String raw) {
        List<Edit> edits = new ArrayList<>();
        String type = raw.startsWith("\"") ? "string" : raw.equals("true") || raw.equals("false") ? "boolean"
                : raw.equals("null") ? "null" : "number";
        edits.add(new Edit("as an object", "{}", null));
        edits.add(new Edit("as an empty list", "[]", null));
        edits.add(new Edit("in a list", "[" + raw + "]", null));
        edits.add(new Edit("as a number", "1", null));
        if (!type.equals("boolean")) {
            edits.add(new Edit("as true", "true", null));
        }
        if (!type.equals("string")) {
            // Where null is allowed, "x" is a valid user name or repository, so a valid edit.
            boolean validText = e.server() ? name.equals("user") : name.equals("scope");
            edits.add(new Edit("as a string", "\"x\"", validText ? change(e, name, "x") : null));
        }
        edits.add(new Edit("as null", "null", nullable(e, name) ? change(e, name, null) : null));
        boolean optional = List.of("server_id", "expiry_enforced", "unchecked", "retired", "rotation_started",
                "ignores_username").contains(name);
        edits.add(new Edit("dropped", DROP, optional ? change(e, name, null) : null));
        if (type.equals("boolean")) {
            boolean flipped = !raw.equals("true");
            edits.add(new Edit("flipped", String.valueOf(flipped), change(e, name, flipped)));
        }
        for (String bad : outOfRange(e, name)) {
            edits.add(new Edit("as " + printable(bad), bad, null));
        }
        if (name.equals("description")) {
            edits.add(new Edit("as another text", "\"x \\\"y\\\" \\u00fc\"", change(e, name, "x \"y\" \u00fc")));
        }
        return edits;
    }

    private static boolean nullable(EntryLine e, String name) {
        return e.server() ? List.of("user", "renew_before").contains(name)
                : List.of("scope", "expires", "confirmed", "rejected").contains(name);
    }

    /** Values of the right JSON type that the field must not hold. */
    private static List<String> outOfRange(EntryLine e, String name) {
        List<String> time = List.of("\"tomorrow\"", "\"2026-13-01T00:00:00Z\"", "\"2026-02-30T00:00:00Z\"", "\"2026-01-01\"", "\"\"");
        List<String> url = List.of("\"not a url\"", "\"https://Code.Example.com\"", "\"ftp://h.example\"", "\"https://h.example/\"",
                "\"https://h.example:443\"", "\"https://alice:pw@h.example\"", "\"https://h.example/a//b\"", "\"https://h.example/%41\"",
                "\"https://h.example/a\\\\b\"", "\"https://h.example/a/../b\"", "\"\"");
        if (e.server()) {
            return switch (name) {
                case "url" -> url;
                case "kind" -> List.of("\"bitbucket\"", "\"RhodeCode\"", "\" gitlab\"", "\"\"");
                case "user" -> List.of("\"a:b\"", "\"\"", "\"x\\ny\"");
                case "scope" -> List.of("\"server\"", "\"REPO\"", "\"\"");
                case "lifetime", "renew_before" -> List.of("\"30d\"", "\"PT0S\"", "\"-PT1H\"", "\"\"");
                default -> List.of();
            };
        }
        return switch (name) {
            case "id" -> List.of("\"a/b\"", "\"\"", "\"../x\"", "\".x\"", "\"-x\"", "\"" + "x".repeat(65) + "\"", "\"a b\"");
            case "server" -> url;
            case "user" -> List.of("\"a:b\"", "\"\"", "\"x\\u0000y\"");
            case "role" -> List.of("\"token_role_vcs\"", "\"VCS\"", "\"admin\"", "\"\"");
            case "scope" -> List.of("\"/lead\"", "\"a/../b\"", "\"trail/\"", "\"a%2Fb\"", "\"a\\\\b\"", "\"\"", "\"a//b\"",
                    "\"repo.git\"");
            case "expires", "created", "confirmed", "rejected", "retired", "rotation_started" -> time;
            case "origin" -> List.of("\"import\"", "\"Manual\"", "\"\"");
            case "secret" -> List.of("\"\"", "\"x\\u0001y\"");
            case "secret_backend" -> List.of("\"file\"", "\"kwallet\"", "\"\"");
            case "server_id" -> List.of("\"\"", "\"a\\u0000\"");
            default -> List.of();
        };
    }

    /** The seed with one field of the entry on line {@code e} set as a valid edit would set it. */
    private static UnaryOperator<StoreData> change(EntryLine e, String name, Object value) {
        return data -> {
            if (e.server()) {
                List<ServerProfile> servers = new ArrayList<>(data.servers());
                ServerProfile s = servers.get(e.index());
                servers.set(e.index(), switch (name) {
                    case "user" -> new ServerProfile(s.origin(), s.prefix(), s.kind(), (String) value, s.scope(), s.lifetime(),
                            s.renewBefore(), s.allowHttp(), s.ignoresUsername());
                    case "renew_before" -> new ServerProfile(s.origin(), s.prefix(), s.kind(), s.username(), s.scope(),
                            s.lifetime(), null, s.allowHttp(), s.ignoresUsername());
                    case "allow_http" -> new ServerProfile(s.origin(), s.prefix(), s.kind(), s.username(), s.scope(),
                            s.lifetime(), s.renewBefore(), (Boolean) value, s.ignoresUsername());
                    case "ignores_username" -> new ServerProfile(s.origin(), s.prefix(), s.kind(), s.username(), s.scope(),
                            s.lifetime(), s.renewBefore(), s.allowHttp(), Boolean.TRUE.equals(value));
                    default -> throw new AssertionError(name);
                });
                return new StoreData(servers, data.tokens());
            }
            List<Token> tokens = new ArrayList<>(data.tokens());
            Token t = tokens.get(e.index());
            TokenState st = t.state();
            tokens.set(e.index(), switch (name) {
                case "scope" -> new Token(t.id(), t.server(), t.username(), t.role(), (String) value, t.expires(), t.description(),
                        t.created(), t.origin(), t.confirmed(), t.rejected(), t.secret(), t.serverId(), st);
                case "expires" -> new Token(t.id(), t.server(), t.username(), t.role(), t.scope(), null, t.description(),
                        t.created(), t.origin(), t.confirmed(), t.rejected(), t.secret(), t.serverId(), st);
                case "description" -> new Token(t.id(), t.server(), t.username(), t.role(), t.scope(), t.expires(),
                        (String) value, t.created(), t.origin(), t.confirmed(), t.rejected(), t.secret(), t.serverId(), st);
                case "confirmed" -> new Token(t.id(), t.server(), t.username(), t.role(), t.scope(), t.expires(),
                        t.description(), t.created(), t.origin(), null, t.rejected(), t.secret(), t.serverId(), st);
                case "rejected" -> new Token(t.id(), t.server(), t.username(), t.role(), t.scope(), t.expires(),
                        t.description(), t.created(), t.origin(), t.confirmed(), null, t.secret(), t.serverId(), st);
                case "server_id" -> new Token(t.id(), t.server(), t.username(), t.role(), t.scope(), t.expires(),
                        t.description(), t.created(), t.origin(), t.confirmed(), t.rejected(), t.secret(), null, st);
                case "expiry_enforced" -> t.withState(new TokenState(Boolean.TRUE.equals(value), st.unchecked(), st.retired(),
                        st.rotationStarted()));
                case "unchecked" -> t.withState(new TokenState(st.expiryEnforced(), Boolean.TRUE.equals(value), st.retired(),
                        st.rotationStarted()));
                case "retired" -> t.withState(st.withRetired(null));
                case "rotation_started" -> t.withState(st.withRotationStarted(null));
                default -> throw new AssertionError(name);
            });
            return new StoreData(data.servers(), tokens);
        };
    }

    private static void topLevelMutants(Seed seed, List<Mutant> out) {
        String[] lines = seed.text().split("\n", -1);
        String head = lines[0]; // {"version":N,
        String version = head.substring("{\"version\":".length(), head.length() - 1);
        boolean states = version.equals("2");
        for (String v : List.of("{}", "[]", "[" + version + "]", "\"" + version + "\"", "true", "null", "0", "3", "-1",
                "1.5", "1e0", "01", "99999999999")) {
            top(seed, lines, 1, "{\"version\":" + v + ",", "version " + printable(v), "version", out);
        }
        String other = states ? "1" : "2";
        String[] copy = lines.clone();
        copy[0] = "{\"version\":" + other + ",";
        if (states) {
            // Version 1 cannot hold the token states the file has.
            // A lookup reads the version and its host's lines, which may have no state to refuse.
            out.add(new Mutant("version 1 with states", join(copy), Expect.REFUSED, null, null, 0, null));
        } else {
            out.add(new Mutant("version 2 without states", join(copy), Expect.VALID, seed.data(), null, 0, null));
        }
        top(seed, lines, 1, head + "\"version\":" + version + ",", "version duplicated", "version", out);
        top(seed, lines, 1, head + "\"colour\":\"blue\",", "unknown top-level field", "colour", out);
        top(seed, lines, 2, "\"servers\":[],\"servers\":[", "servers duplicated", "servers", out);
        top(seed, lines, 2, "\"servers\":{},\"servers2\":[", "servers as an object", "servers", out);
        int tokensLine = Arrays.asList(lines).indexOf("\"tokens\":[");
        top(seed, lines, tokensLine + 1, "\"tokens\":[],\"tokens\":[", "tokens duplicated", "tokens", out);
        top(seed, lines, tokensLine + 1, "\"tokens\":null,\"x\":[", "tokens as null", "tokens", out);
        // A missing list: its lines and its key gone.
        List<String> noServers = new ArrayList<>(Arrays.asList(lines));
        noServers.subList(1, tokensLine).clear();
        out.add(new Mutant("no servers", join(noServers.toArray(String[]::new)), Expect.REFUSED, null, "servers", 0, "*"));
        List<String> noTokens = new ArrayList<>(Arrays.asList(lines));
        noTokens.subList(tokensLine, noTokens.size() - 2).clear(); // up to the index line
        out.add(new Mutant("no tokens", join(noTokens.toArray(String[]::new)), Expect.REFUSED, null, "tokens", 0, "*"));
    }

    private static void top(Seed seed, String[] lines, int line, String replacement, String name, String field,
            List<Mutant> out) {
        String[] copy = lines.clone();
        copy[line - 1] = replacement;
        out.add(new Mutant(name, join(copy), Expect.REFUSED, null, field, line, "*"));
    }

    private static void indexMutants(Seed seed, List<Mutant> out) {
        String[] lines = seed.text().split("\n", -1);
        int last = lines.length - 2;
        String index = lines[last];
        int indexLine = last + 1;
        // Without an index, or with null: the same store.
        out.add(new Mutant("index null", join(withoutIndex(lines)), Expect.VALID, seed.data(), null, 0, null));
        String[] none = lines.clone();
        none[last - 1] = "]}";
        List<String> dropped = new ArrayList<>(Arrays.asList(none));
        dropped.remove(last);
        out.add(new Mutant("index dropped", join(dropped.toArray(String[]::new)), Expect.VALID, seed.data(), null, 0, null));
        // Broken: each refused by the full parser. With the checksum as it was, the lookup's shortcut
        // notices the edit too and every lookup refuses. With a checksum forged to fit, it trusts the
        // index: a lookup then reads exactly its host, refuses, or finds nothing where the forged
        // index lost its host.
        String origins = index.substring("\"index\":{\"origins\":{".length(), index.lastIndexOf("},\"crc\":"));
        String crc = index.substring(index.lastIndexOf("\"crc\":") + 6, index.lastIndexOf(",\"at\":"));
        String at = index.substring(index.lastIndexOf(':') + 1, index.length() - 2);
        long offset = Long.parseLong(at);
        List<String> entries = new ArrayList<>(List.of(origins.split("(?<=\\]),")));
        String o = "\"index\":{\"origins\":{";
        Map<String, String> broken = new LinkedHashMap<>(); // name -> the line up to the origins' "}"
        broken.put("origins as a list", "\"index\":{\"origins\":[]");
        broken.put("origin twice", o + origins + "," + entries.get(0) + "}");
        broken.put("origin missing", o + String.join(",", entries.subList(1, entries.size())) + "}");
        broken.put("origin unknown", o + origins + ",\"https://zzz.example\":[0,0,0,0]}");
        List<String> swapped = new ArrayList<>(entries);
        java.util.Collections.swap(swapped, 0, 1);
        broken.put("origins unsorted", o + String.join(",", swapped) + "}");
        broken.put("origin escaped", o + origins.replaceFirst("\"https", "\"\\\\u0068ttps") + "}");
        broken.put("origin not canonical", o + origins.replaceFirst("\"https://code", "\"https://CODE") + "}");
        broken.put("unknown field before the origins", "\"index\":{\"colour\":1,\"origins\":{" + origins + "}");
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            int open = entry.indexOf("\":[") + 2;
            String[] n = entry.substring(open + 1, entry.length() - 1).split(",");
            for (int k = 0; k < 4; k++) {
                String[] m = n.clone();
                m[k] = String.valueOf(Long.parseLong(m[k]) + (m[k].equals("0") ? 7 : 1));
                List<String> e2 = new ArrayList<>(entries);
                e2.set(i, entry.substring(0, open + 1) + String.join(",", m) + "]");
                broken.put("origin " + i + " number " + k + " off", o + String.join(",", e2) + "}");
            }
            List<String> e3 = new ArrayList<>(entries);
            e3.set(i, entry.substring(0, entry.length() - 1) + ",0]");
            broken.put("origin " + i + " with five numbers", o + String.join(",", e3) + "}");
        }
        for (Map.Entry<String, String> b : broken.entrySet()) {
            String body = b.getValue();
            String[] kept = lines.clone();
            kept[last] = body + ",\"crc\":" + crc + ",\"at\":" + at + "}}";
            out.add(new Mutant("index " + b.getKey() + " (checksum as it was)", join(kept), Expect.REFUSED, null, null,
                    indexLine, "*"));
            String[] forged = lines.clone();
            forged[last] = withCrc(body, offset);
            out.add(new Mutant("index " + b.getKey() + " (checksum forged)", join(forged), Expect.REFUSED, null, null,
                    indexLine, "?"));
        }
        // Fields of the index itself.
        String whole = o + origins + "}";
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("checksum off by one", whole + ",\"crc\":" + (Long.parseLong(crc) + 1) + ",\"at\":" + at + "}}");
        fields.put("checksum as a string", whole + ",\"crc\":\"" + crc + "\",\"at\":" + at + "}}");
        fields.put("checksum too large", whole + ",\"crc\":4294967296,\"at\":" + at + "}}");
        fields.put("checksum null", whole + ",\"crc\":null,\"at\":" + at + "}}");
        fields.put("at as a string", whole + ",\"crc\":" + crc + ",\"at\":\"" + at + "\"}}");
        fields.put("at null", whole + ",\"crc\":" + crc + ",\"at\":null}}");
        fields.put("at off by one", whole + ",\"crc\":" + crc + ",\"at\":" + (offset + 1) + "}}");
        fields.put("at dropped", whole + ",\"crc\":" + crc + "}}");
        fields.put("at negative", whole + ",\"crc\":" + crc + ",\"at\":-" + at + "}}");
        fields.put("at fractional", whole + ",\"crc\":" + crc + ",\"at\":" + at + ".0}}");
        fields.put("at twice", whole + ",\"crc\":" + crc + ",\"at\":" + at + ",\"at\":" + at + "}}");
        fields.put("origins dropped", "\"index\":{\"crc\":" + crc + ",\"at\":" + at + "}}");
        fields.put("origins null", "\"index\":{\"origins\":null,\"crc\":" + crc + ",\"at\":" + at + "}}");
        fields.put("unknown field", whole + ",\"crc\":" + crc + ",\"at\":" + at + ",\"colour\":1}}");
        fields.put("as a list", "\"index\":[]}");
        for (Map.Entry<String, String> f : fields.entrySet()) {
            String[] copy = lines.clone();
            copy[last] = f.getValue();
            out.add(new Mutant("index " + f.getKey(), join(copy), Expect.REFUSED, null, null, indexLine, "*"));
        }
        // Written by an earlier vcstoken: no checksum; the full parser checks the rest and reads it.
        String[] noCrc = lines.clone();
        noCrc[last] = whole + ",\"at\":" + at + "}}";
        out.add(new Mutant("index without a checksum", join(noCrc), Expect.VALID, seed.data(), null, 0, null));
        // The older layout ("at" first, origins in the order met) is read by the full parser.
        List<String> reversed = new ArrayList<>(entries);
        java.util.Collections.reverse(reversed);
        String[] older = lines.clone();
        older[last] = "\"index\":{\"at\":" + at + ",\"origins\":{" + String.join(",", reversed) + "}}}";
        out.add(new Mutant("index in the older layout", join(older), Expect.VALID, seed.data(), null, 0, null));
    }

    private static void endMutants(Seed seed, List<Mutant> out) {
        byte[] file = seed.file();
        String text = seed.text();
        // Cut at the end of every line and in the middle of every line.
        int lineNo = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                if (i + 1 < file.length) {
                    out.add(new Mutant("cut after line " + lineNo, Arrays.copyOf(file, i + 1), Expect.REFUSED, null, null, 0,
                            "*"));
                }
                lineNo++;
            }
        }
        int start = 0;
        lineNo = 1;
        for (String l : text.split("\n", -1)) {
            if (l.length() > 1) {
                out.add(new Mutant("cut inside line " + lineNo, Arrays.copyOf(file, start + l.length() / 2), Expect.REFUSED,
                        null, null, 0, "*"));
            }
            start += l.length() + 1;
            lineNo++;
        }
        // Without the final line break the file is still the same JSON.
        out.add(new Mutant("no final line break", Arrays.copyOf(file, file.length - 1), Expect.VALID, seed.data(), null, 0,
                null));
        out.add(new Mutant("trailing blank space", concat(file, " \n\t\r\n"), Expect.VALID, seed.data(), null, 0, null));
        for (String junk : List.of("x", "{}", "\u0000", ",", "]", "}", "\"", "null")) {
            out.add(new Mutant("trailing " + printable(junk), concat(file, junk), Expect.REFUSED, null, null, 0, "*"));
        }
        out.add(new Mutant("empty file", new byte[0], Expect.REFUSED, null, null, 0, "*"));
        out.add(new Mutant("byte order mark", concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, file), Expect.EITHER,
                seed.data(), null, 0, null));
    }

    // --- files ---

    private static byte[] join(String[] lines) {
        return String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[] a, String b) {
        return concat(a, b.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** The lines with the index replaced by null: the form a person is told to use after an edit. */
    private static String[] withoutIndex(String[] lines) {
        String[] copy = lines.clone();
        copy[copy.length - 2] = "\"index\":null}";
        return copy;
    }

    /**
     * The lines with an index that fits them, as the writer would make it, each entry line counted
     * for the origin it had in the seed.
     */
    private static String[] withIndex(String[] lines, Seed seed) {
        Map<Integer, String> originOfLine = new java.util.HashMap<>();
        try {
            for (EntryLine e : entries(seed)) {
                originOfLine.put(e.line(), (e.server() ? "s" : "t") + e.origin());
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        Map<String, long[]> ranges = new TreeMap<>((a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
                b.getBytes(StandardCharsets.UTF_8)));
        long offset = 0;
        for (int i = 0; i < lines.length - 2; i++) {
            String o = originOfLine.get(i + 1);
            if (o != null) {
                boolean server = o.charAt(0) == 's';
                long[] r = ranges.computeIfAbsent(o.substring(1), k -> new long[4]);
                int slot = server ? 0 : 2;
                long end = offset + lines[i].lastIndexOf('}') + 1;
                if (r[slot + 1] == 0) {
                    r[slot] = offset;
                }
                r[slot + 1] = end - r[slot];
            }
            offset += lines[i].length() + 1;
        }
        StringBuilder index = new StringBuilder("\"index\":{\"origins\":{");
        boolean first = true;
        for (Map.Entry<String, long[]> r : ranges.entrySet()) {
            long[] v = r.getValue();
            index.append(first ? "" : ",").append('"').append(r.getKey()).append("\":[").append(v[0]).append(',')
                    .append(v[1]).append(',').append(v[2]).append(',').append(v[3]).append(']');
            first = false;
        }
        index.append("}");
        String[] copy = lines.clone();
        copy[copy.length - 2] = withCrc(index.toString(), offset);
        return copy;
    }

    /** An index line: {@code start} up to the "}" closing the origins, then a checksum that fits it and "at". */
    static String withCrc(String start, long at) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(start.getBytes(StandardCharsets.ISO_8859_1));
        return start + ",\"crc\":" + crc.getValue() + ",\"at\":" + at + "}}";
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c < 0x20 || c >= 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }

    /** Writes {@code file} as the store in {@code dir}, owner-only, as vcstoken would find it. */
    static void install(Path dir, byte[] file) throws IOException {
        Path store = dir.resolve("store.json");
        Files.write(store, file);
        Files.setPosixFilePermissions(store, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }
}
