package org.vcstoken.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AskpassPrompterTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream stderrBytes = new ByteArrayOutputStream();
    private final PrintStream stderr = new PrintStream(stderrBytes, true, StandardCharsets.UTF_8);

    private AskpassPrompter prompter(Path program, Map<String, String> env, Duration timeout) {
        return new AskpassPrompter(program.toString(), "GIT_ASKPASS", env, stderr, timeout);
    }

    private AskpassPrompter prompter(Path program) {
        return prompter(program, Map.of(), Duration.ofSeconds(30));
    }

    @Test
    void returnsTheProgramsAnswerWithoutTheTrailingNewline() throws Exception {
        Path ask = ScriptFiles.executable(dir.resolve("ask"), "printf 'alice\\n'");

        assertThat(prompter(ask).ask("Username: ")).isEqualTo("alice");
    }

    @Test
    void keepsOnlyTheFirstLineLikeGit() throws Exception {
        Path ask = ScriptFiles.executable(dir.resolve("ask"), "printf 'tok3n\\r\\nsecond line\\n'");

        assertThat(prompter(ask).askSecret("Token: ")).containsExactly("tok3n".toCharArray());
    }

    @Test
    void acceptsAnAnswerWithoutAnyNewline() throws Exception {
        Path ask = ScriptFiles.executable(dir.resolve("ask"), "printf 'no-newline'");

        assertThat(prompter(ask).ask("Q: ")).isEqualTo("no-newline");
    }

    @Test
    void passesTheQuestionAsTheOnlyArgument() throws Exception {
        Path args = dir.resolve("args");
        Path ask = ScriptFiles.executable(dir.resolve("ask"),
                "printf '%s|%s' \"$#\" \"$1\" > '" + args + "'\nprintf 'ok\\n'");

        prompter(ask).ask("Password for 'https://alice@code.example.com': ");

        assertThat(Files.readString(args)).isEqualTo("1|Password for 'https://alice@code.example.com': ");
    }

    @Test
    void runsTheProgramWithTheInjectedEnvironmentOnly() throws Exception {
        Path ask = ScriptFiles.executable(dir.resolve("ask"), "printf '%s|%s\\n' \"$MARKER\" \"${HOME-unset}\"");

        String answer = prompter(ask, Map.of("MARKER", "injected"), Duration.ofSeconds(30)).ask("Q: ");

        assertThat(answer).isEqualTo("injected|unset");
    }

    @Test
    void theProgramNeverGetsTheEnvironmentToken() throws Exception {
        Path ask = ScriptFiles.executable(dir.resolve("ask"), "/usr/bin/env | /bin/grep -c VCSTOKEN_TOKEN\nexit 0");

        String answer = prompter(ask, Map.of("VCSTOKEN_TOKEN", "ci-t0ken-abcdef"), Duration.ofSeconds(30)).ask("Q: ");

        assertThat(answer).isEqualTo("0");
    }

    @Test
    void doesNotLetTheProgramReadTheProtocolsStandardInput() throws Exception {
        Path ask = ScriptFiles.executable(dir.resolve("ask"), "if read x; then echo \"read:$x\"; else echo eof; fi");

        assertThat(prompter(ask).ask("Q: ")).isEqualTo("eof");
    }

    @Test
    void failsNamingTheProgramAndTheSettingWhenItExitsNonZero() throws Exception {
        Path ask = ScriptFiles.executable(dir.resolve("ask"), "echo 'cannot open display' >&2\nexit 3");

        assertThatThrownBy(() -> prompter(ask).ask("Q: "))
                .isInstanceOf(PromptException.class)
                .hasMessageContaining(ask.toString())
                .hasMessageContaining("exit 3")
                .hasMessageContaining("GIT_ASKPASS");
        assertThat(stderrBytes.toString(StandardCharsets.UTF_8)).contains("cannot open display");
    }

    @Test
    void findsAProgramNameOnTheInjectedPath() throws Exception {
        Path bin = java.nio.file.Files.createDirectory(dir.resolve("bin"));
        ScriptFiles.executable(bin.resolve("my-askpass"), "printf 'from-path\\n'");
        AskpassPrompter p = new AskpassPrompter("my-askpass", "SSH_ASKPASS", Map.of("PATH", bin.toString()), stderr,
                Duration.ofSeconds(30));

        assertThat(p.ask("Q: ")).isEqualTo("from-path");
    }

    @Test
    void failsWhenAProgramNameIsNotOnTheInjectedPath() {
        AskpassPrompter p = new AskpassPrompter("sh", "SSH_ASKPASS", Map.of("PATH", dir.toString()), stderr,
                Duration.ofSeconds(30));

        assertThatThrownBy(() -> p.ask("Q: ")).isInstanceOf(PromptException.class)
                .hasMessage("cannot run the askpass program sh (not found); fix or unset SSH_ASKPASS");
    }

    @Test
    void failsNamingTheProgramWhenItCannotBeRun() {
        Path missing = dir.resolve("no-such-askpass");

        assertThatThrownBy(() -> prompter(missing).askSecret("Q: "))
                .isInstanceOf(PromptException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("GIT_ASKPASS");
    }

    @Test
    void givesUpAfterTheTimeoutAndLeavesNoProcessBehind() throws Exception {
        Path fifo = ScriptFiles.fifo(dir.resolve("never-written"));
        Path pid = dir.resolve("pid");
        Path childPid = dir.resolve("child-pid");
        // The program and a child of it both block for good: neither may survive the timeout.
        Path ask = ScriptFiles.executable(dir.resolve("ask"),
                "echo $$ > '" + pid + "'\n( read x < '" + fifo + "' ) &\necho $! > '" + childPid + "'\nwait");

        assertThatThrownBy(() -> prompter(ask, Map.of(), Duration.ofSeconds(1)).askSecret("Token: "))
                .isInstanceOf(PromptException.class)
                .hasMessageContaining(ask.toString())
                .hasMessageContaining("within 1 s");

        assertThat(ScriptFiles.isRunning(ScriptFiles.pidIn(pid))).as("askpass program still running").isFalse();
        assertThat(ScriptFiles.isRunning(ScriptFiles.pidIn(childPid))).as("its child still running").isFalse();
    }

    @Test
    void tellsOnStandardError() {
        AskpassPrompter p = prompter(dir.resolve("ask"));

        p.tell("opening the token page");

        assertThat(stderrBytes.toString(StandardCharsets.UTF_8)).isEqualTo("opening the token page" + System.lineSeparator());
    }

    @Test
    void namesTheProgramAsItsChannel() {
        assertThat(prompter(dir.resolve("ask")).channel()).isEqualTo(dir.resolve("ask").toString());
    }
}
