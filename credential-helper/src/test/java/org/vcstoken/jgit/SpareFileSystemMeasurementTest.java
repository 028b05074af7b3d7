package org.vcstoken.jgit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.cli.VcstokenMain;
import org.vcstoken.env.Environment;
import org.vcstoken.sandbox.IssuedToken;
import org.vcstoken.sandbox.Sandbox;
import org.vcstoken.testing.Proc;
import org.vcstoken.testing.Sandboxes;

/**
 * {@link VcstokenCredentialsProvider#spareFileSystemMeasurement}: a program embedding the provider
 * clones through JGit's HTTP transport on a fresh home directory, in a JVM of its own (JGit keeps
 * what it measured for the life of a JVM, so only a new one meets the file systems for the first
 * time), and JGit measures nothing, as with {@code vcstoken clone}.
 */
class SpareFileSystemMeasurementTest {
    @TempDir
    Path dir;

    @Test
    void theEmbeddingProgramsClonesMakeJGitMeasureNothingOnAFreshHome() throws Exception {
        try (Sandbox sandbox = sandboxWithRepository()) {
            Proc.Result run = embeddingProgram(sandbox, "spare", "fresh");

            assertThat(run.exit()).as(run.toString()).isZero();
            assertThat(run.out()).contains("cloned");
            assertThat(dir.resolve("fresh/clone/README")).hasContent("hello");
            assertThat(dir.resolve("fresh/xdg/jgit/config")).as("JGit measured nothing, so saved nothing")
                    .doesNotExist();
            assertThat(dir.resolve("fresh/home/.jgitconfig")).doesNotExist();
        }
    }

    /** The control: the same program without the call is a first run that JGit does measure. */
    @Test
    void withoutTheCallJGitMeasuresTheFileSystemsAndSavesTheResult() throws Exception {
        try (Sandbox sandbox = sandboxWithRepository()) {
            Proc.Result run = embeddingProgram(sandbox, "measure", "fresh");

            assertThat(run.exit()).as(run.toString()).isZero();
            assertThat(dir.resolve("fresh/xdg/jgit/config")).as("JGit's first-run measurement, saved")
                    .content().contains("timestampResolution");
        }
    }

    @Test
    void theHostsOwnReaderStaysInChargeAndASecondCallAddsDirectoriesWithoutStacking() throws Exception {
        SystemReader before = SystemReader.getInstance();
        File jgitFile = dir.resolve("host-xdg/jgit/config").toFile();
        SystemReader host = new SystemReader.Delegate(before) {
            @Override
            public String getenv(String variable) {
                return variable.equals("HOST_PROBE") ? "the host's" : super.getenv(variable);
            }

            @Override
            public FileBasedConfig openJGitConfig(Config parent, FS fs) {
                return new FileBasedConfig(parent, jgitFile, fs);
            }
        };
        SystemReader.setInstance(host);
        try {
            Path repos = Files.createDirectories(dir.resolve("repos"));
            EstimatingSystemReader first = EstimatingSystemReader.install(FileSystems.getDefault(), repos);

            assertThat(SystemReader.getInstance()).isSameAs(first);
            assertThat(first.underlying()).isSameAs(host);
            assertThat(SystemReader.getInstance().getenv("HOST_PROBE")).isEqualTo("the host's");
            FileBasedConfig jgit = first.openJGitConfig(null, FS.DETECTED);
            jgit.load();
            assertThat(jgit.getFile()).as("the file the host names").isEqualTo(jgitFile);
            String prefix = System.getProperty("java.vendor") + '|' + System.getProperty("java.version") + '|';
            String store = Files.getFileStore(repos).name();
            String probed = GitEnvironment.fineTimestampStore(repos);
            assertThat(jgit.getString("filesystem", prefix + store, "timestampResolution"))
                    .isEqualTo(probed != null ? "20 milliseconds" : "2000 milliseconds");

            EstimatingSystemReader second = EstimatingSystemReader.install(FileSystems.getDefault(),
                    dir.resolve("more/not/made/yet"));
            assertThat(second.underlying()).as("replaced, not wrapped twice").isSameAs(host);
            assertThat(second.fineStores()).containsAll(first.fineStores());
            assertThat(jgitFile).as("nothing is written").doesNotExist();
        } finally {
            SystemReader.setInstance(before);
        }
    }

    private Sandbox sandboxWithRepository() throws Exception {
        Sandbox sandbox = Sandboxes.start(dir.resolve("sandbox"));
        String url = sandbox.url().toString();
        sandbox.createUser("alice", "alice-account-password");
        sandbox.createRepo("team/app", "git", "alice");
        IssuedToken setup = sandbox.addToken("alice", "token_role_vcs", -1, "setup", null);
        Path seed = dir.resolve("seed");
        try (Git git = Git.init().setDirectory(seed.toFile()).setInitialBranch("master").call()) {
            Files.writeString(seed.resolve("README"), "hello\n");
            git.add().addFilepattern("README").call();
            git.commit().setMessage("first").setAuthor("Alice", "alice@example.test")
                    .setCommitter("Alice", "alice@example.test").setSign(false).call();
            git.push().setRemote(url + "/team/app").add("master")
                    .setCredentialsProvider(new UsernamePasswordCredentialsProvider("alice", setup.token())).call();
        }
        sandbox.deleteToken(setup.id());
        IssuedToken app = sandbox.addToken("alice", "token_role_vcs", 60, "app", "team/app");
        Map<String, String> vars = Map.of("VCSTOKEN_HOME", dir.resolve("state").toString(),
                "HOME", Files.createDirectories(dir.resolve("home")).toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = VcstokenMain.run(new String[] {"token", "add", url + "/team/app", "--user", "alice"},
                new ByteArrayInputStream((app.token() + "\n").getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8),
                new Environment(vars), FileSystems.getDefault(), Clock.systemUTC());
        assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isZero();
        return sandbox;
    }

    /** Runs {@link EmbeddingProgram} with a home, XDG directory and clone destination under {@code name}. */
    private Proc.Result embeddingProgram(Sandbox sandbox, String mode, String name) throws Exception {
        Path root = dir.resolve(name);
        Path home = Files.createDirectories(root.resolve("home"));
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", root.resolve("xdg").toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("VCSTOKEN_HOME", dir.resolve("state").toString());
        String java = ProcessHandle.current().info().command().orElse("java");
        // JGit finds the home directory through Java's user.home, not HOME.
        List<String> command = List.of(java, "-Duser.home=" + home, "-cp", System.getProperty("java.class.path"),
                EmbeddingProgram.class.getName(), mode, sandbox.url() + "/team/app", root.resolve("clone").toString());
        return Proc.run(command, env, root, null, Duration.ofSeconds(120));
    }
}
