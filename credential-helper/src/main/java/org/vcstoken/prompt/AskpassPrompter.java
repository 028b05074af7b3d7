package org.vcstoken.prompt;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.vcstoken.messages.PromptMessages;
import org.vcstoken.process.Invocation;
import org.vcstoken.process.ProcessException;
import org.vcstoken.process.Programs;
import org.vcstoken.process.Result;

/**
 * Asks through an askpass program (GIT_ASKPASS, core.askPass, SSH_ASKPASS) the way git does: the
 * question is the only argument, the answer is the first line of its standard output.
 */
final class AskpassPrompter implements Prompter {
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    private final String program;
    private final String setting;
    private final Programs programs;
    private final PrintStream stderr;
    private final Duration timeout;

    /**
     * @param setting where the program came from ("GIT_ASKPASS", "core.askPass", "SSH_ASKPASS"),
     *                so a failure can say what to fix
     */
    AskpassPrompter(String program, String setting, Map<String, String> env, PrintStream stderr, Duration timeout) {
        this.program = program;
        this.setting = setting;
        this.programs = new Programs(Map.copyOf(env));
        this.stderr = stderr;
        this.timeout = timeout;
    }

    @Override
    public String ask(String question) throws PromptException {
        byte[] answer = run(question);
        try {
            return new String(answer, 0, firstLineLength(answer), StandardCharsets.UTF_8);
        } finally {
            Arrays.fill(answer, (byte) 0);
        }
    }

    @Override
    public char[] askSecret(String question) throws PromptException {
        byte[] answer = run(question);
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(answer, 0, firstLineLength(answer)));
            char[] secret = new char[chars.remaining()];
            chars.get(secret);
            chars.clear();
            while (chars.hasRemaining()) {
                chars.put('\0');
            }
            return secret;
        } catch (CharacterCodingException e) {
            throw new AssertionError("a REPLACE decoder does not throw", e);
        } finally {
            Arrays.fill(answer, (byte) 0);
        }
    }

    /** An askpass program has no way to show a message, so messages go to standard error. */
    @Override
    public void tell(String message) {
        stderr.println(message);
        stderr.flush();
    }

    @Override
    public String channel() {
        return program;
    }

    private byte[] run(String question) throws PromptException {
        // Looked up on the PATH the program will get, as git does, not on this JVM's PATH.
        Invocation command = programs.command(program, question).timeout(timeout);
        if (stderr == System.err) {
            // The real standard error (git's, usually the terminal): a program that asks on the
            // terminal writes its question there as it goes, which a pipe would hold back.
            command.inheritError();
        } else {
            // The program's own complaints (a missing display, say) are the person's best clue.
            command.errorTo(stderr);
        }
        Result r;
        try {
            r = command.run();
        } catch (ProcessException e) {
            throw new PromptException(switch (e.reason()) {
                case NOT_FOUND -> PromptMessages.askpassNotFound(program, setting);
                case CANNOT_START -> PromptMessages.askpassCannotRun(program, setting, e.detail());
                case TIMED_OUT -> PromptMessages.askpassTimedOut(program, timeout);
                case INTERRUPTED -> PromptMessages.interrupted(program);
                default -> PromptMessages.askpassUnreadable(program, e.getMessage());
            });
        }
        stderr.flush();
        if (r.exit() != 0) {
            r.wipe();
            throw new PromptException(PromptMessages.askpassFailed(program, setting, r.exit()));
        }
        return r.outBytes();
    }

    /** git keeps only the first line (up to CR or LF) of the program's output. */
    private static int firstLineLength(byte[] answer) {
        for (int i = 0; i < answer.length; i++) {
            if (answer[i] == '\n' || answer[i] == '\r') {
                return i;
            }
        }
        return answer.length;
    }
}
