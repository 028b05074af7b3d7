package org.vcstoken.configure;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short-lived real tool (git, hg, svn) for configure, doctor and demo: the given
 * environment only, input from a string or /dev/null, and a time limit after which the child and
 * its descendants are killed.
 */
public final class ProcessRunner {
    /** What the child did. */
    public record Result(int exit, String out, String err) {
        public String both() {
            return out + err;
        }
    }

    private final Map<String, String> env;
    private final Duration timeout;

    public ProcessRunner(Map<String, String> env, Duration timeout) {
        this.env = env;
        this.timeout = timeout;
    }

    public Result run(List<String> command) throws IOException {
        return run(command, env, null, null, timeout);
    }

    public static Result run(List<String> command, Map<String, String> env, Path dir, Duration timeout)
            throws IOException {
        return run(command, env, dir, null, timeout);
    }

    /** @param stdin what the child reads (a secret goes here, never in argv), or null for /dev/null */
    public static Result run(List<String> command, Map<String, String> env, Path dir, String stdin, Duration timeout)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().putAll(env);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        if (stdin == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        Process p = pb.start();
        if (stdin != null) {
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // The child exited without reading; its exit status and stderr say why, so the
                // failed write itself has nothing to add.
            }
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish within " + timeout.toSeconds() + " s");
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        }
    }

    private static String drain(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
