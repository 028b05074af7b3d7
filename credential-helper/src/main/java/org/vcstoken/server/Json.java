package org.vcstoken.server;

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
 * Just enough JSON for the forges' REST answers, RhodeCode's token view and the demo's calls to the
 * sandbox: values become {@code Map}, {@code List}, {@code String}, {@code Long} (whole numbers:
 * the forges' ids), {@code BigDecimal} (any other number, exactly as sent), {@code Boolean} or
 * {@code null}. Jackson's streaming API keeps the class count low on the start-up path. Nesting is
 * bounded so a hostile answer cannot exhaust the stack, and a whole number too large for a
 * {@code long} is refused rather than rounded into another id.
 */
public final class Json {
    private static final int MAX_DEPTH = 32;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    private Json() {
    }

    /** Parses one JSON value and insists nothing but white space follows it. */
    public static Object parse(byte[] body) throws IOException {
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
            // Jackson's message quotes the input, which may hold a secret; only its first line
            // (where, what) is kept.
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
                return p.getDecimalValue();
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
    public static byte[] write(Object value) {
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
        } else if (v instanceof java.math.BigDecimal d) {
            g.writeNumber(d); // a number read by parse, sent back as it came
        } else if (v instanceof Double d) {
            g.writeNumber(d); // a time in seconds with a fraction (the demo's sandbox clock)
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
