package org.vcstoken.jgit;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * JGit's own configuration file ({@code $XDG_CONFIG_HOME/jgit/config}), plus a timestamp resolution
 * for every mounted file system it holds no measurement for: {@link #FINE_RESOLUTION} for the file
 * systems a probe showed to keep fine timestamps, JGit's own fallback (2 s, a FAT file system's) for
 * the others.
 *
 * <p>The first time JGit meets a file system it measures its timestamp resolution and then, for
 * three seconds, how soon a rewritten file can look unchanged, before it goes on, and saves the
 * result in this file. A CI job on a fresh machine has no saved result, so each clone paid those
 * ~3 s (0.75 s became 3.7 s on the benchmark's clone). An upper bound serves as well: a coarser
 * resolution only makes JGit treat recently written files as possibly changed and read them
 * again. Measurements already saved (by JGit elsewhere on this machine) are used as they are.
 *
 * <p>The estimates live in memory only. Should JGit still measure a file system (one mounted after
 * the file was read) and save its result here, the estimates are left out of what is written, so
 * the file never holds a value JGit did not measure.
 */
final class UnmeasuredFileStores extends FileBasedConfig {
    /**
     * An upper bound of the timestamp resolution of a file system that stores times finer than this:
     * the kernel stamps files from a clock that advances at least every 10 ms (Linux's slowest
     * tick), twice that for margin.
     */
    static final Duration FINE_RESOLUTION = Duration.ofMillis(20);

    private static final String SECTION = ConfigConstants.CONFIG_FILESYSTEM_SECTION;
    private static final String RESOLUTION = ConfigConstants.CONFIG_KEY_TIMESTAMP_RESOLUTION;
    private static final String RACY = ConfigConstants.CONFIG_KEY_MIN_RACY_THRESHOLD;
    private static final String NO_RACY_INTERVAL = "0 milliseconds";

    private final FileSystem files;
    private final Set<String> fineStores;
    /** JGit's key of each file system given an estimate by the last load, with the resolution given. */
    private final Map<String, String> estimated = new HashMap<>();

    /**
     * @param fineStores the names ({@link FileStore#name()}) of the file systems known to keep fine
     *                   timestamps (see {@link GitEnvironment#fineTimestampStore})
     */
    UnmeasuredFileStores(Config parent, File file, FS jgitFs, FileSystem files, Set<String> fineStores) {
        super(parent, file, jgitFs);
        this.files = files;
        this.fineStores = Set.copyOf(fineStores);
    }

    @Override
    public void load() throws IOException, ConfigInvalidException {
        super.load();
        synchronized (estimated) {
            estimated.clear();
        }
        if (SystemReader.getInstance().isWindows()) {
            return; // JGit names file systems by volume serial there
        }
        // JGit's key for a file system: java.vendor|java.version|the file store's name.
        String prefix = System.getProperty("java.vendor") + '|' + System.getProperty("java.version") + '|';
        String fallback = FS.FileStoreAttributes.FALLBACK_TIMESTAMP_RESOLUTION.toMillis() + " milliseconds";
        String fine = FINE_RESOLUTION.toMillis() + " milliseconds";
        Iterable<FileStore> stores;
        try {
            stores = files.getFileStores();
        } catch (RuntimeException e) {
            return; // mounts not readable: JGit measures, as it would without vcstoken
        }
        for (FileStore store : stores) {
            String key = prefix + store.name();
            if (getString(SECTION, key, RESOLUTION) == null) {
                String resolution = fineStores.contains(store.name()) ? fine : fallback;
                setString(SECTION, key, RESOLUTION, resolution);
                setString(SECTION, key, RACY, NO_RACY_INTERVAL);
                synchronized (estimated) {
                    estimated.put(key, resolution);
                }
            }
        }
    }

    /** What {@link #save()} writes: everything but the estimates JGit has not replaced by a measurement. */
    @Override
    public String toText() {
        String all = super.toText();
        Map<String, String> ours;
        synchronized (estimated) {
            ours = Map.copyOf(estimated);
        }
        if (ours.isEmpty()) {
            return all;
        }
        Config saved = new Config();
        try {
            saved.fromText(all);
        } catch (ConfigInvalidException e) {
            throw new AssertionError("JGit could not read back its own configuration text", e);
        }
        ours.forEach((key, resolution) -> {
            if (Objects.equals(saved.getString(SECTION, key, RESOLUTION), resolution)
                    && NO_RACY_INTERVAL.equals(saved.getString(SECTION, key, RACY))) {
                saved.unset(SECTION, key, RESOLUTION);
                saved.unset(SECTION, key, RACY);
                if (saved.getNames(SECTION, key).isEmpty()) {
                    saved.unsetSection(SECTION, key);
                }
            }
        });
        return saved.toText();
    }
}
