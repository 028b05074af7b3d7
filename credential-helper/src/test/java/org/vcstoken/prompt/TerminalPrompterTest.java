package org.vcstoken.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.process.Programs;

/** The failure paths that need no real terminal; the pty test covers the rest. */
class TerminalPrompterTest {
    /** stty is found on the PATH the tests run with. */
    private static final Programs PROGRAMS = new Programs(System.getenv());

    @TempDir
    Path dir;

    private final ByteArrayOutputStream stderrBytes = new ByteArrayOutputStream();
    private final PrintStream stderr = new PrintStream(stderrBytes, true, StandardCharsets.UTF_8);

    @Test
    void failsWhenTheTerminalCannotBeOpened() {
        TerminalPrompter prompter = new TerminalPrompter(dir.resolve("no-tty"), stderr, PROGRAMS);

        assertThatThrownBy(() -> prompter.ask("Name: "))
                .isInstanceOf(PromptException.class)
                .hasMessageContaining("cannot open the terminal " + dir.resolve("no-tty"));
    }

    @Test
    void failsAtEndOfInput() {
        TerminalPrompter prompter = new TerminalPrompter(Path.of("/dev/null"), stderr, PROGRAMS);

        assertThatThrownBy(() -> prompter.ask("Name: "))
                .isInstanceOf(PromptException.class)
                .hasMessage("no answer: the terminal /dev/null was closed");
    }

    @Test
    void refusesToReadASecretWhenEchoCannotBeTurnedOff() {
        TerminalPrompter prompter = new TerminalPrompter(Path.of("/dev/null"), stderr, PROGRAMS);

        assertThatThrownBy(() -> prompter.askSecret("Token: "))
                .isInstanceOf(PromptException.class)
                .hasMessageContaining("cannot turn off echo on /dev/null")
                .hasMessageContaining("refusing");
    }

    @Test
    void tellsOnStandardErrorWhenTheTerminalIsGone() {
        new TerminalPrompter(dir.resolve("no-tty"), stderr, PROGRAMS).tell("opening the token page");

        assertThat(stderrBytes.toString(StandardCharsets.UTF_8)).isEqualTo("opening the token page" + System.lineSeparator());
    }

    @Test
    void tellsOnTheTerminalWhenThereIsOne() throws Exception {
        // A regular file stands in for the terminal: whatever is written to it is what was shown.
        Path screen = java.nio.file.Files.createFile(dir.resolve("screen"));

        new TerminalPrompter(screen, stderr, PROGRAMS).tell("opening the token page");

        assertThat(java.nio.file.Files.readString(screen)).isEqualTo("opening the token page\n");
        assertThat(stderrBytes.size()).isZero();
    }

    @Test
    void countsAMissingTerminalAsUnusable() {
        assertThat(TerminalPrompter.isUsable(dir.resolve("no-tty"))).isFalse();
    }

    @Test
    void countsAnOpenableTerminalAsUsable() {
        assertThat(TerminalPrompter.isUsable(Path.of("/dev/null"))).isTrue();
    }

    @Test
    void namesItselfTheTerminal() {
        assertThat(new TerminalPrompter(Path.of("/dev/tty"), stderr, PROGRAMS).channel()).isEqualTo("terminal");
    }
}
