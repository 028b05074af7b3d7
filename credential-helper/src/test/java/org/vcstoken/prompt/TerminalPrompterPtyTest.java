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
            Children.destroyTree(script);
        }
    }

    /** Everything the pty showed so far; waiting is on a monitor, never a sleep. */
    static final class Screen {
        private final StringBuilder text = new StringBuilder();
        private boolean ended;

        Screen(InputStream in) {
            Thread reader = new Thread(() -> pump(in), "pty-screen");
            reader.setDaemon(true);
            reader.start();
        }

        private void pump(InputStream in) {
            byte[] buf = new byte[4096];
            try (in) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                append("\n[screen read failed: " + e + "]");
            }
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }

        private synchronized void append(String s) {
            text.append(s);
            notifyAll();
        }

        synchronized String awaitText(String expected, int occurrences) throws InterruptedException {
            long deadline = System.nanoTime() + STEP.toNanos();
            while (count(text.toString(), expected) < occurrences) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || ended) {
                    throw new AssertionError("the terminal never showed " + expected + "; it showed:\n" + text);
                }
                wait(left);
            }
            return text.toString();
        }

        synchronized String awaitEnd() throws InterruptedException {
            long deadline = System.nanoTime() + STEP.toNanos();
            while (!ended) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new AssertionError("the terminal never closed; it showed:\n" + text);
                }
                wait(left);
            }
            return text.toString();
        }

        private static int count(String haystack, String needle) {
            int n = 0;
            for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
                n++;
            }
            return n;
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
        return new Screen(script.getInputStream());
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
