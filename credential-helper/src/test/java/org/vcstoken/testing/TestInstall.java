package org.vcstoken.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A throw-away installation for tests that drive real clients: {@code bin/vcstoken} and
 * {@code bin/git-credential-vcstoken} launch this build's classes, and the environment isolates
 * HOME, git's global and system config, and VCSTOKEN_HOME, so no test touches the user's files.
 */
public final class TestInstall {
    private final Path root;
    private final Path bin;
    private final Path home;
    private final Path state;
    private final Map<String, String> env = new HashMap<>();

    private TestInstall(Path root) throws IOException {
        this.root = root;
        this.bin = Files.createDirectories(root.resolve("bin"));
        this.home = Files.createDirectories(root.resolve("home"));
        this.state = root.resolve("vcstoken-home");
        String java = ProcessHandle.current().info().command().orElse("java");
        // Without the test-only SLF4J back end, as in a real installation (lib/cli holds none).
        String cp = String.join(File.pathSeparator, Arrays.stream(System.getProperty("java.class.path")
                .split(File.pathSeparator)).filter(e -> !e.contains("slf4j-nop")).toList());
        script("git-credential-vcstoken", java, cp, "org.vcstoken.git.GitCredentialMain");
        script("vcstoken", java, cp, "org.vcstoken.cli.VcstokenMain");
        env.put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", home.toString());
        env.put("LANG", "C.UTF-8");
        env.put("GIT_CONFIG_GLOBAL", home.resolve(".gitconfig").toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("VCSTOKEN_HOME", state.toString());
        env.put("VCSTOKEN_GIT_HELPER", bin.resolve("git-credential-vcstoken").toString());
    }

    public static TestInstall in(Path dir) throws IOException {
        return new TestInstall(dir);
    }

    private void script(String name, String java, String cp, String main) throws IOException {
        Path f = bin.resolve(name);
        Files.writeString(f, "#!/bin/sh\nexec '" + java + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '" + cp
                + "' " + main + " \"$@\"\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    public Path root() {
        return root;
    }

    public Path home() {
        return home;
    }

    public Path state() {
        return state;
    }

    public Path storeFile() {
        return state.resolve("store.json");
    }

    public String helper() {
        return bin.resolve("git-credential-vcstoken").toString();
    }

    public Map<String, String> env() {
        return env;
    }

    public TestInstall with(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Runs {@code vcstoken ARGS} with {@code stdin}. */
    public Proc.Result vcstoken(String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(bin.resolve("vcstoken").toString()));
        cmd.addAll(List.of(args));
        return Proc.run(cmd, env, root, stdin, Duration.ofSeconds(60));
    }

    /** Adds a token through the real command and returns its id. */
    public String addToken(String url, String user, String secret, String... more) throws IOException, InterruptedException {
        List<String> args = new java.util.ArrayList<>(List.of("token", "add", url, "--user", user));
        args.addAll(List.of(more));
        Proc.Result r = vcstoken(secret + "\n", args.toArray(String[]::new));
        if (r.exit() != 0) {
            throw new AssertionError("token add failed: " + r);
        }
        return r.out().split(" ")[2];
    }

    /** Runs git with this installation's environment. */
    public Proc.Result git(Path dir, String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        return Proc.run(cmd, env, dir == null ? root : dir, stdin, Duration.ofSeconds(120));
    }
}
