package org.vcstoken.git;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.vcstoken.messages.InputMessages;

/**
 * Reads and writes git credential protocol messages: {@code key=value} lines up to a blank line
 * or end of input. Bounded: a line longer than git's own limit or more lines than any real request
 * has are refused, so hostile input cannot make the helper hold unbounded memory.
 */
public final class CredentialCodec {
    /** git refuses longer lines itself. */
    public static final int MAX_LINE = 65535;
    static final int MAX_LINES = 1000;

    /** Attributes this helper reads; everything else is ignored as the protocol requires. */
    static final Set<String> KNOWN = Set.of("protocol", "host", "path", "username", "password", "url",
            "password_expiry_utc", "vcs");

    private CredentialCodec() {
    }

    /**
     * Reads one message.
     *
     * @throws ProtocolException naming what was wrong with the input; never quoting a value
     */
    public static CredentialMessage read(InputStream in) throws IOException, ProtocolException {
        Map<String, String> attrs = new HashMap<>();
        byte[] buf = new byte[256];
        int lines = 0;
        while (true) {
            int len = 0;
            int b;
            boolean eof = false;
            while (true) {
                b = in.read();
                if (b == -1) {
                    eof = true;
                    break;
                }
                if (b == '\n') {
                    break;
                }
                // A line may hold MAX_LINE bytes (plus the CR of a CRLF end); the next byte makes it too long.
                if (len >= MAX_LINE && !(len == MAX_LINE && b == '\r')) {
                    // Keep the message bounded but report the real reason.
                    throw new ProtocolException(InputMessages.protocolLineTooLong(MAX_LINE));
                }
                if (len == buf.length) {
                    byte[] bigger = new byte[Math.min(buf.length * 2, MAX_LINE + 1)];
                    System.arraycopy(buf, 0, bigger, 0, len);
                    buf = bigger;
                }
                buf[len++] = (byte) b;
            }
            if (len > 0 && buf[len - 1] == '\r') {
                len--; // CRLF line ends, as git's own reader accepts
            }
            if (len == 0) {
                break; // blank line or end of input ends the message
            }
            if (++lines > MAX_LINES) {
                throw new ProtocolException(InputMessages.protocolTooManyLines(MAX_LINES));
            }
            int eq = 0;
            while (eq < len && buf[eq] != '=') {
                eq++;
            }
            if (eq == 0 || eq == len) {
                throw new ProtocolException(InputMessages.protocolNotKeyValue());
            }
            String key = decode(buf, 0, eq);
            if (!KNOWN.contains(key)) {
                // Keys vcstoken does not use are skipped unread, as git's protocol asks: newer gits
                // pass server headers through (wwwauth[]), which need not be UTF-8.
                if (eof) {
                    break;
                }
                continue;
            }
            String value = decode(buf, eq + 1, len - eq - 1);
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == 0) {
                    throw new ProtocolException(InputMessages.protocolValueHasNul(printableKey(key)));
                }
                if (c == '\r') {
                    throw new ProtocolException(InputMessages.protocolValueHasCarriageReturn(printableKey(key)));
                }
            }
            attrs.put(key, value);
            if (eof) {
                break;
            }
        }
        return new CredentialMessage(attrs);
    }

    private static String decode(byte[] buf, int off, int len) throws ProtocolException {
        String s = new String(buf, off, len, StandardCharsets.UTF_8);
        // The String constructor replaces malformed input instead of reporting it, and a replaced
        // line no longer encodes to the same bytes. Checking that way costs the helper none of the
        // charset decoder classes a strict decoder loads.
        byte[] again = s.getBytes(StandardCharsets.UTF_8);
        if (!Arrays.equals(again, 0, again.length, buf, off, off + len)) {
            throw new ProtocolException(InputMessages.protocolNotUtf8());
        }
        return s;
    }

    private static String printableKey(String key) {
        StringBuilder b = new StringBuilder();
        key.codePoints().limit(40).forEach(cp -> b.appendCodePoint(cp < 0x20 || cp == 0x7f ? '?' : cp));
        return b.toString();
    }

    /** Writes {@code key=value} lines; values were validated when they entered the store. */
    public static void write(OutputStream out, Map<String, String> attributes) throws IOException {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            String v = e.getValue();
            if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0 || v.indexOf('\0') >= 0) {
                throw new IllegalArgumentException(InputMessages.protocolAnswerLineBreak(e.getKey()));
            }
            b.append(e.getKey()).append('=').append(v).append('\n');
        }
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
