package org.vcstoken.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.testing.Screen;

/**
 * Drives {@link TerminalPromptDemo} through a real pseudo-terminal made by util-linux
 * {@code script}: what the pty shows is exactly what a person would see.
 */
class TerminalPrompterPtyTest {
    private static final Duration STEP = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Process script;

    @AfterEach
    void stopScript() {
        if (script != null && script.isAlive()) {
            script.descendants().forEach(ProcessHandle::destroyForcibly);
            script.destroyForcibly();
        }
    }

    private static String quote(String s) {
        assertThat(s).doesNotContain("'");
        return "'" + s + "'";
    }

    private Screen startDemo(Path results, Path stdout, Path stderr) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String command = "exec " + quote(java) + " -cp " + quote(System.getProperty("java.class.path")) + " "
                + TerminalPromptDemo.class.getName() + " " + quote(results.toString())
                + " > " + quote(stdout.toString()) + " 2> " + quote(stderr.toString());
        ProcessBuilder pb = new ProcessBuilder(List.of("script", "-q", "-e", "-c", command, "/dev/null"));
        pb.environment().put("SHELL", "/bin/sh");
        pb.redirectErrorStream(true);
        script = pb.start();
        return new Screen(script.getInputStream(), STEP);
    }

    private void type(String keys) throws IOException {
        OutputStream keyboard = script.getOutputStream();
        keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    @Test
    void readsTheSecretWithoutEchoingItAndEchoesVisibleAnswers() throws Exception {
        Path results = dir.resolve("results");
        Path stdout = dir.resolve("stdout");
        Screen screen = startDemo(results, stdout, dir.resolve("stderr"));

        screen.awaitText("Name: ", 1);
        type("alice\n");
        screen.awaitText("Token: ", 1);
        type("s3cret-xyz\n");
        screen.awaitText("Again: ", 1);
        type("bob\n");
        String shown = screen.awaitEnd();

        assertThat(script.waitFor(STEP.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(script.exitValue()).as("demo exit; stderr: %s", Files.readString(dir.resolve("stderr"))).isZero();
        assertThat(Files.readAllLines(results)).containsExactly("name=alice", "secret=s3cret-xyz", "again=bob");
        assertThat(shown).contains("Name: alice").doesNotContain("s3cret");
        // The hidden answer ends with a newline of our own, and echo is back on for the next question.
        assertThat(shown).contains("Token: \r\nAgain: bob").contains("all done");
        assertThat(Files.readString(stdout)).as("nothing on standard output").isEmpty();
    }

    @Test
    void endOfInputAtTheSecretPromptFailsAndLeavesEchoOn() throws Exception {
        Path results = dir.resolve("results");
        Screen screen = startDemo(results, dir.resolve("stdout"), dir.resolve("stderr"));

        screen.awaitText("Name: ", 1);
        type("alice\n");
        screen.awaitText("Token: ", 1);
        type("\u0004");
        screen.awaitText("Again: ", 1);
        type("bob\n");
        String shown = screen.awaitEnd();

        assertThat(script.waitFor(STEP.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readAllLines(results)).containsExactly("name=alice",
                "secret-error=no answer: the terminal /dev/tty was closed", "again=bob");
        assertThat(shown).contains("Again: bob");
    }
}
