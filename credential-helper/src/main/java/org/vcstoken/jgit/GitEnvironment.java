package org.vcstoken.jgit;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.storage.file.UserConfigFile;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.FS_POSIX;
import org.eclipse.jgit.util.SystemReader;
import org.vcstoken.env.Environment;

/**
 * What JGit reads from the process, taken from the environment vcstoken was given, with git's
 * configuration files found where git looks for them.
 *
 * <p>Left to itself JGit starts three processes on a clone: {@code git --version} and
 * {@code git config --system --show-origin} to find the system configuration, and
 * {@code sh -c umask} for a new repository's file-mode test. Those cost {@code vcstoken clone}
 * about 30 ms in a fresh JVM (docs/benchmarks.md). JGit also ignores {@code GIT_CONFIG_GLOBAL}
 * and {@code HOME} (it uses Java's {@code user.home}), so a clone run with a throw-away
 * configuration, as git honours it, would still read the user's {@code ~/.gitconfig}.
 *
 * <ul>
 *   <li>system configuration: none with {@code GIT_CONFIG_NOSYSTEM}, else {@code GIT_CONFIG_SYSTEM}
 *       (set but empty: none), else {@code /etc/gitconfig} when the git on {@code PATH} is a
 *       distribution's ({@code /usr/bin/git}) or there is none; for a git installed elsewhere JGit
 *       still asks it, as its location depends on how that git was built;</li>
 *   <li>user configuration: {@code GIT_CONFIG_GLOBAL} alone when set (empty: none), else
 *       {@code $HOME/.gitconfig} and {@code $XDG_CONFIG_HOME/git/config} (default
 *       {@code $HOME/.config/git/config}); {@code ~} in include paths is {@code $HOME};</li>
 *   <li>umask: from {@code /proc/self/status} when the kernel reports it.</li>
 * </ul>
 */
public final class GitEnvironment extends SystemReader.Delegate {
    private final Environment env;
    private final FileSystem fs;
    /** JGit's name of the clone's file system when its timestamps are known to be fine; else none. */
    private final Set<String> fineStores;

    GitEnvironment(SystemReader delegate, Environment env, FileSystem fs) {
        this(delegate, env, fs, Set.of());
    }

    private GitEnvironment(SystemReader delegate, Environment env, FileSystem fs, Set<String> fineStores) {
        super(delegate);
        this.env = env;
        this.fs = fs;
        this.fineStores = fineStores;
    }

    /**
     * Makes JGit read {@code env} until the returned handle is closed; sets the umask JGit's file
     * system uses when {@code fs} can tell it (the umask is the process's, so it stays set).
     */
    public static Installed install(Environment env, FileSystem fs) {
        return install(env, fs, null);
    }

    /**
     * As {@link #install(Environment, FileSystem)}, for a repository to be made at {@code workTree}
     * (which need not exist): JGit is told how fine that file system's timestamps are, so that it
     * neither measures them (~3 s) nor assumes the worst (which makes receiving a pack rescan the
     * pack directory for every object).
     */
    public static Installed install(Environment env, FileSystem fs, Path workTree) {
        umask(fs).ifPresent(mask -> {
            if (FS.DETECTED instanceof FS_POSIX posix) {
                posix.setUmask(mask);
            }
        });
        String fineStore = workTree == null ? null : fineTimestampStore(workTree);
        Set<String> fineStores = fineStore == null ? Set.of() : Set.of(fineStore);
        SystemReader previous = SystemReader.getInstance();
        File previousHome = FS.DETECTED.userHome();
        env.get("HOME").ifPresent(home -> FS.DETECTED.setUserHome(new File(home)));
        SystemReader.setInstance(new GitEnvironment(previous, env, fs, fineStores));
        return new Installed(previous, previousHome);
    }

    /**
     * The name of the file system that will hold {@code path} when it records file times finer than
     * 10 ms, else null. Two writes to a probe file in the nearest existing directory: a time that is
     * not a whole number of 10 ms steps can only come from a fine-grained file system (FAT, ext4
     * with small inodes and most network shares record 10 ms, 1 s or 2 s steps).
     */
    static String fineTimestampStore(Path path) {
        Path dir = path.toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            dir = dir.getParent();
        }
        if (dir == null || !Files.isWritable(dir)) {
            return null;
        }
        Path probe = null;
        try {
            probe = Files.createTempFile(dir, ".vcstoken-mtime-", ".probe");
            for (int i = 0; i < 2; i++) {
                Files.write(probe, new byte[] {(byte) i});
                long nanos = Files.getLastModifiedTime(probe, LinkOption.NOFOLLOW_LINKS).to(TimeUnit.NANOSECONDS);
                if (nanos % 10_000_000L != 0) {
                    return Files.getFileStore(dir).name();
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null; // unknown: JGit's cautious fallback
        } finally {
            if (probe != null) {
                try {
                    Files.deleteIfExists(probe);
                } catch (IOException e) {
                    // A leftover empty probe file is harmless; the clone goes on.
                }
            }
        }
    }

    /** Puts back the reader and home directory JGit had before {@link #install}. */
    public record Installed(SystemReader previous, File previousHome) implements AutoCloseable {
        @Override
        public void close() {
            SystemReader.setInstance(previous);
            FS.DETECTED.setUserHome(previousHome);
        }
    }

    /** The {@code Umask:} line of {@code /proc/self/status} (Linux 4.7 and later), octal. */
    static Optional<Integer> umask(FileSystem fs) {
        try {
            for (String line : Files.readAllLines(fs.getPath("/proc/self/status"), StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("Umask:")) {
                    String value = line.substring("Umask:".length()).strip();
                    return value.matches("[0-7]{1,4}") ? Optional.of(Integer.parseInt(value, 8)) : Optional.empty();
                }
            }
        } catch (IOException | RuntimeException e) {
            // No /proc (another OS, a test file system): JGit asks the shell, as before.
        }
        return Optional.empty();
    }

    @Override
    public String getenv(String variable) {
        return env.variables().get(variable);
    }

    @Override
    public FileBasedConfig openSystemConfig(Config parent, FS jgitFs) {
        if (gitBoolean(env.get("GIT_CONFIG_NOSYSTEM"))) {
            return none(parent, jgitFs);
        }
        String system = env.variables().get("GIT_CONFIG_SYSTEM");
        if (system != null) {
            return system.isEmpty() ? none(parent, jgitFs) : new FileBasedConfig(parent, new File(system), jgitFs);
        }
        if (distributionGitOrNone()) {
            return new FileBasedConfig(parent, new File("/etc/gitconfig"), jgitFs);
        }
        return super.openSystemConfig(parent, jgitFs);
    }

    /** Whether the git on PATH, if any, is a distribution's, whose system file is /etc/gitconfig. */
    boolean distributionGitOrNone() {
        for (String dir : env.get("PATH").orElse("").split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path git = fs.getPath(dir, "git");
            if (Files.isExecutable(git) && !Files.isDirectory(git)) {
                try {
                    Path real = git.toRealPath();
                    return real.equals(fs.getPath("/usr/bin/git")) || real.equals(fs.getPath("/bin/git"));
                } catch (IOException | RuntimeException e) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public FileBasedConfig openUserConfig(Config parent, FS jgitFs) {
        String global = env.variables().get("GIT_CONFIG_GLOBAL");
        if (global != null) {
            return global.isEmpty() ? none(parent, jgitFs) : new FileBasedConfig(parent, new File(global), jgitFs);
        }
        Optional<String> home = env.get("HOME");
        Optional<String> xdg = xdgConfigHome();
        if (home.isPresent()) {
            return new UserConfigFile(parent, new File(home.get(), ".gitconfig"),
                    new File(new File(xdg.orElseThrow(), "git"), "config"), jgitFs);
        }
        // Without HOME git reads no ~/.gitconfig, only an XDG file named outright.
        return xdg.isPresent() ? new FileBasedConfig(parent, new File(new File(xdg.get(), "git"), "config"), jgitFs)
                : none(parent, jgitFs);
    }

    @Override
    public FileBasedConfig openJGitConfig(Config parent, FS jgitFs) {
        Optional<String> xdg = xdgConfigHome();
        File file = xdg.isPresent() ? new File(new File(xdg.get(), "jgit"), "config")
                : super.openJGitConfig(parent, jgitFs).getFile();
        return new UnmeasuredFileStores(parent, file, jgitFs, fs, fineStores);
    }

    /** {@code $XDG_CONFIG_HOME}, else {@code $HOME/.config}, else nothing. */
    private Optional<String> xdgConfigHome() {
        Optional<String> xdg = env.get("XDG_CONFIG_HOME");
        return xdg.isPresent() ? xdg : env.get("HOME").map(home -> home + "/.config");
    }

    /** A configuration that holds nothing and never changes: a level git does not read. */
    private static FileBasedConfig none(Config parent, FS jgitFs) {
        return new FileBasedConfig(parent, null, jgitFs) {
            @Override
            public void load() {
                // nothing to read
            }

            @Override
            public boolean isOutdated() {
                return false;
            }
        };
    }

    /** git's reading of a boolean variable: set and not one of its spellings of "no". */
    static boolean gitBoolean(Optional<String> value) {
        if (value.isEmpty()) {
            return false;
        }
        String v = value.get().strip().toLowerCase(java.util.Locale.ROOT);
        return !(v.equals("0") || v.equals("false") || v.equals("no") || v.equals("off"));
    }
}
