package org.vcstoken.prompt;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks through an askpass program (GIT_ASKPASS, core.askPass, SSH_ASKPASS) the way git does: the
 * question is the only argument, the answer is the first line of its standard output.
 */
final class AskpassPrompter implements Prompter {
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    /** After the program exits, how long a grandchild may keep its output pipe open. */
    private static final Duration OUTPUT_GRACE = Duration.ofSeconds(5);

    private final String program;
    private final String setting;
    private final Map<String, String> env;
    private final PrintStream stderr;
    private final Duration timeout;

    /**
     * @param setting where the program came from ("GIT_ASKPASS", "core.askPass", "SSH_ASKPASS"),
     *                so a failure can say what to fix
     */
    AskpassPrompter(String program, String setting, Map<String, String> env, PrintStream stderr, Duration timeout) {
        this.program = program;
        this.setting = setting;
        this.env = Map.copyOf(env);
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
        Path executable = Executables.find(program, env).orElseThrow(
                () -> new PromptException(PromptMessages.askpassCannotRun(program, setting, "not found")));
        ProcessBuilder pb = new ProcessBuilder(List.of(executable.toString(), question));
        pb.environment().clear();
        pb.environment().putAll(env);
        // Standard input carries git's credential protocol; the program must not read from it.
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new PromptException(PromptMessages.askpassCannotRun(program, setting, e.getMessage()));
        }
        CompletableFuture<byte[]> out = Children.drain(p.getInputStream(), "askpass-stdout");
        CompletableFuture<byte[]> err = Children.drain(p.getErrorStream(), "askpass-stderr");
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                Children.destroyTree(p);
                throw new PromptException(PromptMessages.askpassTimedOut(program, timeout));
            }
            byte[] answer = out.get(OUTPUT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            forward(err.get(OUTPUT_GRACE.toMillis(), TimeUnit.MILLISECONDS));
            if (p.exitValue() != 0) {
                Arrays.fill(answer, (byte) 0);
                throw new PromptException(PromptMessages.askpassFailed(program, setting, p.exitValue()));
            }
            return answer;
        } catch (InterruptedException e) {
            Children.destroyTree(p);
            Thread.currentThread().interrupt();
            throw new PromptException(PromptMessages.interrupted(program));
        } catch (TimeoutException e) {
            // The program exited but something it started still holds the pipe.
            Children.destroyTree(p);
            throw new PromptException(PromptMessages.askpassTimedOut(program, OUTPUT_GRACE));
        } catch (ExecutionException e) {
            throw new PromptException(PromptMessages.askpassUnreadable(program, e.getCause().toString()));
        }
    }

    /** The program's own complaints (a missing display, say) are the person's best clue. */
    private void forward(byte[] text) {
        if (text.length > 0) {
            stderr.write(text, 0, text.length);
            stderr.flush();
        }
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
