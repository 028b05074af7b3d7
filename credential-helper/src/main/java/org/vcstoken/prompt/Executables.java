package org.vcstoken.prompt;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Finds programs on the PATH of the environment a child will get, not on this JVM's own PATH,
 * which is what {@link ProcessBuilder} would otherwise search.
 */
final class Executables {
    private Executables() {
    }

    /** A name with a slash is a path and is taken as written; others are looked up on PATH. */
    static Optional<Path> find(String name, Map<String, String> env) {
        try {
            if (name.contains("/")) {
                return runnable(Path.of(name));
            }
            String path = env.getOrDefault("PATH", "");
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Optional<Path> found = runnable(Path.of(dir, name));
                if (found.isPresent()) {
                    return found;
                }
            }
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<Path> runnable(Path p) {
        return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
}
