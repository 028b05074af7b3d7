package org.vcstoken.request;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.vcstoken.messages.InputMessages;

/**
 * Normalises the repository part of a request path. Anything ambiguous is refused rather than
 * guessed, because the result decides which repository's token is handed out.
 */
public final class RepoPath {
    private RepoPath() {
    }

    /**
     * Percent-decodes once, drops leading and trailing slashes and a trailing {@code .git}, and
     * refuses {@code .}/{@code ..} segments, empty segments, control characters and anything that
     * is still percent-encoded after one decoding.
     *
     * @return the normalised path, "" for none
     * @throws IllegalArgumentException naming what is wrong
     */
    public static String normalise(String raw) {
        return raw == null ? "" : checked(percentDecode(raw));
    }

    /**
     * For a path its sender already percent-decoded, as git and the hg extension send {@code path=}:
     * the same checks without decoding again. A {@code %} left in it was encoded twice in the URL
     * ({@code %252F}); decoding it here would name another repository, so it is refused.
     */
    public static String normaliseDecoded(String decoded) {
        return decoded == null ? "" : checked(decoded);
    }

    private static String checked(String decoded) {
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            // C1 controls too: U+009B is a terminal escape (CSI) when the path is echoed in a message.
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException(InputMessages.repoPathControlCharacter());
            }
            if (c == '\\') {
                throw new IllegalArgumentException(InputMessages.repoPathBackslash());
            }
        }
        if (decoded.indexOf('%') >= 0) {
            throw new IllegalArgumentException(InputMessages.repoPathEncodedTwice());
        }
        String p = decoded;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.endsWith(".git")) {
            p = p.substring(0, p.length() - 4);
            while (p.endsWith("/")) {
                p = p.substring(0, p.length() - 1);
            }
        }
        if (p.isEmpty()) {
            return "";
        }
        for (String segment : p.split("/", -1)) {
            if (segment.isEmpty()) {
                throw new IllegalArgumentException(InputMessages.repoPathEmptySegment());
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException(InputMessages.repoPathDotSegment(segment));
            }
        }
        return p;
    }

    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '%') {
                if (i + 2 >= bytes.length || hex(bytes[i + 1]) < 0 || hex(bytes[i + 2]) < 0) {
                    throw new IllegalArgumentException(InputMessages.repoPathBadEscape());
                }
                out.write(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
                i += 2;
            } else {
                out.write(b);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(InputMessages.repoPathNotUtf8());
        }
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }
}
