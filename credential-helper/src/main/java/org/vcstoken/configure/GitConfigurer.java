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
import org.vcstoken.process.ProcessException;
import org.vcstoken.process.Programs;
import org.vcstoken.process.Result;
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
    private static final Duration GIT_TIMEOUT = Duration.ofSeconds(30);
    static final String HEADER = "# Written by `vcstoken configure --git`; regenerated on every run.\n"
            + "# Remove with `vcstoken unconfigure --git`; edits here are overwritten.\n";

    private final Path includeFile;
    private final String helperCommand;
    private final Programs programs;

    /**
     * @param includeFile   the file vcstoken owns
     * @param helperCommand what git should run: an absolute path, or {@code vcstoken} for git-credential-vcstoken on PATH
     * @param env           environment for the git child (HOME, GIT_CONFIG_GLOBAL, PATH)
     */
    public GitConfigurer(Path includeFile, String helperCommand, Map<String, String> env) {
        this.includeFile = includeFile;
        this.helperCommand = helperCommand;
        this.programs = new Programs(env);
    }

    /**
     * What configure changed, for the user.
     *
     * @param movedIn the global file whose include line was moved to its end, or null
     */
    public record Outcome(boolean includeAdded, boolean fileChanged, List<String> servers, Path movedIn) {
    }

    public Outcome configure(List<ServerProfile> servers) throws IOException {
        String content = render(servers);
        boolean fileChanged = writeIfChanged(content);
        boolean includeAdded = false;
        if (!includes().contains(includeFile.toString())) {
            gitConfig("--global", "--add", "include.path", includeFile.toString());
            includeAdded = true;
        }
        Path movedIn = keepIncludeLast();
        return new Outcome(includeAdded, fileChanged, servers.stream().map(ServerProfile::baseUrl).toList(),
                includeAdded ? null : movedIn);
    }

    /**
     * git collects credential helpers in the order it reads its configuration, and our file's empty
     * {@code helper =} clears only those read before it. A helper the user's file lists after the
     * include line (git adds include.path to an existing {@code [include]} section, often at the top)
     * would be asked too and, after every success, told to store the token: {@code credential-store}
     * writes it in clear text to ~/.git-credentials. So the include line must be the file's last
     * setting; when it is not, it is removed and appended as a section of its own.
     *
     * @return the global file when the line was moved, else null
     */
    private Path keepIncludeLast() throws IOException {
        Path global = globalFileHolding();
        if (global == null) {
            return null;
        }
        String text = Files.readString(global, StandardCharsets.UTF_8);
        if (includeIsLast(text)) {
            return null;
        }
        gitConfig("--global", "--fixed-value", "--unset-all", "include.path", includeFile.toString());
        String section = (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + "[include]\n\tpath = "
                + quoteValue(includeFile.toString()) + "\n";
        try {
            Files.writeString(global, section, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            gitConfig("--global", "--add", "include.path", includeFile.toString()); // as it was, if not last
            throw e;
        }
        return global;
    }

    /** The global configuration file git keeps our include line in (it may be GIT_CONFIG_GLOBAL or the XDG file). */
    private Path globalFileHolding() throws IOException {
        Result r = git(List.of("git", "config", "--global", "-z", "--show-origin", "--get-all", "include.path"));
        if (r.exit() != 0) {
            return null;
        }
        String[] fields = r.out().split("\0", -1);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            if (fields[i + 1].equals(includeFile.toString()) && fields[i].startsWith("file:")) {
                return includeFile.getFileSystem().getPath(fields[i].substring("file:".length()));
            }
        }
        return null;
    }

    /** Whether the last setting in {@code text} is our include line, in an {@code [include]} section. */
    boolean includeIsLast(String text) {
        String section = "";
        String last = null;
        String lastSection = null;
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                section = line.toLowerCase(java.util.Locale.ROOT);
                continue;
            }
            last = line;
            lastSection = section;
        }
        if (last == null || !"[include]".equals(lastSection)) {
            return false;
        }
        int eq = last.indexOf('=');
        if (eq < 0 || !last.substring(0, eq).strip().equalsIgnoreCase("path")) {
            return false;
        }
        String value = last.substring(eq + 1).strip();
        return value.equals(includeFile.toString()) || value.equals(quoteValue(includeFile.toString()));
    }

    /** A value in git's config syntax: quoted, with backslashes and quotes escaped. */
    static String quoteValue(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** @return whether anything was removed */
    public boolean unconfigure() throws IOException {
        // The file first: git ignores an include of a missing file, so even a file git cannot parse
        // (written by an older vcstoken) no longer stops the git commands below.
        boolean changed = Files.deleteIfExists(includeFile);
        if (includes().contains(includeFile.toString())) {
            gitConfig("--global", "--fixed-value", "--unset-all", "include.path", includeFile.toString());
            changed = true;
        }
        return changed;
    }

    String render(List<ServerProfile> servers) {
        StringBuilder b = new StringBuilder(HEADER);
        for (ServerProfile s : servers) {
            // In a subsection name git reads \" and \\ as escapes; anything else is literal.
            b.append("[credential \"").append(s.baseUrl().replace("\\", "\\\\").replace("\"", "\\\""))
                    .append("\"]\n");
            // An empty value clears the helpers collected so far for this server, so that ours is
            // asked first and a stale password from another helper never shadows a token.
            b.append("\thelper =\n");
            b.append("\thelper = ").append(quoteForGit(helperCommand)).append('\n');
            b.append("\tuseHttpPath = true\n");
        }
        return b.toString();
    }

    private List<String> includes() throws IOException {
        Result r = git(List.of("git", "config", "--global", "--get-all", "include.path"));
        if (r.exit() == 1) {
            return List.of(); // no such key
        }
        orFail(r);
        return new ArrayList<>(Arrays.asList(r.out().split("\n")));
    }

    private void gitConfig(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("git", "config"));
        cmd.addAll(List.of(args));
        orFail(git(cmd));
    }

    private Result git(List<String> command) throws IOException {
        try {
            return programs.command(command).timeout(GIT_TIMEOUT).run();
        } catch (ProcessException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** A failure names git's exit status and the end of what it said. */
    private static void orFail(Result r) throws IOException {
        try {
            r.orFail();
        } catch (ProcessException e) {
            throw new IOException(e.getMessage(), e);
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
