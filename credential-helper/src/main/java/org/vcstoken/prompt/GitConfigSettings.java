package org.vcstoken.prompt;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.vcstoken.process.ProcessException;
import org.vcstoken.process.Programs;
import org.vcstoken.process.Result;

/**
 * Reads git configuration by running {@code git config --get KEY}, so that every place git reads
 * configuration from (system, global, repository, includes, GIT_CONFIG_* variables) counts.
 */
final class GitConfigSettings implements GitSettings {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final Programs programs;
    private final Path workingDirectory;
    private final Duration timeout;

    /** Runs git in the current directory: git starts its helpers inside the repository. */
    GitConfigSettings(Map<String, String> env) {
        this(env, null, DEFAULT_TIMEOUT);
    }

    GitConfigSettings(Map<String, String> env, Path workingDirectory, Duration timeout) {
        this.programs = new Programs(Map.copyOf(env));
        this.workingDirectory = workingDirectory;
        this.timeout = timeout;
    }

    @Override
    public Optional<String> get(String key) {
        Result r;
        try {
            r = programs.command("git", "config", "--get", key).directory(workingDirectory).discardError()
                    .timeout(timeout).run();
        } catch (ProcessException e) {
            // No git on PATH, or one that does not answer: nothing is configured as far as we can know.
            return Optional.empty();
        }
        if (r.exit() != 0) {
            // 1 means "not set"; anything else is a broken config that git itself will report.
            return Optional.empty();
        }
        String value = r.out();
        value = value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}
