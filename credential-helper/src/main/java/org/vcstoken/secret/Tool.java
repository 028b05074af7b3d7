package org.vcstoken.secret;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a back end's command-line tool. The secret, when there is one, is written to the child's
 * standard input; argv carries only names and attributes. The child's environment is exactly the
 * one vcstoken was given, minus vcstoken's own token variables.
 */
final class Tool {
    /** A keyring or gpg may show an unlock or passphrase prompt to a person; give them time. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    record Result(int exit, String out, String err) {
        /** The first line of stderr, without the tool's name: for messages. */
        String errLine() {
            String e = err.strip();
            for (String line : e.split("\n")) {
                String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("(") && !l.startsWith("**")) {
                    return l;
                }
            }
            return e.isEmpty() ? "exit status " + exit : e;
        }
    }

    private final Map<String, String> env;

    Tool(Map<String, String> env) {
        this.env = env;
    }

    /** The executable on the PATH vcstoken was given, or {@code null}. */
    Path find(String name) {
        String path = env.get("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Paths.get(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    String env(String name) {
        String v = env.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    /**
     * Runs {@code command} (its first element a tool name looked up on PATH) with {@code stdin}.
     *
     * @throws SecretBackendException the tool is missing, could not start or did not finish in time
     */
    Result run(List<String> command, String stdin, String installHint) throws SecretBackendException {
        Path exe = find(command.get(0));
        if (exe == null) {
            throw new SecretBackendException(command.get(0) + " is not installed or not on PATH (" + installHint + ")");
        }
        String[] argv = command.toArray(new String[0]);
        argv[0] = exe.toString();
        ProcessBuilder pb = new ProcessBuilder(argv);
        Map<String, String> childEnv = pb.environment();
        childEnv.clear();
        childEnv.putAll(env);
        // The environment token is for the broker only, never for a child.
        childEnv.remove("VCSTOKEN_TOKEN");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new SecretBackendException("cannot run " + exe + ": " + e.getMessage());
        }
        try {
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // The child exited without reading its input; its status and stderr say why.
            }
            // Outputs are a few lines, far below a pipe's buffer, so waiting before reading cannot block.
            if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new SecretBackendException(command.get(0) + " did not answer within " + TIMEOUT.toSeconds()
                        + " s (waiting for an unlock or passphrase prompt nobody can see?)");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(p.exitValue(), out, err);
        } catch (IOException e) {
            throw new SecretBackendException("cannot read the answer of " + exe + ": " + e.getMessage());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new SecretBackendException("interrupted while waiting for " + exe);
        }
    }

    /** The secret printed by a tool: its first line (pass adds a newline; secret-tool may not). */
    static String firstLine(String out) {
        int nl = out.indexOf('\n');
        String line = nl < 0 ? out : out.substring(0, nl);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
