package org.vcstoken.svn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.vcstoken.messages.SvnMessages;

/**
 * Which svn cache entries vcstoken manages: one line per configured server, with its realm, the
 * cache directory, a SHA-256 of the bytes vcstoken last wrote there ("-" for none) and when the
 * token in those bytes expires (Unix seconds, rounded up; "-" for never or nothing cached). The hash
 * tells our entry from one svn or the user wrote for the same realm, which is never touched; the
 * expiry lets every vcstoken run see, by reading this one small file, that an entry now holds an
 * expired token (see {@link SvnAuthExpiry}). Kept beside the token store, because every process
 * that changes the store must find it.
 *
 * <p>Lines written before the expiry column existed have four fields; they read as "expiry
 * unknown", which the next run treats as due, and the sync then writes five.
 */
final class SvnAuthIndex {
    static final String FILE_NAME = "svn-auth.index";
    static final String NONE = "-";
    /** The cached token never expires, or nothing is cached. */
    static final long NEVER = Long.MAX_VALUE;
    /** A line from before the expiry column ("?" once rewritten): a sync is due to find out. */
    static final long UNKNOWN = Long.MIN_VALUE;
    static final String UNKNOWN_FIELD = "?";

    /** @param expires Unix seconds (rounded up) when the cached token expires, {@link #NEVER} or {@link #UNKNOWN} */
    record Entry(String server, String realm, Path svnSimpleDir, String written, long expires) {
        Entry withWritten(String hash, long expiry) {
            return new Entry(server, realm, svnSimpleDir, hash, expiry);
        }

        SvnAuthCache cache() {
            return new SvnAuthCache(svnSimpleDir);
        }
    }

    private final Path file;

    SvnAuthIndex(Path dataDir) {
        this.file = dataDir.resolve(FILE_NAME);
    }

    Path file() {
        return file;
    }

    boolean exists() {
        return Files.exists(file, LinkOption.NOFOLLOW_LINKS);
    }

    List<Entry> read() throws IOException {
        if (!exists()) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        int number = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            number++;
            String[] f = line.split("\t", -1);
            if (f.length != 4 && f.length != 5) {
                throw damaged(number, "not 5 tab-separated fields");
            }
            long expires = UNKNOWN;
            if (f.length == 5 && !f[4].equals(UNKNOWN_FIELD)) {
                expires = parseExpiry(f[4]);
                if (expires == UNKNOWN) {
                    throw damaged(number, "the expiry '" + f[4] + "' is neither -, ? nor Unix seconds");
                }
            }
            entries.add(new Entry(f[0], f[1], file.getFileSystem().getPath(f[2]), f[3], expires));
        }
        return entries;
    }

    private IOException damaged(int line, String why) {
        return new IOException(SvnMessages.indexDamaged(file, line, why));
    }

    /** "-" is {@link #NEVER}; digits are Unix seconds; anything else ("?" among them) is {@link #UNKNOWN}. */
    static long parseExpiry(String field) {
        if (field.equals(NONE)) {
            return NEVER;
        }
        if (field.isEmpty() || field.length() > 18) {
            return UNKNOWN;
        }
        long seconds = 0;
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c < '0' || c > '9') {
                return UNKNOWN;
            }
            seconds = seconds * 10 + (c - '0');
        }
        return seconds;
    }

    /** The expiry column for a token's expiry: whole seconds rounded up, so "due" is never early. */
    static long expiryOf(Instant expires) {
        if (expires == null) {
            return NEVER;
        }
        return expires.getNano() == 0 ? expires.getEpochSecond() : expires.getEpochSecond() + 1;
    }

    void write(List<Entry> entries) throws IOException {
        StringBuilder b = new StringBuilder();
        for (Entry e : entries) {
            b.append(e.server()).append('\t').append(e.realm()).append('\t').append(e.svnSimpleDir()).append('\t')
                    .append(e.written()).append('\t')
                    .append(e.expires() == NEVER ? NONE : e.expires() == UNKNOWN ? UNKNOWN_FIELD
                            : Long.toString(e.expires()))
                    .append('\n');
        }
        Files.createDirectories(file.getParent());
        DurableFiles.replace(file, b.toString().getBytes(StandardCharsets.UTF_8), ".svn-auth-");
    }

    void delete() throws IOException {
        DurableFiles.delete(file);
    }
}
