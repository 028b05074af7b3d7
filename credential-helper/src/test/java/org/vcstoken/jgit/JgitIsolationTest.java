package org.vcstoken.jgit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The git helper's launcher puts no JGit jar on its class path, so nothing on its {@code get} path
 * may refer to JGit: only this package and {@code vcstoken clone} do.
 */
class JgitIsolationTest {
    static final Path CLASSES = Path.of("target", "classes", "org", "vcstoken");

    private static List<String> classesReferringToJgit() throws IOException {
        try (Stream<Path> all = Files.walk(CLASSES)) {
            return all.filter(p -> p.toString().endsWith(".class")).filter(p -> {
                try {
                    return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains("org/eclipse/jgit");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(p -> CLASSES.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void onlyTheJgitPackageTheCloneCommandAndItsTrainingReferToJgit() throws IOException {
        List<String> referring = classesReferringToJgit();

        assertThat(referring).as("the check must see the JGit front door itself").contains("jgit/VcstokenCredentialsProvider.class");
        // StartupTraining runs the clone path once while install.sh builds the class-data archive.
        assertThat(referring).allMatch(c -> c.startsWith("jgit/") || c.startsWith("cli/CloneCommand")
                || c.startsWith("cli/StartupTraining"), "in jgit/, cli/CloneCommand or cli/StartupTraining");
    }
}
