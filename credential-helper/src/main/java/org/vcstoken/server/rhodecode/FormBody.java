package org.vcstoken.server.rhodecode;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An {@code application/x-www-form-urlencoded} body built as bytes, so that a password can go in
 * from its {@code char[]} without ever becoming a {@code String} (which could not be cleared).
 * {@link #clear()} overwrites every byte built from it.
 */
final class FormBody {
    private final List<byte[]> parts = new ArrayList<>();

    FormBody add(String name, String value) {
        return add(name, value.toCharArray());
    }

    /** Adds a field; the caller may clear {@code value} right after. */
    FormBody add(String name, char[] value) {
        if (!parts.isEmpty()) {
            parts.add(new byte[] {'&'});
        }
        parts.add(encode(name.toCharArray()));
        parts.add(new byte[] {'='});
        parts.add(encode(value));
        return this;
    }

    /** The body; clear it with {@link #clear(byte[])} once sent. */
    byte[] bytes() {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    void clear() {
        for (byte[] p : parts) {
            Arrays.fill(p, (byte) 0);
        }
        parts.clear();
    }

    static void clear(byte[] body) {
        Arrays.fill(body, (byte) 0);
    }

    private static byte[] encode(char[] value) {
        CharsetEncoder enc = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        ByteBuffer utf8;
        try {
            utf8 = enc.encode(CharBuffer.wrap(value));
        } catch (CharacterCodingException e) {
            // REPLACE never throws; keep the compiler's checked exception from leaking further.
            throw new AssertionError(e);
        }
        int n = 0;
        for (int i = utf8.position(); i < utf8.limit(); i++) {
            n += plain(utf8.get(i)) ? 1 : 3;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (int i = utf8.position(); i < utf8.limit(); i++) {
            byte b = utf8.get(i);
            if (b == ' ') {
                out[at++] = '+';
            } else if (plain(b)) {
                out[at++] = b;
            } else {
                out[at++] = '%';
                out[at++] = (byte) Character.toUpperCase(Character.forDigit((b >> 4) & 15, 16));
                out[at++] = (byte) Character.toUpperCase(Character.forDigit(b & 15, 16));
            }
        }
        if (utf8.hasArray()) {
            Arrays.fill(utf8.array(), (byte) 0);
        }
        return out;
    }

    private static boolean plain(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                || b == '-' || b == '.' || b == '_' || b == '*' || b == ' ';
    }
}
