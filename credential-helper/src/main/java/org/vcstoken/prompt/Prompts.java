package org.vcstoken.prompt;

import java.io.PrintStream;
import org.vcstoken.env.Environment;

/**
 * Entry point of the prompt package: wires {@link Interaction} to the real git configuration and
 * the real {@code /dev/tty}, and gives a {@link BrowserOpener} for the same environment.
 */
public final class Prompts {
    private Prompts() {
    }

    /**
     * @param stderr where askpass programs' messages and {@link Prompter#tell} lines go when there
     *               is no terminal to show them on
     */
    public static Interaction interaction(Environment env, PrintStream stderr) {
        return new Interaction(env, new GitConfigSettings(env.variables()),
                () -> TerminalPrompter.isUsable(TerminalPrompter.DEV_TTY), TerminalPrompter.DEV_TTY, stderr,
                AskpassPrompter.DEFAULT_TIMEOUT);
    }

    public static BrowserOpener browserOpener(Environment env) {
        return new BrowserOpener(env);
    }
}
