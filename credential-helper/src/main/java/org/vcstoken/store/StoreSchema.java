package org.vcstoken.store;

import java.time.Duration;
import java.time.Instant;
import org.vcstoken.messages.StoreMessages;
import org.vcstoken.request.HostPort;
import org.vcstoken.request.RepoPath;
import org.vcstoken.token.Origin;
import org.vcstoken.token.Role;
import org.vcstoken.token.ScopePolicy;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;
import org.vcstoken.token.TokenOrigin;
import org.vcstoken.token.TokenState;

/**
 * The store file's schema, and the only place that knows it (issue 16): every field of every
 * entry, its JSON type, whether it must be present, whether it may be null, the store version that
 * introduced it, and which values it may hold. {@link StoreCodec} walks the JSON and asks this class
 * about each field, for the whole file and for the one host the credential lookup reads through the
 * index alike; a write is read back through it before it replaces the file (see {@link TokenStore}),
 * so vcstoken never writes what it would refuse to read.
 *
 * <p>A store is read exactly or not at all: an unknown, duplicated or missing field, a value of the
 * wrong type or out of range is an error naming the field, never skipped or replaced by a default.
 * Every field vcstoken has always written is required; only fields it omits when they hold nothing
 * (the server's token id, the token state) may be absent. A store using a field of a later version
 * says so in {@code "version"}, which older vcstokens refuse instead of dropping what they do not
 * know.
 *
 * <p>Messages name the field, never its value: a corrupt or hand-edited file can move a secret into
 * any field.
 */
final class StoreSchema {
    /** The highest store version this vcstoken reads and writes. */
    static final int VERSION = 2;
    /** What a store holds when it uses nothing of a later version. */
    static final int FIRST_VERSION = 1;

    /** Server kinds a profile may name. */
    static final String KINDS = "rhodecode, generic, gitlab, forgejo, gitea";
    /** Where a secret kept outside the file may be (see org.vcstoken.secret.SecretBackends). */
    static final String BACK_ENDS = "secret-service, pass";

    private StoreSchema() {
    }

    /** The objects of the file that have fields. */
    enum Entry {
        TOP("the top level of the store"),
        SERVER("a server entry"),
        TOKEN("a token entry"),
        INDEX("the index");

        final String label;

        Entry(String label) {
            this.label = label;
        }
    }

    /** JSON types, as a message names them. */
    enum Type {
        NUMBER("a number"),
        STRING("a string"),
        BOOLEAN("true or false"),
        ARRAY("a list"),
        OBJECT("an object");

        final String label;

        Type(String label) {
            this.label = label;
        }
    }

    private static final boolean REQUIRED = true;
    private static final boolean OPTIONAL = false;
    private static final boolean NULLABLE = true;
    private static final boolean NOT_NULL = false;

    /**
     * Every field of the file. {@code required}: it must be present; {@code nullable}: {@code null}
     * is a value it may hold; {@code since}: the store version that introduced it; {@code allowed}:
     * what a value must be, for messages.
     */
    enum Field {
        VERSION(Entry.TOP, "version", Type.NUMBER, REQUIRED, NOT_NULL, 1, "1 or 2"),
        SERVERS(Entry.TOP, "servers", Type.ARRAY, REQUIRED, NOT_NULL, 1, "a list of server entries"),
        TOKENS(Entry.TOP, "tokens", Type.ARRAY, REQUIRED, NOT_NULL, 1, "a list of token entries"),
        INDEX(Entry.TOP, "index", Type.OBJECT, OPTIONAL, NULLABLE, 1, "the index vcstoken writes, or null"),

        ORIGINS(Entry.INDEX, "origins", Type.OBJECT, REQUIRED, NOT_NULL, 1,
                "an object that maps each origin to [servers from, length, tokens from, length]"),
        CRC(Entry.INDEX, "crc", Type.NUMBER, OPTIONAL, NOT_NULL, 1,
                "the CRC-32 of the index up to its \"origins\" (absent in stores of earlier vcstokens)"),
        AT(Entry.INDEX, "at", Type.NUMBER, REQUIRED, NOT_NULL, 1, "the offset of the index line"),

        URL(Entry.SERVER, "url", Type.STRING, REQUIRED, NOT_NULL, 1,
                "a server URL as vcstoken writes it, such as https://host[:port][/prefix]"),
        KIND(Entry.SERVER, "kind", Type.STRING, REQUIRED, NOT_NULL, 1, "one of " + KINDS),
        SERVER_USER(Entry.SERVER, "user", Type.STRING, REQUIRED, NULLABLE, 1,
                "a user name without ':' or control characters, or null"),
        SERVER_SCOPE(Entry.SERVER, "scope", Type.STRING, REQUIRED, NOT_NULL, 1, "repo or host"),
        LIFETIME(Entry.SERVER, "lifetime", Type.STRING, REQUIRED, NOT_NULL, 1,
                "a positive ISO-8601 duration such as PT720H"),
        RENEW_BEFORE(Entry.SERVER, "renew_before", Type.STRING, REQUIRED, NULLABLE, 1,
                "a positive ISO-8601 duration such as PT72H, or null"),
        ALLOW_HTTP(Entry.SERVER, "allow_http", Type.BOOLEAN, REQUIRED, NOT_NULL, 1, "true or false"),
        IGNORES_USERNAME(Entry.SERVER, "ignores_username", Type.BOOLEAN, OPTIONAL, NOT_NULL, 2,
                "true or false (leave the field out when the server's family checks the user name)"),

        ID(Entry.TOKEN, "id", Type.STRING, REQUIRED, NOT_NULL, 1,
                "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"),
        SERVER(Entry.TOKEN, "server", Type.STRING, REQUIRED, NOT_NULL, 1,
                "a server URL as vcstoken writes it, such as https://host[:port][/prefix]"),
        USER(Entry.TOKEN, "user", Type.STRING, REQUIRED, NOT_NULL, 1, "a user name without ':' or control characters"),
        ROLE(Entry.TOKEN, "role", Type.STRING, REQUIRED, NOT_NULL, 1, "one of vcs, all, api, http, feed"),
        SCOPE(Entry.TOKEN, "scope", Type.STRING, REQUIRED, NULLABLE, 1,
                "a repository path such as group/repo (no leading or trailing '/', '.', '..', '%', '\\' or "
                        + "control characters), or null for the whole server"),
        EXPIRES(Entry.TOKEN, "expires", Type.STRING, REQUIRED, NULLABLE, 1,
                "a UTC time such as 2026-01-31T12:00:00Z, or null for never"),
        DESCRIPTION(Entry.TOKEN, "description", Type.STRING, REQUIRED, NOT_NULL, 1, "a string (\"\" for none)"),
        CREATED(Entry.TOKEN, "created", Type.STRING, REQUIRED, NOT_NULL, 1, "a UTC time such as 2026-01-31T12:00:00Z"),
        ORIGIN(Entry.TOKEN, "origin", Type.STRING, REQUIRED, NOT_NULL, 1, "one of manual, created, captured, environment"),
        CONFIRMED(Entry.TOKEN, "confirmed", Type.STRING, REQUIRED, NULLABLE, 1,
                "a UTC time such as 2026-01-31T12:00:00Z, or null"),
        REJECTED(Entry.TOKEN, "rejected", Type.STRING, REQUIRED, NULLABLE, 1,
                "a UTC time such as 2026-01-31T12:00:00Z, or null"),
        SECRET(Entry.TOKEN, "secret", Type.STRING, OPTIONAL, NOT_NULL, 1,
                "the token, without control characters (or \"secret_backend\" in its place)"),
        SECRET_BACKEND(Entry.TOKEN, "secret_backend", Type.STRING, OPTIONAL, NOT_NULL, 1,
                "one of " + BACK_ENDS + " (or \"secret\" in its place)"),
        SERVER_ID(Entry.TOKEN, "server_id", Type.STRING, OPTIONAL, NOT_NULL, 1,
                "the server's id for the token, without control characters (leave the field out when unknown)"),
        EXPIRY_ENFORCED(Entry.TOKEN, "expiry_enforced", Type.BOOLEAN, OPTIONAL, NOT_NULL, 2, "true or false"),
        UNCHECKED(Entry.TOKEN, "unchecked", Type.BOOLEAN, OPTIONAL, NOT_NULL, 2, "true or false"),
        RETIRED(Entry.TOKEN, "retired", Type.STRING, OPTIONAL, NOT_NULL, 2,
                "a UTC time such as 2026-01-31T12:00:00Z (leave the field out when the token is not retired)"),
        ROTATION_STARTED(Entry.TOKEN, "rotation_started", Type.STRING, OPTIONAL, NOT_NULL, 2,
                "a UTC time such as 2026-01-31T12:00:00Z (leave the field out when no rotation began)");

        final Entry entry;
        final String json;
        final Type type;
        final boolean required;
        final boolean nullable;
        final int since;
        final String allowed;

        Field(Entry entry, String json, Type type, boolean required, boolean nullable, int since, String allowed) {
            this.entry = entry;
            this.json = json;
            this.type = type;
            this.required = required;
            this.nullable = nullable;
            this.since = since;
            this.allowed = allowed;
        }

        long bit() {
            return 1L << ordinal();
        }
    }

    /** Field.values() copies the array at every call. */
    static final Field[] FIELDS = Field.values();

    /** A value that breaks the schema; the message names the field and what it must be, never the value. */
    static final class Violation extends Exception {
        private static final long serialVersionUID = 1L;

        Violation(String message) {
            super(message);
        }
    }

    /** The field called {@code name} in {@code entry}, or {@code null} when the schema has none. */
    static Field field(Entry entry, String name) {
        // A switch rather than a map: it costs the credential lookup nothing to set up.
        Field f;
        switch (name) {
            case "version" -> f = Field.VERSION;
            case "servers" -> f = Field.SERVERS;
            case "tokens" -> f = Field.TOKENS;
            case "index" -> f = Field.INDEX;
            case "origins" -> f = Field.ORIGINS;
            case "at" -> f = Field.AT;
            case "crc" -> f = Field.CRC;
            case "url" -> f = Field.URL;
            case "kind" -> f = Field.KIND;
            case "user" -> f = entry == Entry.SERVER ? Field.SERVER_USER : Field.USER;
            case "scope" -> f = entry == Entry.SERVER ? Field.SERVER_SCOPE : Field.SCOPE;
            case "lifetime" -> f = Field.LIFETIME;
            case "renew_before" -> f = Field.RENEW_BEFORE;
            case "allow_http" -> f = Field.ALLOW_HTTP;
            case "ignores_username" -> f = Field.IGNORES_USERNAME;
            case "id" -> f = Field.ID;
            case "server" -> f = Field.SERVER;
            case "role" -> f = Field.ROLE;
            case "expires" -> f = Field.EXPIRES;
            case "description" -> f = Field.DESCRIPTION;
            case "created" -> f = Field.CREATED;
            case "origin" -> f = Field.ORIGIN;
            case "confirmed" -> f = Field.CONFIRMED;
            case "rejected" -> f = Field.REJECTED;
            case "secret" -> f = Field.SECRET;
            case "secret_backend" -> f = Field.SECRET_BACKEND;
            case "server_id" -> f = Field.SERVER_ID;
            case "expiry_enforced" -> f = Field.EXPIRY_ENFORCED;
            case "unchecked" -> f = Field.UNCHECKED;
            case "retired" -> f = Field.RETIRED;
            case "rotation_started" -> f = Field.ROTATION_STARTED;
            default -> f = null;
        }
        return f != null && f.entry == entry ? f : null;
    }

    /** The fields of {@code entry} at {@code version}, for the message about a field it does not have. */
    static String fieldsOf(Entry entry, int version) {
        StringBuilder names = new StringBuilder();
        for (Field f : FIELDS) {
            if (f.entry == entry && f.since <= version) {
                names.append(names.length() == 0 ? "" : ", ").append(f.json);
            }
        }
        return names.toString();
    }

    /**
     * Checks a value's JSON type, given as the {@link JsonReader} token that starts it.
     *
     * @return whether it is a value ({@code false} for an allowed null)
     */
    static boolean checkType(Field f, int token) throws Violation {
        Type found = typeOf(token);
        if (found == null) {
            if (f.nullable) {
                return false;
            }
            throw new Violation(StoreMessages.wrongType(f.json, f.entry.label, null, f.allowed));
        }
        if (found != f.type) {
            throw new Violation(StoreMessages.wrongType(f.json, f.entry.label, found.label, f.allowed));
        }
        return true;
    }

    private static Type typeOf(int token) {
        return switch (token) {
            case JsonReader.STRING -> Type.STRING;
            case JsonReader.NUMBER -> Type.NUMBER;
            case JsonReader.TRUE, JsonReader.FALSE -> Type.BOOLEAN;
            case JsonReader.START_ARRAY -> Type.ARRAY;
            case JsonReader.START_OBJECT -> Type.OBJECT;
            default -> null;
        };
    }

    /**
     * Decodes a string, number or boolean value whose type {@link #checkType} accepted.
     *
     * @param text the value as {@link JsonReader#text()} gives it
     */
    static Object decode(Field f, String text) throws Violation {
        switch (f) {
            case VERSION:
                if (text.equals("1")) {
                    return Integer.valueOf(1);
                }
                if (text.equals("2")) {
                    return Integer.valueOf(2);
                }
                if (wholeNumber(text)) {
                    // A newer vcstoken's store: say so rather than "out of range".
                    throw new Violation(StoreMessages.newerVersion(text, VERSION));
                }
                throw outOfRange(f);
            case AT:
                if (!wholeNumber(text) || text.length() > 12) {
                    throw outOfRange(f);
                }
                return Long.valueOf(Long.parseLong(text));
            case CRC:
                if (!wholeNumber(text) || text.length() > 10 || Long.parseLong(text) > 0xffffffffL) {
                    throw outOfRange(f);
                }
                return Long.valueOf(Long.parseLong(text));
            case URL:
                return serverUrl(f, text);
            case SERVER:
                serverUrl(f, text);
                return text;
            case KIND:
                switch (text) {
                    case "rhodecode", "generic", "gitlab", "forgejo", "gitea":
                        return text;
                    default:
                        throw outOfRange(f);
                }
            case SERVER_USER:
            case USER:
                if (!userName(text)) {
                    throw outOfRange(f);
                }
                return text;
            case SERVER_SCOPE:
                if (text.equals("repo")) {
                    return ScopePolicy.REPO;
                }
                if (text.equals("host")) {
                    return ScopePolicy.HOST;
                }
                throw outOfRange(f);
            case LIFETIME:
            case RENEW_BEFORE:
                return duration(f, text);
            case ALLOW_HTTP:
            case IGNORES_USERNAME:
            case EXPIRY_ENFORCED:
            case UNCHECKED:
                return Boolean.valueOf(text.equals("true"));
            case ID:
                if (!tokenId(text)) {
                    throw outOfRange(f);
                }
                return text;
            case ROLE:
                for (Role r : Role.values()) {
                    if (r.id().equals(text)) {
                        return r;
                    }
                }
                throw outOfRange(f);
            case SCOPE:
                if (!repoPath(text)) {
                    throw outOfRange(f);
                }
                return text;
            case EXPIRES:
            case CREATED:
            case CONFIRMED:
            case REJECTED:
            case RETIRED:
            case ROTATION_STARTED:
                return instant(f, text);
            case DESCRIPTION:
                return text;
            case ORIGIN:
                for (TokenOrigin o : TokenOrigin.values()) {
                    if (o.id().equals(text)) {
                        return o;
                    }
                }
                throw outOfRange(f);
            case SECRET:
            case SERVER_ID:
                if (text.isEmpty() || hasControl(text)) {
                    throw outOfRange(f);
                }
                return text;
            case SECRET_BACKEND:
                if (text.equals("secret-service") || text.equals("pass")) {
                    return text;
                }
                throw outOfRange(f);
            default:
                throw new AssertionError("a field with children has no single value: " + f);
        }
    }

    /**
     * Checks that an entry has what it must have, once all its fields are read.
     *
     * @param seen the bits ({@link Field#bit()}) of the fields present
     */
    static void checkComplete(Entry entry, long seen) throws Violation {
        for (Field f : FIELDS) {
            if (f.entry == entry && f.required && (seen & f.bit()) == 0) {
                throw new Violation(StoreMessages.missing(f.json, f.entry.label, f.allowed));
            }
        }
        if (entry == Entry.TOKEN) {
            boolean secret = (seen & Field.SECRET.bit()) != 0;
            boolean backEnd = (seen & Field.SECRET_BACKEND.bit()) != 0;
            if (secret == backEnd) {
                throw new Violation(StoreMessages.secretOrBackEnd(secret));
            }
        }
    }

    /** The server entry read into {@code v} (decoded values by field ordinal). */
    static ServerProfile server(Object[] v) {
        ServerUrlParts url = (ServerUrlParts) v[Field.URL.ordinal()];
        Object allowHttp = v[Field.ALLOW_HTTP.ordinal()];
        return new ServerProfile(url.origin(), url.prefix(), (String) v[Field.KIND.ordinal()],
                (String) v[Field.SERVER_USER.ordinal()], (ScopePolicy) v[Field.SERVER_SCOPE.ordinal()],
                (Duration) v[Field.LIFETIME.ordinal()], (Duration) v[Field.RENEW_BEFORE.ordinal()],
                ((Boolean) allowHttp).booleanValue(), Boolean.TRUE.equals(v[Field.IGNORES_USERNAME.ordinal()]));
    }

    /** The token entry read into {@code v}; a secret kept in a back end is made by {@code secrets}, unread. */
    static Token token(Object[] v, ExternalSecrets secrets) {
        String id = (String) v[Field.ID.ordinal()];
        String server = (String) v[Field.SERVER.ordinal()];
        String user = (String) v[Field.USER.ordinal()];
        String backEnd = (String) v[Field.SECRET_BACKEND.ordinal()];
        Secret secret = backEnd != null ? secrets.deferred(backEnd, server, user, id)
                : Secret.of((String) v[Field.SECRET.ordinal()]);
        Object enforced = v[Field.EXPIRY_ENFORCED.ordinal()];
        Object unchecked = v[Field.UNCHECKED.ordinal()];
        Instant retired = (Instant) v[Field.RETIRED.ordinal()];
        Instant rotation = (Instant) v[Field.ROTATION_STARTED.ordinal()];
        TokenState state = enforced == null && unchecked == null && retired == null && rotation == null ? TokenState.NONE
                : new TokenState(Boolean.TRUE.equals(enforced), Boolean.TRUE.equals(unchecked), retired, rotation);
        return new Token(id, server, user, (Role) v[Field.ROLE.ordinal()], (String) v[Field.SCOPE.ordinal()],
                (Instant) v[Field.EXPIRES.ordinal()], (String) v[Field.DESCRIPTION.ordinal()],
                (Instant) v[Field.CREATED.ordinal()], (TokenOrigin) v[Field.ORIGIN.ordinal()],
                (Instant) v[Field.CONFIRMED.ordinal()], (Instant) v[Field.REJECTED.ordinal()], secret,
                (String) v[Field.SERVER_ID.ordinal()], state);
    }

    /** An origin as the index names it: scheme://host[:port] exactly as {@link Origin#url()} writes it. */
    static boolean indexOrigin(String key) {
        try {
            ServerUrlParts parts = ServerUrlParts.parse(key);
            return parts.prefix().isEmpty() && parts.origin().url().equals(key);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A number of the index's ranges: a plain non-negative decimal, as the one-host shortcut reads it. */
    static boolean indexNumber(int token, String text) {
        return token == JsonReader.NUMBER && wholeNumber(text) && text.length() <= 12;
    }

    private static Violation outOfRange(Field f) {
        return new Violation(StoreMessages.outOfRange(f.json, f.entry.label, f.allowed));
    }

    private static boolean wholeNumber(String s) {
        if (s.isEmpty() || (s.length() > 1 && s.charAt(0) == '0')) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Exactly the form vcstoken writes, so that tokens find their server by the same text. */
    private static ServerUrlParts serverUrl(Field f, String text) throws Violation {
        ServerUrlParts parts;
        try {
            parts = ServerUrlParts.parse(text);
        } catch (RuntimeException e) {
            throw outOfRange(f);
        }
        String canonical = parts.prefix().isEmpty() ? parts.origin().url() : parts.origin().url() + "/" + parts.prefix();
        if (!canonical.equals(text) || (!parts.prefix().isEmpty() && !repoPath(parts.prefix()))) {
            throw outOfRange(f);
        }
        return parts;
    }

    /** A repository path or server prefix as vcstoken normalises one (see RepoPath). */
    private static boolean repoPath(String s) {
        try {
            return !s.isEmpty() && RepoPath.normaliseDecoded(s).equals(s);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** As {@code vcstoken token add --user} accepts it: it goes into Basic auth and git's protocol. */
    private static boolean userName(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || c == ':') {
                return false;
            }
        }
        return true;
    }

    /** Safe as a file name in pass's tree and as a command-line word. */
    private static boolean tokenId(String s) {
        if (s.isEmpty() || s.length() > 64) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    private static Instant instant(Field f, String s) throws Violation {
        try {
            return IsoTime.instant(s);
        } catch (RuntimeException e) {
            throw outOfRange(f);
        }
    }

    private static Duration duration(Field f, String s) throws Violation {
        Duration d;
        try {
            d = IsoTime.duration(s);
        } catch (RuntimeException e) {
            throw outOfRange(f);
        }
        if (d.isNegative() || d.isZero()) {
            throw outOfRange(f);
        }
        return d;
    }

    /** A store server URL: origin plus mount prefix. */
    record ServerUrlParts(Origin origin, String prefix) {
        static ServerUrlParts parse(String url) {
            int sep = url.indexOf("://");
            if (sep < 0) {
                throw new IllegalArgumentException(StoreMessages.serverUrlNotAUrl());
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
