package org.vcstoken.hg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The vcstoken installation the hg tests drive: {@code VCSTOKEN_TEST_PREFIX} when it names one,
 * else {@code install/install.sh --no-build} into a temporary prefix, made once for every test
 * class of the run (installing takes seconds, and the jars do not change within a run).
 */
final class Installation {
    private static Path prefix;

    private Installation() {
    }

    /** The installation's prefix; skips the caller (fails in CI) when the helper cannot be installed. */
    static synchronized Path prefix() throws Exception {
        if (prefix != null) {
            return prefix;
        }
        String given = System.getenv("VCSTOKEN_TEST_PREFIX");
        if (given != null && !given.isBlank()) {
            prefix = Path.of(given);
            return prefix;
        }
        Path installer = Path.of("..", "install", "install.sh").toAbsolutePath().normalize();
        if (!Files.isRegularFile(installer)) {
            Tools.missing("no installer at " + installer);
        }
        Path dir = Files.createTempDirectory("vcstoken-hg-tests-");
        Path made = dir.resolve("prefix");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
        Process p = new ProcessBuilder("bash", installer.toString(), "--no-build", "--prefix", made.toString())
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("install.sh timed out");
        }
        if (p.exitValue() != 0) {
            Tools.missing("the helper is not installable (package credential-helper first, e.g. "
                    + "mvn -B -pl credential-helper -am package -DskipTests): " + out.strip());
        }
        prefix = made;
        return prefix;
    }

    /** At the JVM's end: the installation is shared by every test class, so no one class may remove it. */
    private static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // The JVM is ending; a temporary directory left behind costs nothing worth a failure.
            System.err.println("could not remove " + dir + ": " + e);
        }
    }
}
