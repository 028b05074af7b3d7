package org.vcstoken.prompt;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.vcstoken.env.Environment;
import org.vcstoken.messages.PromptMessages;
import org.vcstoken.process.Programs;

/**
 * Decides whether vcstoken may prompt, and where, following git's rules: askpass programs in
 * git's order (GIT_ASKPASS, core.askPass, SSH_ASKPASS), then the terminal unless
 * GIT_TERMINAL_PROMPT is off; never when CI, --non-interactive, VCSTOKEN_INTERACTIVE=never or
 * credential.interactive=never|false say so. Create one with {@link Prompts#interaction}.
 */
public final class Interaction {
    /** The spellings git's boolean parser reads as false. */
    private static final Set<String> GIT_FALSE = Set.of("false", "no", "off", "0");

    private final Environment env;
    private final GitSettings git;
    private final BooleanSupplier terminalUsable;
    private final Path tty;
    private final PrintStream stderr;
    private final Duration askpassTimeout;

    Interaction(Environment env, GitSettings git, BooleanSupplier terminalUsable, Path tty, PrintStream stderr,
                Duration askpassTimeout) {
        this.env = Objects.requireNonNull(env, "env");
        this.git = Objects.requireNonNull(git, "git");
        this.terminalUsable = Objects.requireNonNull(terminalUsable, "terminalUsable");
        this.tty = Objects.requireNonNull(tty, "tty");
        this.stderr = Objects.requireNonNull(stderr, "stderr");
        this.askpassTimeout = Objects.requireNonNull(askpassTimeout, "askpassTimeout");
    }

    /** Whether vcstoken may ask the person for anything right now, and through which channel. */
    public sealed interface Decision {

        /** Prompting is allowed; questions go to {@code prompter}. */
        record Interactive(Prompter prompter) implements Decision {
            public Interactive {
                Objects.requireNonNull(prompter, "prompter");
            }
        }

        /**
         * Prompting is forbidden or impossible. {@code reason} names the setting that decided it
         * ("CI=true", "credential.interactive=never", ...) so one error line can say what to change.
         */
        record NonInteractive(String reason) implements Decision {
            public NonInteractive {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }

    /**
     * @param nonInteractiveFlag the command line said {@code --non-interactive}
     * @return where to ask, or why not to ask at all
     */
    public Decision decide(boolean nonInteractiveFlag) {
        // Cheap checks first: the environment is free, git config costs a process.
        if (nonInteractiveFlag) {
            return new Decision.NonInteractive("--non-interactive");
        }
        Optional<String> own = env.get("VCSTOKEN_INTERACTIVE");
        if (own.isPresent() && own.get().equalsIgnoreCase("never")) {
            return new Decision.NonInteractive("VCSTOKEN_INTERACTIVE=" + own.get());
        }
        if (env.isTrue("CI")) {
            return new Decision.NonInteractive("CI=" + env.get("CI").orElseThrow());
        }
        Optional<String> configured = git.get("credential.interactive");
        if (configured.isPresent() && (configured.get().equalsIgnoreCase("never") || isGitFalse(configured.get()))) {
            return new Decision.NonInteractive("credential.interactive=" + configured.get());
        }
        Optional<Decision> askpass = askpass();
        if (askpass.isPresent()) {
            return askpass.get();
        }
        Optional<String> terminalPrompt = env.get("GIT_TERMINAL_PROMPT");
        if (terminalPrompt.isPresent() && isGitFalse(terminalPrompt.get())) {
            return new Decision.NonInteractive(PromptMessages.terminalPromptDisabled(terminalPrompt.get()));
        }
        if (terminalUsable.getAsBoolean()) {
            return new Decision.Interactive(new TerminalPrompter(tty, stderr, new Programs(env.variables())));
        }
        return new Decision.NonInteractive(PromptMessages.noChannel());
    }

    /** git's order; an empty value counts as unset (Environment already reads it so). */
    private Optional<Decision> askpass() {
        Optional<String> fromEnv = env.get("GIT_ASKPASS");
        if (fromEnv.isPresent()) {
            return Optional.of(askpass(fromEnv.get(), "GIT_ASKPASS"));
        }
        Optional<String> fromConfig = git.get("core.askPass").filter(v -> !v.isEmpty());
        if (fromConfig.isPresent()) {
            return Optional.of(askpass(fromConfig.get(), "core.askPass"));
        }
        return env.get("SSH_ASKPASS").map(program -> askpass(program, "SSH_ASKPASS"));
    }

    private Decision askpass(String program, String setting) {
        return new Decision.Interactive(new AskpassPrompter(program, setting, env.variables(), stderr, askpassTimeout));
    }

    private static boolean isGitFalse(String value) {
        return GIT_FALSE.contains(value.toLowerCase(Locale.ROOT));
    }
}
