package org.vcstoken.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.vcstoken.messages.StoreMessages;

/**
 * The credential lookup's shortcut through a store written by {@link StoreCodec#write}: the last
 * line indexes, per origin, where its server lines and token lines are, so a lookup reads the
 * head, the index line and those two byte ranges of the file and gives the normal parser a small
 * document, instead of reading and parsing every token of every host. The index line ends with
 * its own offset, so it is found without scanning, and its origins are sorted, so one is found by
 * a binary search (a store of a thousand hosts has an index line of 150 KB, and a byte-by-byte
 * scan of it, run by the interpreter at start-up, cost more than the rest of the lookup).
 * Anything unexpected (a file edited by hand, written by another tool or an older vcstoken, an
 * index that does not fit) returns {@code null}, and the full parser reads the whole file instead.
 * The lines it does select are read with every check of {@link StoreSchema}, and each must belong
 * to the origin asked for ({@link StoreCodec#readSelected}); the full parser checks the index
 * against every line. What the shortcut cannot see is a line of another host, edited without
 * changing its length so that it now names this one: the full parser, which every command that
 * writes uses, refuses that store.
 */
final class StoreLines {
    /** The head of a store {@link StoreCodec#write} wrote; '#' stands for the version digit. */
    private static final byte[] HEAD = "{\"version\":#,\n\"servers\":[".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION_AT = 11;
    static final byte[] INDEX = "\"index\":{\"origins\":{".getBytes(StandardCharsets.US_ASCII);
    static final byte[] CRC = "},\"crc\":".getBytes(StandardCharsets.US_ASCII);
    static final byte[] AT = ",\"at\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "}}\n".getBytes(StandardCharsets.US_ASCII);
    /** An index line longer than this (some hundred thousand hosts) is left to the full parser. */
    static final int MAX_INDEX = 32 * 1024 * 1024;

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

    /** A file opened for reading; closing it closes the file. */
    interface OpenFile extends Source, java.io.Closeable {
        /** The whole file. */
        default byte[] readAll() throws IOException {
            long n = size();
            if (n > Integer.MAX_VALUE - 8) {
                throw new IOException(StoreMessages.storeTooLarge());
            }
            return read(0, (int) n);
        }
    }

    /**
     * Opens the store file through a FileChannel, the one way Java can open a file without
     * following a symbolic link (O_NOFOLLOW). It loads some thirty classes more than java.io at
     * start, which measured as no difference in a get's CPU time (docs/benchmarks.md).
     */
    static OpenFile open(java.nio.file.Path file) throws IOException {
        // The link check before the open leaves a moment in which the file could be swapped for a
        // link to another file: the open itself refuses one.
        FileChannel channel = FileChannel.open(file, java.nio.file.StandardOpenOption.READ,
                java.nio.file.LinkOption.NOFOLLOW_LINKS);
        return new OpenFile() {
            @Override
            public long size() throws IOException {
                return channel.size();
            }

            @Override
            public byte[] read(long position, int length) throws IOException {
                ByteBuffer buf = ByteBuffer.allocate(length);
                while (buf.hasRemaining()) {
                    if (channel.read(buf, position + buf.position()) < 0) {
                        throw new IOException(StoreMessages.storeShrank());
                    }
                }
                return buf.array();
            }

            @Override
            public void close() throws IOException {
                channel.close();
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
        if (n < HEAD.length + INDEX.length + 16) {
            return null;
        }
        byte[] head = file.read(0, HEAD.length);
        byte version = head[VERSION_AT];
        head[VERSION_AT] = '#';
        if (!Arrays.equals(head, HEAD) || version < '1' || version > '9') {
            return null;
        }
        // The writer leaves origins unescaped only when there is nothing to escape: one that would
        // need it cannot be found by comparing bytes, and the full parser reads the file instead.
        for (int i = 0; i < originUrl.length(); i++) {
            char c = originUrl.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                return null;
            }
        }
        // The line ends with "},"crc":CHECKSUM,"at":OFFSET}}\n", OFFSET being where the line starts
        // and CHECKSUM the CRC-32 of the line up to the "}" that closes the origins.
        int endLength = (int) Math.min(n, 48);
        byte[] end = file.read(n - endLength, endLength);
        int atTo = endLength - END.length;
        if (!regionEquals(end, atTo, END)) {
            return null;
        }
        int atFrom = digitsBefore(end, atTo, 12);
        if (atFrom < 0 || !regionEquals(end, atFrom - AT.length, AT)) {
            return null;
        }
        int crcTo = atFrom - AT.length;
        int crcFrom = digitsBefore(end, crcTo, 10);
        if (crcFrom < 0 || !regionEquals(end, crcFrom - CRC.length, CRC)) {
            return null;
        }
        long lineStart = Long.parseLong(new String(end, atFrom, atTo - atFrom, StandardCharsets.US_ASCII));
        long checksum = Long.parseLong(new String(end, crcFrom, crcTo - crcFrom, StandardCharsets.US_ASCII));
        int tail = endLength - (crcFrom - CRC.length);
        long lineLength = n - lineStart;
        if (lineStart <= HEAD.length || lineLength > MAX_INDEX || lineLength < INDEX.length + tail) {
            return null;
        }
        // The offset must point just past a line end, at the index: an edit anywhere before the
        // index moves it and so voids it. The checksum voids an index edited in place.
        byte[] line = file.read(lineStart - 1, (int) lineLength + 1);
        if (line[0] != '\n' || !regionEquals(line, 1, INDEX)) {
            return null;
        }
        int bodyFrom = 1 + INDEX.length;
        int bodyTo = line.length - tail;
        if (bodyTo < bodyFrom || !regionEquals(line, bodyTo, CRC)) {
            return null;
        }
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(line, 1, bodyTo);
        if (crc.getValue() != checksum) {
            return null;
        }
        byte[] key = ("\"" + originUrl + "\":[").getBytes(StandardCharsets.US_ASCII);
        long[] r = new long[4];
        int found = find(line, bodyFrom, bodyTo, key);
        if (found >= 0) {
            int[] cursor = {found};
            for (int i = 0; i < 4; i++) {
                r[i] = number(line, cursor, bodyTo);
                if (r[i] < 0 || cursor[0] >= bodyTo || line[cursor[0]++] != (i < 3 ? ',' : ']')) {
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
        out.writeBytes("{\"version\":".getBytes(StandardCharsets.US_ASCII));
        out.write(version);
        out.writeBytes(",\"servers\":[".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(servers);
        out.writeBytes("],\"tokens\":[".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(tokens);
        out.writeBytes("]}".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /**
     * Binary search of the index entries {@code "ORIGIN":[a,b,c,d]}, comma-separated in
     * [from, to) and sorted by their bytes, for the one starting with {@code key}; returns the
     * position just after the key, or -1. {@code lo} is always the start of an entry.
     */
    static int find(byte[] line, int from, int to, byte[] key) {
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int e = mid == lo ? lo : nextEntry(line, mid, hi);
            if (e < 0) {
                e = lo; // no entry starts in [mid, hi): the candidates start before mid
            }
            int c = compare(line, e, hi, key);
            if (c == 0) {
                return e + key.length;
            }
            if (c < 0) {
                int next = nextEntry(line, e + 1, hi);
                if (next < 0) {
                    return -1;
                }
                lo = next;
            } else {
                if (e == lo) {
                    return -1;
                }
                hi = e;
            }
        }
        return -1;
    }

    /** The start of the first entry at or after {@code from} and before {@code to}, or -1. */
    private static int nextEntry(byte[] line, int from, int to) {
        // An entry ends with "]," and origins hold no quote, so '],"' only ever separates entries.
        for (int i = Math.max(from, 2); i < to; i++) {
            if (line[i] == '"' && line[i - 1] == ',' && line[i - 2] == ']') {
                return i;
            }
        }
        return -1;
    }

    /** The entry at {@code at} compared with {@code key}, byte by byte (unsigned), as the writer sorted them. */
    private static int compare(byte[] line, int at, int to, byte[] key) {
        for (int i = 0; i < key.length; i++) {
            if (at + i >= to) {
                return -1;
            }
            int a = line[at + i] & 0xff;
            int b = key[i] & 0xff;
            if (a != b) {
                return a < b ? -1 : 1;
            }
        }
        return 0;
    }

    /** The start of the 1 to {@code max} decimal digits that end at {@code to}, or -1. */
    private static int digitsBefore(byte[] b, int to, int max) {
        int from = to;
        while (from > 0 && b[from - 1] >= '0' && b[from - 1] <= '9') {
            from--;
        }
        return from == to || to - from > max ? -1 : from;
    }

    private static boolean regionEquals(byte[] b, int from, byte[] expected) {
        if (from < 0 || b.length - from < expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (b[from + i] != expected[i]) {
                return false;
            }
        }
        return true;
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
}
