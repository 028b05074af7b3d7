package org.vcstoken.svn;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A private, owner-only copy of the user's svn configuration directory with one token cached for
 * one realm, for a single svn run ({@code svn --config-dir}). svn sends a cached password only to
 * the realm it is filed under; credentials on its command line would go to every server of the
 * run (an svn:externals host, a relocation target). Closing deletes the copy.
 */
public final class PrivateSvnConfig implements AutoCloseable {
    private static final String PREFIX = "svn-run-";
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    /** A copy older than this was left by a run killed before its clean-up. */
    private static final Duration STALE = Duration.ofDays(1);

    private final Path dir;

    private PrivateSvnConfig(Path dir) {
        this.dir = dir;
    }

    /**
     * @param dataDir       vcstoken's owner-only data directory, where the copy is made
     * @param userConfigDir the configuration svn would read ({@code ~/.subversion}); may be missing
     */
    public static PrivateSvnConfig create(Path dataDir, Path userConfigDir, Clock clock, String realm, String username,
            String secret) throws IOException {
        if (!Files.isDirectory(dataDir)) {
            Files.createDirectories(dataDir);
            Files.setPosixFilePermissions(dataDir, DIR_MODE);
        }
        removeStale(dataDir, clock.instant().minus(STALE));
        FileAttribute<Set<PosixFilePermission>> owner = PosixFilePermissions.asFileAttribute(DIR_MODE);
        PrivateSvnConfig config = new PrivateSvnConfig(Files.createTempDirectory(dataDir, PREFIX, owner));
        try {
            copy(userConfigDir, config.dir);
            SvnAuthCache.inConfigDir(config.dir).write(realm, SvnAuthCache.encode(realm, username, secret));
            return config;
        } catch (IOException | RuntimeException e) {
            config.close();
            throw e;
        }
    }

    /** The directory to give svn as {@code --config-dir}. */
    public Path path() {
        return dir;
    }

    @Override
    public void close() throws IOException {
        deleteTree(dir);
    }

    private static void removeStale(Path dataDir, Instant before) throws IOException {
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dataDir, PREFIX + "*")) {
            for (Path p : old) {
                if (Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(before)) {
                    deleteTree(p);
                }
            }
        }
    }

    /** What svn reads from a configuration directory: config, servers and the auth caches (passwords
     * for other servers, accepted certificates); regular files only. */
    static void copy(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        for (String name : List.of("config", "servers")) {
            Path f = from.resolve(name);
            if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                Files.copy(f, to.resolve(name));
            }
        }
        Path auth = from.resolve("auth");
        if (!Files.isDirectory(auth, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> files = Files.walk(auth, 2)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    Files.copy(f, target);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> all = Files.walk(dir)) {
            paths = new ArrayList<>(all.toList());
        }
        Collections.reverse(paths); // children before their directories
        for (Path p : paths) {
            Files.deleteIfExists(p);
        }
    }
}
