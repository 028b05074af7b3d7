package org.vcstoken.prompt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Run by {@link TerminalPrompterPtyTest} inside a pseudo-terminal: asks a visible question, a
 * secret, and a visible one again, and records the answers in a file (never on the screen).
 */
public final class TerminalPromptDemo {
    private TerminalPromptDemo() {
    }

    public static void main(String[] args) throws IOException {
        TerminalPrompter prompter = new TerminalPrompter(TerminalPrompter.DEV_TTY, System.err, new org.vcstoken.process.Programs(System.getenv()));
        List<String> results = new ArrayList<>();
        try {
            results.add("name=" + prompter.ask("Name: "));
        } catch (PromptException e) {
            results.add("name-error=" + e.getMessage());
        }
        try {
            results.add("secret=" + new String(prompter.askSecret("Token: ")));
        } catch (PromptException e) {
            results.add("secret-error=" + e.getMessage());
        }
        try {
            results.add("again=" + prompter.ask("Again: "));
        } catch (PromptException e) {
            results.add("again-error=" + e.getMessage());
        }
        prompter.tell("all done");
        Files.write(Path.of(args[0]), results, StandardCharsets.UTF_8);
    }
}
