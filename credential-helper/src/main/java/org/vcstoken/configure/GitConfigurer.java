package org.vcstoken.configure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.vcstoken.token.ServerProfile;

/**
 * Enables the helper in the user's global git configuration, reversibly.
 *
 * <p>All settings go into one file that vcstoken owns ({@code gitconfig} in its config directory),
 * and the global configuration gets a single {@code include.path} line pointing at it. For each
 * server the file resets git's helper list and adds ours, and turns on {@code useHttpPath} so that
 * per-repository tokens work. Nothing else in the user's configuration is touched, re-running
 * regenerates the same file, and {@link #unconfigure()} removes exactly the include line and the
 * file.
 */
public final class GitConfigurer {
    static final String HEADER = "# Written by `vcstoken configure --git`; regenerated on every run.\n"
            + "# Remove with `vcstoken unconfigure --git`; edits here are overwritten.\n";

    private final Path includeFile;
    private final String helperCommand;
    private final ProcessRunner git;

    /**
     * @param includeFile   the file vcstoken owns
     * @param helperCommand what git should run: an absolute path, or {@code vcstoken} for git-credential-vcstoken on PATH
     * @param env           environment for the git child (HOME, GIT_CONFIG_GLOBAL, PATH)
     */
    public GitConfigurer(Path includeFile, String helperCommand, Map<String, String> env) {
        this.includeFile = includeFile;
        this.helperCommand = helperCommand;
        this.git = new ProcessRunner(env, Duration.ofSeconds(30));
    }

    /** What configure changed, for the user. */
    public record Outcome(boolean includeAdded, boolean fileChanged, List<String> servers) {
    }

    public Outcome configure(List<ServerProfile> servers) throws IOException {
        String content = render(servers);
        boolean fileChanged = writeIfChanged(content);
        boolean includeAdded = false;
        if (!includes().contains(includeFile.toString())) {
            gitConfig("--global", "--add", "include.path", includeFile.toString());
            includeAdded = true;
        }
        return new Outcome(includeAdded, fileChanged, servers.stream().map(ServerProfile::baseUrl).toList());
    }

    /** @return whether anything was removed */
    public boolean unconfigure() throws IOException {
        boolean changed = false;
        if (includes().contains(includeFile.toString())) {
            gitConfig("--global", "--fixed-value", "--unset-all", "include.path", includeFile.toString());
            changed = true;
        }
        if (Files.deleteIfExists(includeFile)) {
            changed = true;
        }
        return changed;
    }

    String render(List<ServerProfile> servers) {
        StringBuilder b = new StringBuilder(HEADER);
        for (ServerProfile s : servers) {
            b.append("[credential \"").append(s.baseUrl()).append("\"]\n");
            // An empty value clears the helpers collected so far for this server, so that ours is
            // asked first and a stale password from another helper never shadows a token.
            b.append("\thelper =\n");
            b.append("\thelper = ").append(quoteForGit(helperCommand)).append('\n');
            b.append("\tuseHttpPath = true\n");
        }
        return b.toString();
    }

    private List<String> includes() throws IOException {
        ProcessRunner.Result r = git.run(List.of("git", "config", "--global", "--get-all", "include.path"));
        if (r.exit() == 1) {
            return List.of(); // no such key
        }
        if (r.exit() != 0) {
            throw new IOException("git config failed: " + r.err().strip());
        }
        return new ArrayList<>(Arrays.asList(r.out().split("\n")));
    }

    private void gitConfig(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("git", "config"));
        cmd.addAll(List.of(args));
        ProcessRunner.Result r = git.run(cmd);
        if (r.exit() != 0) {
            throw new IOException("git config failed: " + r.err().strip());
        }
    }

    private boolean writeIfChanged(String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (Files.isRegularFile(includeFile, LinkOption.NOFOLLOW_LINKS)
                && Arrays.equals(Files.readAllBytes(includeFile), bytes)) {
            return false;
        }
        Path dir = includeFile.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        Path tmp = Files.createTempFile(dir, ".gitconfig-", ".tmp");
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            Files.write(tmp, bytes);
            Files.move(tmp, includeFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return true;
    }

    /**
     * git treats a helper value as a path only when it starts with {@code /}, and runs it through
     * the shell with the action appended. A path with spaces or shell characters therefore becomes
     * a shell snippet ({@code !'…'}), and the config file format then needs its own quoting.
     */
    static String quoteForGit(String command) {
        if (command.matches("[A-Za-z0-9_./+-]+")) {
            return command;
        }
        String shell = "!'" + command.replace("'", "'\\''") + "'";
        return "\"" + shell.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
