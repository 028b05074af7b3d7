package org.vcstoken.server.gitlab;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vcstoken.messages.ServerMessages;

/**
 * Just enough JSON for GitLab's REST answers and request bodies: values become {@code Map},
 * {@code List}, {@code String}, {@code Long} (whole numbers: GitLab's ids), {@code Double},
 * {@code Boolean} or {@code null}. Nesting is bounded so a hostile answer cannot exhaust the
 * stack; a number too large for a {@code long} is refused rather than rounded into another id.
 */
final class GitLabJson {
    private static final int MAX_DEPTH = 32;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    private GitLabJson() {
    }

    /** Parses one JSON value and insists nothing but white space follows it. */
    static Object parse(byte[] body) throws IOException {
        try (JsonParser p = FACTORY.createParser(body)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new IOException(ServerMessages.jsonEmpty());
            }
            Object value = read(p, first);
            if (p.nextToken() != null) {
                throw new IOException(ServerMessages.jsonTrailingText());
            }
            return value;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            // Jackson's message quotes the input; only its first line (where, what) is kept.
            String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            throw new IOException(m.lines().findFirst().orElseGet(ServerMessages::jsonMalformed), e);
        }
    }

    private static Object read(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    if (k == null) {
                        throw new IOException(ServerMessages.jsonEndsInObject());
                    }
                    String name = p.currentName();
                    m.put(name, read(p, p.nextToken()));
                }
                return m;
            }
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
                    if (v == null) {
                        throw new IOException(ServerMessages.jsonEndsInArray());
                    }
                    l.add(read(p, v));
                }
                return l;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw new IOException(ServerMessages.jsonNumberTooLarge());
                }
                return p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException(ServerMessages.jsonEndsEarly());
        }
    }

    /** Writes a value built from maps, lists, strings, numbers, booleans and nulls. */
    static byte[] write(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, value);
        } catch (IOException e) {
            // Writing to memory cannot fail; only a bug (an unsupported type) gets here.
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object o : l) {
                write(g, o);
            }
            g.writeEndArray();
        } else {
            throw new IllegalArgumentException(ServerMessages.jsonUnwritable(v.getClass().getName()));
        }
    }
}
