package org.vcstoken.jgit;

import java.nio.file.Path;
import org.eclipse.jgit.api.Git;

/**
 * A program that embeds vcstoken's JGit provider, run in a JVM of its own so that JGit meets every
 * file system for the first time, as in a fresh CI job.
 *
 * <p>usage: {@code EmbeddingProgram spare|measure URL DIR}: clones URL into DIR through the provider
 * (never prompting), after {@link VcstokenCredentialsProvider#spareFileSystemMeasurement} with
 * {@code spare}; prints {@code cloned} and exits normally, so that JGit's writer thread can finish.
 */
public final class EmbeddingProgram {
    private EmbeddingProgram() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[2]);
        if (args[0].equals("spare")) {
            VcstokenCredentialsProvider.spareFileSystemMeasurement(dir);
        }
        VcstokenCredentialsProvider tokens = VcstokenCredentialsProvider.fromSystem(false);
        try (Git git = Git.cloneRepository().setURI(args[1]).setDirectory(dir.toFile()).setCredentialsProvider(tokens)
                .call()) {
            tokens.approveAll();
        }
        System.out.println("cloned");
    }
}
