package org.vcstoken.jgit;

import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * The host program's own JGit system reader, unchanged but for JGit's configuration file, which
 * also holds timestamp resolutions for the file systems JGit has not measured yet (see
 * {@link UnmeasuredFileStores}). Unlike {@link GitEnvironment}, which {@code vcstoken clone} installs
 * for one command, this one stays: a program embedding vcstoken keeps its own environment, git
 * configuration and home directory.
 */
final class EstimatingSystemReader extends SystemReader.Delegate {
    private final SystemReader underlying;
    private final FileSystem files;
    private final Set<String> fineStores;

    private EstimatingSystemReader(SystemReader underlying, FileSystem files, Set<String> fineStores) {
        super(underlying);
        this.underlying = underlying;
        this.files = files;
        this.fineStores = Set.copyOf(fineStores);
    }

    /**
     * Installs the reader over JGit's current one, or, when it is already there, replaces it with one
     * that also knows the file systems of {@code repositoryDirectories}. Synchronized so that two
     * threads installing at once cannot drop each other's directories.
     *
     * @return the reader now installed
     */
    static synchronized EstimatingSystemReader install(FileSystem files, Path... repositoryDirectories) {
        SystemReader current = SystemReader.getInstance();
        Set<String> fine = new HashSet<>();
        SystemReader underlying = current;
        if (current instanceof EstimatingSystemReader installed) {
            // Once is enough: a second reader over the first would read the same file twice.
            fine.addAll(installed.fineStores);
            underlying = installed.underlying;
        }
        for (Path dir : repositoryDirectories) {
            String store = GitEnvironment.fineTimestampStore(dir);
            if (store != null) {
                fine.add(store);
            }
        }
        EstimatingSystemReader reader = new EstimatingSystemReader(underlying, files, fine);
        SystemReader.setInstance(reader);
        return reader;
    }

    /** The file systems this reader calls fine (20 ms) rather than JGit's 2 s fallback. */
    Set<String> fineStores() {
        return fineStores;
    }

    /** The reader this one wraps: the host's, never another of these. */
    SystemReader underlying() {
        return underlying;
    }

    /**
     * The file the host's reader names, read with the estimates added. A configuration of the host's
     * own kind, or one that names no file (in memory), is kept as it is: JGit then measures, as it
     * would have.
     */
    @Override
    public FileBasedConfig openJGitConfig(Config parent, FS jgitFs) {
        FileBasedConfig own = super.openJGitConfig(parent, jgitFs);
        if (own.getFile() == null || own.getClass() != FileBasedConfig.class) {
            return own;
        }
        return new UnmeasuredFileStores(parent, own.getFile(), jgitFs, files, fineStores);
    }
}
