package org.vcstoken.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The credential lookup's shortcut through a store written by {@link StoreCodec#write}: the last
 * line indexes, per origin, where its server lines and token lines are, so a lookup reads the
 * head, the tail and those two byte ranges of the file and gives the normal parser a small
 * document, instead of reading and parsing every token of every host. Anything unexpected (a file
 * edited by hand, written by another tool, an index that does not fit) returns {@code null}, and
 * the full parser reads the whole file instead.
 */
final class StoreLines {
    private static final byte[] HEAD = "{\"version\":1,\n\"servers\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INDEX = "\"index\":{\"at\":".getBytes(StandardCharsets.US_ASCII);
    /** Enough for the index of a few thousand hosts; a longer index falls back to the full read. */
    static final int TAIL = 256 * 1024;

    private StoreLines() {
    }

    /** Random access to the file's bytes. */
    interface Source {
        long size() throws IOException;

        byte[] read(long position, int length) throws IOException;
    }

    static Source of(byte[] file) {
        return new Source() {
            @Override
            public long size() {
                return file.length;
            }

            @Override
            public byte[] read(long position, int length) {
                return Arrays.copyOfRange(file, (int) position, (int) position + length);
            }
        };
    }

    static Source of(FileChannel channel) {
        return new Source() {
            @Override
            public long size() throws IOException {
                return channel.size();
            }

            @Override
            public byte[] read(long position, int length) throws IOException {
                ByteBuffer buf = ByteBuffer.allocate(length);
                while (buf.hasRemaining()) {
                    if (channel.read(buf, position + buf.position()) < 0) {
                        throw new IOException("the store file shrank while it was read");
                    }
                }
                return buf.array();
            }
        };
    }

    static byte[] select(byte[] file, String originUrl) {
        try {
            return select(of(file), originUrl);
        } catch (IOException e) {
            throw new AssertionError("reading an array cannot fail", e);
        }
    }

    /** The store reduced to one origin's servers and tokens, or {@code null} to use the full parser. */
    static byte[] select(Source file, String originUrl) throws IOException {
        long n = file.size();
        if (n < HEAD.length + 4 || !Arrays.equals(file.read(0, HEAD.length), HEAD)) {
            return null;
        }
        int tailLength = (int) Math.min(n, TAIL);
        long base = n - tailLength;
        byte[] tail = file.read(base, tailLength);
        int t = tail.length;
        if (tail[t - 1] != '\n' || tail[t - 2] != '}') {
            return null;
        }
        int lineStartInTail = lastIndexOf(tail, t - 2, (byte) '\n') + 1;
        if (lineStartInTail == 0 && base > 0) {
            return null; // the index line is longer than the tail we read
        }
        long lineStart = base + lineStartInTail;
        if (lineStart <= HEAD.length || !startsWith(tail, lineStartInTail, INDEX)) {
            return null;
        }
        int[] cursor = {lineStartInTail + INDEX.length};
        // The index records where it starts; any edit before it moves it and voids the index.
        if (number(tail, cursor, t) != lineStart) {
            return null;
        }
        byte[] key = ("\"" + originUrl + "\":[").getBytes(StandardCharsets.UTF_8);
        int found = indexOf(tail, cursor[0], t, key);
        long[] r = new long[4];
        if (found >= 0) {
            cursor[0] = found + key.length;
            for (int i = 0; i < 4; i++) {
                r[i] = number(tail, cursor, t);
                if (r[i] < 0 || (i < 3 && tail[cursor[0]++] != ',')) {
                    return null;
                }
            }
        }
        byte[] servers = slice(file, r[0], r[1], lineStart);
        byte[] tokens = slice(file, r[2], r[3], lineStart);
        if (servers == null || tokens == null) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(servers.length + tokens.length + 64);
        out.writeBytes("{\"version\":1,\"servers\":[".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(servers);
        out.writeBytes("],\"tokens\":[".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(tokens);
        out.writeBytes("]}".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** A range of whole lines that are objects, inside the body; null when it is not. */
    private static byte[] slice(Source file, long from, long length, long limit) throws IOException {
        if (length == 0) {
            return new byte[0];
        }
        long end = from + length;
        if (from < HEAD.length || end >= limit || length > Integer.MAX_VALUE - 2) {
            return null;
        }
        byte[] withEdges = file.read(from - 1, (int) length + 2);
        int last = withEdges.length - 1;
        boolean wholeLines = withEdges[0] == '\n' && withEdges[1] == '{' && withEdges[last - 1] == '}'
                && (withEdges[last] == '\n' || withEdges[last] == ',');
        return wholeLines ? Arrays.copyOfRange(withEdges, 1, last) : null;
    }

    /** A non-negative decimal at the cursor, moving it past; -1 when there is none. */
    private static long number(byte[] b, int[] cursor, int limit) {
        long v = 0;
        int i = cursor[0];
        int start = i;
        while (i < limit && b[i] >= '0' && b[i] <= '9' && i - start < 12) {
            v = v * 10 + (b[i] - '0');
            i++;
        }
        cursor[0] = i;
        return i == start ? -1 : v;
    }

    private static boolean startsWith(byte[] b, int from, byte[] prefix) {
        if (b.length - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int lastIndexOf(byte[] b, int before, byte value) {
        for (int i = before - 1; i >= 0; i--) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOf(byte[] b, int from, int to, byte[] needle) {
        int last = to - needle.length;
        for (int i = from; i <= last; i++) {
            if (b[i] == needle[0]) {
                int j = 1;
                while (j < needle.length && b[i + j] == needle[j]) {
                    j++;
                }
                if (j == needle.length) {
                    return i;
                }
            }
        }
        return -1;
    }
}
