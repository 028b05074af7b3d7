package org.vcstoken.prompt;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads git configuration by running {@code git config --get KEY}, so that every place git reads
 * configuration from (system, global, repository, includes, GIT_CONFIG_* variables) counts.
 */
final class GitConfigSettings implements GitSettings {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, String> env;
    private final File workingDirectory;
    private final Duration timeout;

    /** Runs git in the current directory: git starts its helpers inside the repository. */
    GitConfigSettings(Map<String, String> env) {
        this(env, null, DEFAULT_TIMEOUT);
    }

    GitConfigSettings(Map<String, String> env, File workingDirectory, Duration timeout) {
        this.env = Map.copyOf(env);
        this.workingDirectory = workingDirectory;
        this.timeout = timeout;
    }

    @Override
    public Optional<String> get(String key) {
        Optional<Path> git = Executables.find("git", env);
        if (git.isEmpty()) {
            // No git on PATH: nothing is configured as far as we can know.
            return Optional.empty();
        }
        ProcessBuilder pb = new ProcessBuilder(List.of(git.get().toString(), "config", "--get", key));
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.directory(workingDirectory);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            // git vanished or cannot be executed: as good as not installed.
            return Optional.empty();
        }
        CompletableFuture<byte[]> out = Children.drain(p.getInputStream(), "git-config-stdout");
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                Children.destroyTree(p);
                return Optional.empty();
            }
            if (p.exitValue() != 0) {
                // 1 means "not set"; anything else is a broken config that git itself will report.
                return Optional.empty();
            }
            String value = new String(out.get(timeout.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.UTF_8);
            value = value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
            return value.isEmpty() ? Optional.empty() : Optional.of(value);
        } catch (InterruptedException e) {
            Children.destroyTree(p);
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException e) {
            Children.destroyTree(p);
            return Optional.empty();
        }
    }
}
