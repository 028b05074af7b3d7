package org.vcstoken.hg;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/** Finds external tools; a missing tool skips locally and fails under {@code CI=true}. */
final class Tools {

    private Tools() {
    }

    static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static Path require(String name) {
        return onPath(name).orElseGet(() -> missing(name + " is not on PATH"));
    }

    /** Skips the test (developer machine) or fails it (CI) with the reason printed. */
    static <T> T missing(String reason) {
        System.err.println("SKIPPED: " + reason);
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(reason + " (CI=true: every tool must be installed)");
        }
        Assumptions.abort(reason);
        throw new AssertionError("unreachable");
    }

    /**
     * The Python that runs Mercurial, read from the {@code hg} script's {@code #!} line:
     * the extension runs inside it, which is not necessarily the first python3 on PATH.
     */
    static Optional<Path> hgPython() {
        Optional<Path> hg = onPath("hg");
        if (hg.isEmpty()) {
            return Optional.empty();
        }
        try {
            String first = new String(Files.readAllBytes(hg.get().toRealPath()), StandardCharsets.ISO_8859_1)
                    .lines().findFirst().orElse("");
            if (!first.startsWith("#!")) {
                return Optional.empty();
            }
            String[] words = first.substring(2).trim().split("\\s+");
            if (words.length == 0 || words[0].isEmpty()) {
                return Optional.empty();
            }
            if (words[0].endsWith("/env") && words.length > 1) {
                return onPath(words[1]);
            }
            Path interpreter = Path.of(words[0]);
            return Files.isExecutable(interpreter) ? Optional.of(interpreter) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
