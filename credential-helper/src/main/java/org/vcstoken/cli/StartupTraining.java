package org.vcstoken.cli;

import org.vcstoken.jgit.GitEnvironment;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.vcstoken.cli.VcstokenMain;
import org.vcstoken.env.Clocks;
import org.vcstoken.env.Environment;

/**
 * The training run install.sh records the {@code vcstoken} command's class-data archive from
 * ({@code -XX:DumpLoadedClassList}): one process that loads what the commands load, without a
 * server. Help builds every command's model; {@code token list} reads a store; a clone of an
 * unreachable URL sets up a repository and JGit's HTTP client; a clone of a local repository
 * receives a pack, writes its index and checks out, as a clone over HTTP does afterwards.
 *
 * <p>usage: {@code StartupTraining EMPTY-DIRECTORY}; exits 0 when every step ran as expected.
 */
public final class StartupTraining {
    private StartupTraining() {
    }

    public static void main(String[] args) throws IOException, GitAPIException {
        if (args.length != 1) {
            System.err.println("usage: StartupTraining EMPTY-DIRECTORY");
            System.exit(2);
        }
        Path dir = Path.of(args[0]).toAbsolutePath();
        Map<String, String> vars = new HashMap<>(System.getenv());
        // None of the installing user's vcstoken settings (a keyring back end, a CI token, tracing).
        vars.keySet().removeIf(name -> name.startsWith("VCSTOKEN_"));
        vars.put("VCSTOKEN_HOME", dir.resolve("state").toString());
        vars.put("CI", "true");
        vars.put("HOME", dir.toString());
        vars.put("GIT_CONFIG_NOSYSTEM", "1");
        vars.put("XDG_CONFIG_HOME", dir.resolve(".config").toString());
        vars.remove("GIT_CONFIG_GLOBAL");
        Environment env = new Environment(vars);
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        // Nothing of the installing user's git configuration (hooks, signing, templates) may take part.
        boolean expected;
        try (GitEnvironment.Installed reads = GitEnvironment.install(env, FileSystems.getDefault())) {
            expected = train(dir, env, discard);
        }
        System.exit(expected ? 0 : 1);
    }

    /** Runs every step; true when each ended as expected. */
    private static boolean train(Path dir, Environment env, PrintStream discard) throws IOException, GitAPIException {
        int help = vcstoken(env, discard, "--help");
        int add = vcstoken(env, discard, "token", "add", "https://example.invalid", "--user", "u");
        int list = vcstoken(env, discard, "token", "list");
        // Port 1 on the loopback interface: refused at once, after the repository is set up.
        int unreachable = vcstoken(env, discard, "clone", "--non-interactive", "http://127.0.0.1:1/group/repo",
                dir.resolve("unreachable").toString());

        Path source = dir.resolve("source");
        try (Git git = Git.init().setDirectory(source.toFile()).setInitialBranch("main").call()) {
            Files.writeString(source.resolve("README"), "training\n");
            git.add().addFilepattern("README").call();
            git.commit().setMessage("training").setAuthor("vcstoken", "vcstoken@example.invalid")
                    .setCommitter("vcstoken", "vcstoken@example.invalid").setSign(false).setNoVerify(true).call();
        }
        try (Git clone = Git.cloneRepository().setURI(source.toUri().toString())
                .setDirectory(dir.resolve("clone").toFile()).setProgressMonitor(NullProgressMonitor.INSTANCE).call()) {
            if (!Files.exists(dir.resolve("clone/README"))) {
                throw new IOException("the training clone checked out nothing");
            }
        }
        return help == 0 && add == 0 && list == 0 && unreachable == 5;
    }

    private static int vcstoken(Environment env, PrintStream discard, String... args) {
        return VcstokenMain.run(args, new ByteArrayInputStream(("0".repeat(40) + "\n").getBytes(StandardCharsets.UTF_8)),
                discard, discard, env, FileSystems.getDefault(), Clocks.from(env, discard));
    }
}
