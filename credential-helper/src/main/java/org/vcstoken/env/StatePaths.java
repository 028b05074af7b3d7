package org.vcstoken.env;

import java.nio.file.FileSystem;
import java.nio.file.Path;

/**
 * Where vcstoken keeps its state. {@code VCSTOKEN_HOME} puts everything in one directory (tests and
 * CI use it); otherwise the XDG base directories: data (the store) and config (settings we write).
 *
 * @param dataDir   holds the store and its lock
 * @param configDir holds configuration that vcstoken generates (e.g. the git include file)
 */
public record StatePaths(Path dataDir, Path configDir) {

    public static StatePaths from(Environment env, FileSystem fs) {
        var home = env.get("VCSTOKEN_HOME");
        if (home.isPresent()) {
            Path dir = fs.getPath(home.get()).toAbsolutePath();
            return new StatePaths(dir, dir);
        }
        String userHome = env.get("HOME").orElse(System.getProperty("user.home"));
        Path data = xdg(env, fs, "XDG_DATA_HOME", fs.getPath(userHome, ".local", "share"));
        Path config = xdg(env, fs, "XDG_CONFIG_HOME", fs.getPath(userHome, ".config"));
        return new StatePaths(data.resolve("vcstoken"), config.resolve("vcstoken"));
    }

    /** The XDG spec says relative values are invalid and must be ignored. */
    private static Path xdg(Environment env, FileSystem fs, String name, Path fallback) {
        // Plain code, not Optional.map(...): lambdas cost the credential helper start-up time.
        String v = env.variables().get(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        Path p = fs.getPath(v);
        return p.isAbsolute() ? p : fallback;
    }

    public Path storeFile() {
        return dataDir.resolve("store.json");
    }

    public Path lockFile() {
        return dataDir.resolve("store.lock");
    }
}
