package org.vcstoken.svn;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.vcstoken.messages.SvnMessages;

/**
 * Subversion's plain-text password cache, {@code <config-dir>/auth/svn.simple/<md5 of realm>}: the
 * file the native svn client reads before it would prompt. Entries are written in exactly the bytes
 * svn writes itself (keys sorted, {@code K len / key / V len / value}, then {@code END}), 0600,
 * through a temporary file and a rename, so svn never reads a half-written entry, and forced to disk
 * so that a rewrite or deletion (of a refused token) is not undone by a crash.
 */
public final class SvnAuthCache {
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");

    private final Path dir;

    /** @param svnSimpleDir the {@code auth/svn.simple} directory of an svn configuration directory */
    public SvnAuthCache(Path svnSimpleDir) {
        this.dir = svnSimpleDir;
    }

    /** The cache of an svn configuration directory ({@code ~/.subversion} by default). */
    public static SvnAuthCache inConfigDir(Path svnConfigDir) {
        return new SvnAuthCache(svnConfigDir.resolve("auth").resolve("svn.simple"));
    }

    public Path directory() {
        return dir;
    }

    /** The file svn looks up for {@code realm}: the lower-case hex MD5 of the realm string's bytes. */
    public Path fileFor(String realm) {
        return dir.resolve(md5Hex(realm.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The bytes of an entry as svn writes them: keys in sorted order (svn sorts before it writes a
     * hash), lengths in bytes, passtype {@code simple} (svn ignores an entry without a passtype).
     */
    public static byte[] encode(String realm, String username, String password) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        pair(out, "passtype", "simple");
        pair(out, "password", password);
        pair(out, "svn:realmstring", realm);
        pair(out, "username", username);
        out.writeBytes("END\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static void pair(ByteArrayOutputStream out, String key, String value) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(("K " + k.length + "\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(k);
        out.write('\n');
        out.writeBytes(("V " + v.length + "\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(v);
        out.write('\n');
    }

    /**
     * Parses an entry in svn's hash-dump format.
     *
     * @throws IllegalArgumentException when the bytes are not in that format
     */
    public static Map<String, String> decode(byte[] bytes) {
        Map<String, String> values = new LinkedHashMap<>();
        int at = 0;
        while (true) {
            int nl = indexOf(bytes, at);
            String line = new String(bytes, at, nl - at, StandardCharsets.UTF_8);
            at = nl + 1;
            if (line.equals("END")) {
                return values;
            }
            if (!line.startsWith("K ")) {
                throw new IllegalArgumentException(SvnMessages.cacheExpectedKey(line));
            }
            int kl = Integer.parseInt(line.substring(2));
            String key = new String(bytes, at, kl, StandardCharsets.UTF_8);
            at += kl + 1;
            nl = indexOf(bytes, at);
            line = new String(bytes, at, nl - at, StandardCharsets.UTF_8);
            at = nl + 1;
            if (!line.startsWith("V ")) {
                throw new IllegalArgumentException(SvnMessages.cacheExpectedValue(key));
            }
            int vl = Integer.parseInt(line.substring(2));
            values.put(key, new String(bytes, at, vl, StandardCharsets.UTF_8));
            at += vl + 1;
        }
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        throw new IllegalArgumentException(SvnMessages.cacheTruncated());
    }

    /** The entry's bytes, or {@code null} when there is none (a symbolic link counts as none of ours). */
    public byte[] read(String realm) throws IOException {
        Path f = fileFor(realm);
        if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        return Files.readAllBytes(f);
    }

    /**
     * Writes (or replaces) the entry for {@code realm} atomically and durably (the file forced to
     * disk before the rename, the directory after it), 0600, creating the directories 0700.
     */
    public void write(String realm, byte[] entry) throws IOException {
        if (!Files.isDirectory(dir)) {
            // svn creates these 0700 too; a umask only removes bits, so the attribute is the upper bound.
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
        }
        DurableFiles.replace(fileFor(realm), entry, ".vcstoken-");
    }

    /** Deletes the entry for {@code realm}, durably; true when there was one. */
    public boolean delete(String realm) throws IOException {
        return DurableFiles.delete(fileFor(realm));
    }

    static String md5Hex(byte[] bytes) {
        return HexFormat.of().formatHex(digest("MD5", bytes));
    }

    static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(digest("SHA-256", bytes));
    }

    private static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            // Every Java runtime must provide MD5 and SHA-256.
            throw new AssertionError(algorithm + " is missing from this Java runtime", e);
        }
    }
}
