package org.vcstoken.svn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Which svn cache entries vcstoken manages: one line per configured server, with its realm, the
 * cache directory, and a SHA-256 of the bytes vcstoken last wrote there ("-" for none). The hash
 * tells our entry from one svn or the user wrote for the same realm, which is never touched.
 * Kept beside the token store, because every process that changes the store must find it.
 */
final class SvnAuthIndex {
    static final String FILE_NAME = "svn-auth.index";
    static final String NONE = "-";

    record Entry(String server, String realm, Path svnSimpleDir, String written) {
        Entry withWritten(String hash) {
            return new Entry(server, realm, svnSimpleDir, hash);
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
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", -1);
            if (f.length != 4) {
                throw new IOException(file + " is damaged (a line without 4 fields); remove it and run: vcstoken configure --svn");
            }
            entries.add(new Entry(f[0], f[1], file.getFileSystem().getPath(f[2]), f[3]));
        }
        return entries;
    }

    void write(List<Entry> entries) throws IOException {
        StringBuilder b = new StringBuilder();
        for (Entry e : entries) {
            b.append(e.server()).append('\t').append(e.realm()).append('\t').append(e.svnSimpleDir()).append('\t')
                    .append(e.written()).append('\n');
        }
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".svn-auth-", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, b, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + dir + " cannot replace files atomically", e);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    void delete() throws IOException {
        Files.deleteIfExists(file);
    }
}
