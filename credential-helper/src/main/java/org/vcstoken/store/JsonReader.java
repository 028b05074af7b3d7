package org.vcstoken.store;

import java.nio.charset.StandardCharsets;

/**
 * A strict JSON pull reader (RFC 8259) over the bytes of the store file.
 *
 * <p>Why not Jackson: a credential lookup reads a few kilobytes, and setting up Jackson's factory
 * and parser (recycler pools, symbol tables, var handles) cost the helper more start-up time than
 * the whole parse. This reader is one class and accepts what Jackson accepts (a test compares the
 * two on generated input), except that it refuses an escape (backslash-u) of half a surrogate
 * pair, which is no character; Jackson still writes the store.
 *
 * <p>Error messages give the line and column, never the text: a corrupt store can put part of a
 * secret anywhere.
 */
final class JsonReader {
    static final int END = 0;
    static final int START_OBJECT = 1;
    static final int END_OBJECT = 2;
    static final int START_ARRAY = 3;
    static final int END_ARRAY = 4;
    static final int FIELD_NAME = 5;
    static final int STRING = 6;
    static final int NUMBER = 7;
    static final int TRUE = 8;
    static final int FALSE = 9;
    static final int NULL = 10;

    /** Longer strings are refused: no store value comes near it, and it bounds the memory of a hostile file. */
    static final int MAX_STRING = 1 << 20;
    /** Deeper nesting is refused; the store itself nests four levels. */
    static final int MAX_DEPTH = 1000;

    // What the next token may be.
    private static final int VALUE = 0;
    private static final int VALUE_OR_END = 1; // after '['
    private static final int NAME_OR_END = 2; // after '{'
    private static final int NAME = 3; // after ',' in an object
    private static final int COLON = 4; // after a field name
    private static final int COMMA_OR_END = 5; // after a value inside a container
    private static final int DONE = 6; // after the top-level value

    private final byte[] b;
    private final int end;
    private int pos;
    private int line = 1;
    private int lineStart;
    private int tokenLine = 1;
    private int tokenStart;
    private int expect = VALUE;
    /** For each open container: true for an object. */
    private boolean[] objects = new boolean[8];
    private int depth;
    private int current = -1;
    private String text;

    JsonReader(byte[] bytes) {
        this.b = bytes;
        this.end = bytes.length;
        // A UTF-8 byte order mark, as some editors write one.
        if (end >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf) {
            pos = 3;
            lineStart = 3;
        }
    }

    /** The current token: one of the constants above, {@code -1} before the first. */
    int current() {
        return current;
    }

    /** The line (from 1) where the current token starts. */
    int line() {
        return tokenLine;
    }

    /** The byte offset where the current token starts. */
    int start() {
        return tokenStart;
    }

    /** The byte offset just past the current token. */
    int end() {
        return pos;
    }

    /** The field name, string value or number text of the current token; "true"/"false" for those; else null. */
    String text() {
        return text;
    }

    /** Moves to the next token and returns it; {@link #END} after the top-level value. */
    int next() throws JsonException {
        skipWhitespace();
        tokenLine = line;
        tokenStart = pos;
        text = null;
        if (expect == DONE) {
            if (pos < end) {
                throw error("unexpected content after the top-level value");
            }
            return current = END;
        }
        if (pos >= end) {
            throw error("unexpected end of input");
        }
        byte c = b[pos];
        switch (expect) {
            case COMMA_OR_END:
                if (c == ',') {
                    pos++;
                    expect = objects[depth - 1] ? NAME : VALUE;
                    return next();
                }
                return closing(c, objects[depth - 1]);
            case NAME_OR_END:
                if (c == '}') {
                    return closing(c, true);
                }
                return name(c);
            case NAME:
                return name(c);
            case COLON:
                if (c != ':') {
                    throw error("expected ':' after a field name");
                }
                pos++;
                expect = VALUE;
                return next();
            case VALUE_OR_END:
                if (c == ']') {
                    return closing(c, false);
                }
                return value(c);
            default:
                return value(c);
        }
    }

    private int closing(byte c, boolean object) throws JsonException {
        if (c != (object ? '}' : ']')) {
            throw error(object ? "expected ',' or '}'" : "expected ',' or ']'");
        }
        pos++;
        depth--;
        afterValue();
        return current = object ? END_OBJECT : END_ARRAY;
    }

    private int name(byte c) throws JsonException {
        if (c != '"') {
            throw error("expected a field name in double quotes");
        }
        text = string();
        expect = COLON;
        return current = FIELD_NAME;
    }

    private int value(byte c) throws JsonException {
        switch (c) {
            case '{':
            case '[':
                if (depth == MAX_DEPTH) {
                    throw error("nested more than " + MAX_DEPTH + " levels deep");
                }
                if (depth == objects.length) {
                    objects = java.util.Arrays.copyOf(objects, depth * 2);
                }
                objects[depth++] = c == '{';
                pos++;
                expect = c == '{' ? NAME_OR_END : VALUE_OR_END;
                return current = c == '{' ? START_OBJECT : START_ARRAY;
            case '"':
                text = string();
                afterValue();
                return current = STRING;
            case 't':
                literal("true");
                text = "true";
                return current = TRUE;
            case 'f':
                literal("false");
                text = "false";
                return current = FALSE;
            case 'n':
                literal("null");
                return current = NULL;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    text = number();
                    afterValue();
                    return current = NUMBER;
                }
                throw error("expected a value");
        }
    }

    private void afterValue() {
        expect = depth == 0 ? DONE : COMMA_OR_END;
    }

    private void literal(String word) throws JsonException {
        int n = word.length();
        if (end - pos < n) {
            throw error("expected a value");
        }
        for (int i = 0; i < n; i++) {
            if (b[pos + i] != word.charAt(i)) {
                throw error("expected a value");
            }
        }
        pos += n;
        afterValue();
    }

    /** -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
    private String number() throws JsonException {
        int start = pos;
        if (b[pos] == '-') {
            pos++;
        }
        if (pos < end && b[pos] == '0') {
            pos++;
        } else if (digits() == 0) {
            throw error("malformed number");
        }
        if (pos < end && b[pos] == '.') {
            pos++;
            if (digits() == 0) {
                throw error("malformed number");
            }
        }
        if (pos < end && (b[pos] == 'e' || b[pos] == 'E')) {
            pos++;
            if (pos < end && (b[pos] == '+' || b[pos] == '-')) {
                pos++;
            }
            if (digits() == 0) {
                throw error("malformed number");
            }
        }
        if (pos < end && (b[pos] >= '0' && b[pos] <= '9')) {
            throw error("malformed number"); // a leading zero followed by digits
        }
        return new String(b, start, pos - start, StandardCharsets.ISO_8859_1);
    }

    private int digits() {
        int start = pos;
        while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
            pos++;
        }
        return pos - start;
    }

    /** The string starting at the opening quote under the cursor; leaves the cursor past the closing one. */
    private String string() throws JsonException {
        int start = ++pos;
        // The common case: printable ASCII without escapes, copied as it is.
        while (pos < end) {
            int c = b[pos];
            if (c == '"') {
                checkLength(pos - start);
                return new String(b, start, pos++ - start, StandardCharsets.ISO_8859_1);
            }
            if (c == '\\' || c < 0x20) { // a negative byte is the start of a multi-byte character
                break;
            }
            pos++;
        }
        StringBuilder s = new StringBuilder(pos - start + 16);
        for (int i = start; i < pos; i++) {
            s.append((char) b[i]);
        }
        while (true) {
            if (pos >= end) {
                throw error("unterminated string");
            }
            int c = b[pos] & 0xff;
            if (c == '"') {
                pos++;
                return s.toString();
            }
            if (c == '\\') {
                escape(s);
            } else if (c < 0x20) {
                throw error("control character in a string (escape it)");
            } else if (c < 0x80) {
                s.append((char) c);
                pos++;
            } else {
                s.appendCodePoint(utf8(c));
            }
            checkLength(s.length());
        }
    }

    private void checkLength(int length) throws JsonException {
        if (length > MAX_STRING) {
            throw error("a string longer than " + MAX_STRING + " characters");
        }
    }

    private void escape(StringBuilder s) throws JsonException {
        if (pos + 1 >= end) {
            throw error("unterminated string");
        }
        byte e = b[pos + 1];
        pos += 2;
        switch (e) {
            case '"' -> s.append('"');
            case '\\' -> s.append('\\');
            case '/' -> s.append('/');
            case 'b' -> s.append('\b');
            case 'f' -> s.append('\f');
            case 'n' -> s.append('\n');
            case 'r' -> s.append('\r');
            case 't' -> s.append('\t');
            case 'u' -> {
                char c = hex4();
                if (Character.isLowSurrogate(c)) {
                    throw error("unpaired surrogate in a \\u escape");
                }
                if (Character.isHighSurrogate(c)) {
                    // Only a pair makes a character; Jackson lets a lone one through in values but not in names.
                    if (end - pos < 2 || b[pos] != '\\' || b[pos + 1] != 'u') {
                        throw error("unpaired surrogate in a \\u escape");
                    }
                    pos += 2;
                    char low = hex4();
                    if (!Character.isLowSurrogate(low)) {
                        throw error("unpaired surrogate in a \\u escape");
                    }
                    s.append(c);
                    c = low;
                }
                s.append(c);
            }
            default -> throw error("bad escape in a string");
        }
    }

    /** The four hex digits of a backslash-u escape under the cursor, moving past them. */
    private char hex4() throws JsonException {
        if (end - pos < 4) {
            throw error("unterminated string");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(b[pos + i], 16);
            if (d < 0) {
                throw error("bad \\u escape");
            }
            v = v * 16 + d;
        }
        pos += 4;
        return (char) v;
    }

    /** Decodes one multi-byte UTF-8 sequence whose lead byte is {@code lead}; refuses malformed ones. */
    private int utf8(int lead) throws JsonException {
        int extra;
        int cp;
        int min;
        if (lead >= 0xc2 && lead <= 0xdf) {
            extra = 1;
            cp = lead & 0x1f;
            min = 0x80;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            extra = 2;
            cp = lead & 0x0f;
            min = 0x800;
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            extra = 3;
            cp = lead & 0x07;
            min = 0x10000;
        } else {
            throw error("invalid UTF-8");
        }
        if (end - pos <= extra) {
            throw error("invalid UTF-8");
        }
        for (int i = 1; i <= extra; i++) {
            int c = b[pos + i] & 0xff;
            if ((c & 0xc0) != 0x80) {
                throw error("invalid UTF-8");
            }
            cp = (cp << 6) | (c & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            throw error("invalid UTF-8");
        }
        pos += extra + 1;
        return cp;
    }

    private void skipWhitespace() {
        while (pos < end) {
            byte c = b[pos];
            if (c == '\n') {
                line++;
                lineStart = pos + 1;
            } else if (c != ' ' && c != '\t' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private JsonException error(String what) {
        return new JsonException(what, line, pos - lineStart + 1);
    }

    /** Malformed JSON; the message names the problem and where, never the text. */
    static final class JsonException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int line;
        private final int column;

        JsonException(String message, int line, int column) {
            super(message);
            this.line = line;
            this.column = column;
        }

        int line() {
            return line;
        }

        int column() {
            return column;
        }
    }
}
