package org.vcstoken.jgit;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.util.Optional;
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
 *   <li>system configuration: none with {@code GIT_CONFIG_NOSYSTEM}, else {@code GIT_CONFIG_SYSTEM},
 *       else {@code /etc/gitconfig} (git's location on Linux distributions);</li>
 *   <li>user configuration: {@code GIT_CONFIG_GLOBAL} alone when set, else {@code $HOME/.gitconfig}
 *       and {@code $XDG_CONFIG_HOME/git/config} (default {@code $HOME/.config/git/config});</li>
 *   <li>umask: from {@code /proc/self/status} when the kernel reports it.</li>
 * </ul>
 */
public final class GitEnvironment extends SystemReader.Delegate {
    private final Environment env;

    GitEnvironment(SystemReader delegate, Environment env) {
        super(delegate);
        this.env = env;
    }

    /**
     * Makes JGit read {@code env} until the returned handle is closed; sets the umask JGit's file
     * system uses when {@code fs} can tell it (the umask is the process's, so it stays set).
     */
    public static Installed install(Environment env, FileSystem fs) {
        umask(fs).ifPresent(mask -> {
            if (FS.DETECTED instanceof FS_POSIX posix) {
                posix.setUmask(mask);
            }
        });
        SystemReader previous = SystemReader.getInstance();
        SystemReader.setInstance(new GitEnvironment(previous, env));
        return new Installed(previous);
    }

    /** Puts back the reader JGit had before {@link #install}. */
    public record Installed(SystemReader previous) implements AutoCloseable {
        @Override
        public void close() {
            SystemReader.setInstance(previous);
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
    public FileBasedConfig openSystemConfig(Config parent, FS fs) {
        if (gitBoolean(env.get("GIT_CONFIG_NOSYSTEM"))) {
            return new FileBasedConfig(parent, null, fs) {
                @Override
                public void load() {
                    // git reads no system configuration, so neither does JGit
                }

                @Override
                public boolean isOutdated() {
                    return false;
                }
            };
        }
        return new FileBasedConfig(parent, new File(env.get("GIT_CONFIG_SYSTEM").orElse("/etc/gitconfig")), fs);
    }

    @Override
    public FileBasedConfig openUserConfig(Config parent, FS fs) {
        Optional<String> global = env.get("GIT_CONFIG_GLOBAL");
        if (global.isPresent()) {
            return new FileBasedConfig(parent, new File(global.get()), fs);
        }
        Optional<String> home = env.get("HOME");
        if (home.isEmpty()) {
            return super.openUserConfig(parent, fs);
        }
        return new UserConfigFile(parent, new File(home.get(), ".gitconfig"),
                new File(new File(xdgConfigHome(home.get()), "git"), "config"), fs);
    }

    @Override
    public FileBasedConfig openJGitConfig(Config parent, FS fs) {
        Optional<String> home = env.get("HOME");
        if (home.isEmpty()) {
            return super.openJGitConfig(parent, fs);
        }
        return new FileBasedConfig(parent, new File(new File(xdgConfigHome(home.get()), "jgit"), "config"), fs);
    }

    private String xdgConfigHome(String home) {
        return env.get("XDG_CONFIG_HOME").orElse(home + "/.config");
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
