package org.vcstoken.svn;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Consumer;
import org.vcstoken.store.TokenStore;
import org.vcstoken.token.Token;

/**
 * The check every vcstoken run makes so that an expired server-wide token leaves svn's cache then,
 * not only at the next change to the store: svn itself would go on sending it, and fail.
 *
 * <p>It sits on the credential helper's {@code get} path, so it costs what that path can afford:
 * without svn configured one {@code stat}; with it, one read of the small index, whose last column
 * says when each cached token expires, and a comparison with the clock. Only an entry that has
 * expired (or a line without an expiry, written by an older version) loads the sync itself, which
 * then rewrites or deletes the entry under its lock. Nothing here allocates a lambda or touches
 * java.nio's channels (see GetPathClassLoadTest).
 */
public final class SvnAuthExpiry {
    private SvnAuthExpiry() {
    }

    /**
     * Brings svn's cache in step when an entry vcstoken wrote holds a token that has expired by
     * {@code clock}. A failure is one warning line, never the caller's failure.
     */
    public static void syncIfExpired(TokenStore store, Clock clock, Consumer<String> warn) {
        Path dataDir = store.file().getParent();
        if (dataDir == null) {
            return;
        }
        boolean due;
        try {
            byte[] index = read(dataDir.resolve(SvnAuthIndex.FILE_NAME));
            due = index != null && due(index, clock.instant().getEpochSecond());
        } catch (IOException e) {
            due = true; // unreadable: the sync reads it again and its warning says why
        }
        if (due) {
            SvnAuthSync.syncExpired(store, clock, warn);
        }
    }

    /** The index's bytes, or null when there is none (svn was never configured). */
    private static byte[] read(Path file) throws IOException {
        if (file.getFileSystem() == FileSystems.getDefault()) {
            // java.io, as the store reader: already loaded by the time a get gets here.
            File f = file.toFile();
            if (!f.isFile()) {
                return null;
            }
            try (FileInputStream in = new FileInputStream(f)) {
                return in.readAllBytes();
            } catch (FileNotFoundException e) {
                return null; // removed since the stat: unconfigured in between
            }
        }
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Files.readAllBytes(file) : null;
    }

    /**
     * Whether a line's expiry (its fifth tab-separated field, Unix seconds) has come by {@code now},
     * counting the clock-skew margin the token selector counts, or the line has no expiry ("?", or
     * four fields); "-" never expires. A line in any other shape is due too: the sync reads the
     * index strictly and reports the damage.
     */
    static boolean due(byte[] index, long now) {
        long threshold = now + Token.CLOCK_SKEW.getSeconds();
        int tabs = 0;
        int field = 0;
        for (int i = 0; i <= index.length; i++) {
            byte b = i == index.length ? (byte) '\n' : index[i];
            if (b == '\t') {
                tabs++;
                if (tabs == 4) {
                    field = i + 1;
                }
            } else if (b == '\n') {
                boolean empty = tabs == 0 && (i == 0 || index[i - 1] == '\n');
                if (i == index.length && empty) {
                    return false; // the end after a final newline, or an empty file
                }
                if (tabs != 4 || lineDue(index, field, i, threshold)) {
                    return true;
                }
                tabs = 0;
            }
        }
        return false;
    }

    private static boolean lineDue(byte[] b, int from, int to, long threshold) {
        if (to - from == 1 && b[from] == '-') {
            return false;
        }
        if (to == from || to - from > 18) {
            return true;
        }
        long seconds = 0;
        for (int i = from; i < to; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return true;
            }
            seconds = seconds * 10 + (b[i] - '0');
        }
        return seconds <= threshold;
    }
}
