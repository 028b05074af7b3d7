package org.vcstoken.prompt;

import java.io.Closeable;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import org.vcstoken.messages.PromptMessages;
import org.vcstoken.process.ProcessException;
import org.vcstoken.process.Programs;
import org.vcstoken.process.Result;

/**
 * Asks on the controlling terminal ({@code /dev/tty}), as git does: standard input and output
 * belong to the credential protocol, so they are never touched. Secrets are read with echo
 * turned off through {@code stty}, and the terminal's previous settings are always restored.
 */
final class TerminalPrompter implements Prompter {
    static final Path DEV_TTY = Path.of("/dev/tty");
    private static final Duration STTY_LIMIT = Duration.ofSeconds(10);

    private final Path tty;
    private final PrintStream stderr;
    private final Programs programs;

    /**
     * @param stderr   where {@link #tell} lines go if the terminal has gone away
     * @param programs runs {@code stty} (found on the PATH vcstoken was given)
     */
    TerminalPrompter(Path tty, PrintStream stderr, Programs programs) {
        this.tty = tty;
        this.stderr = stderr;
        this.programs = programs;
    }

    /** True when the terminal can be opened; without a controlling terminal {@code /dev/tty} cannot. */
    static boolean isUsable(Path tty) {
        // A channel, unlike the stream classes, never creates a missing file.
        try (FileChannel both = FileChannel.open(tty, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return both.isOpen();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String ask(String question) throws PromptException {
        try (Terminal t = open()) {
            t.write(question);
            byte[] line = t.readLine();
            try {
                return new String(line, StandardCharsets.UTF_8);
            } finally {
                Arrays.fill(line, (byte) 0);
            }
        }
    }

    @Override
    public char[] askSecret(String question) throws PromptException {
        try (Terminal t = open()) {
            // Echo goes off before the question appears, so nothing typed after it is ever shown.
            String saved = stty("-g").trim();
            stty("-echo");
            // Ctrl-C ends the JVM without running finally blocks; shutdown hooks do run.
            Thread restoreOnExit = new Thread(() -> restoreQuietly(saved), "vcstoken-restore-tty");
            Runtime.getRuntime().addShutdownHook(restoreOnExit);
            byte[] line;
            try {
                t.write(question);
                line = t.readLine();
            } finally {
                restore(saved);
                removeHook(restoreOnExit);
                // The person's Enter was not echoed either; end the line ourselves.
                t.writeQuietly("\n");
            }
            try {
                return decode(line);
            } finally {
                Arrays.fill(line, (byte) 0);
            }
        }
    }

    @Override
    public void tell(String message) {
        try (Terminal t = open()) {
            t.write(message + "\n");
        } catch (PromptException e) {
            stderr.println(message);
            stderr.flush();
        }
    }

    @Override
    public String channel() {
        return "terminal";
    }

    private Terminal open() throws PromptException {
        FileInputStream in = null;
        try {
            in = new FileInputStream(tty.toFile());
            return new Terminal(in, new FileOutputStream(tty.toFile()));
        } catch (IOException e) {
            closeQuietly(in);
            throw new PromptException(PromptMessages.cannotOpenTerminal(tty.toString(), e.getMessage()));
        }
    }

    /**
     * Runs stty against the terminal: stty acts on its standard input, so that is the terminal
     * itself (a pipe from it would be no terminal at all).
     */
    private String stty(String argument) throws PromptException {
        Result r;
        try {
            r = programs.command("stty", argument).inputFromFile(tty).timeout(STTY_LIMIT).run();
        } catch (ProcessException e) {
            if (e.reason() == ProcessException.Reason.INTERRUPTED) {
                throw new PromptException(PromptMessages.interrupted(channel()));
            }
            throw new PromptException(PromptMessages.cannotHideInput(tty.toString(), e.getMessage()));
        }
        if (r.exit() != 0) {
            throw new PromptException(PromptMessages.cannotHideInput(tty.toString(),
                    r.errTail().isEmpty() ? PromptMessages.sttyExit(r.exit()) : r.errTail()));
        }
        return r.out();
    }

    private void restore(String saved) {
        try {
            stty(saved);
        } catch (PromptException e) {
            // The saved settings could not be applied; echo on is the part that matters most.
            restoreQuietly("echo");
        }
    }

    private void restoreQuietly(String setting) {
        try {
            stty(setting);
        } catch (PromptException e) {
            // Nothing else can be done from here (this also runs during JVM shutdown).
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Shutdown already under way: the hook runs anyway and restores the same settings.
        }
    }

    private static char[] decode(byte[] bytes) throws PromptException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer chars;
        try {
            chars = decoder.decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new AssertionError("a REPLACE decoder does not throw", e);
        }
        char[] result = new char[chars.remaining()];
        chars.get(result);
        // The decoder's buffer held the secret too.
        chars.clear();
        while (chars.hasRemaining()) {
            chars.put('\0');
        }
        return result;
    }

    private static void closeQuietly(Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException e) {
            // Already failing for another reason; that one is reported.
        }
    }

    /** One opened terminal: reading and writing ends, closed together. */
    private final class Terminal implements AutoCloseable {
        private final FileInputStream in;
        private final FileOutputStream out;

        Terminal(FileInputStream in, FileOutputStream out) {
            this.in = in;
            this.out = out;
        }

        void write(String text) throws PromptException {
            try {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                throw new PromptException(PromptMessages.terminalClosed(tty.toString()));
            }
        }

        void writeQuietly(String text) {
            try {
                write(text);
            } catch (PromptException e) {
                // Only cosmetic output; the answer (or the real failure) is what gets reported.
            }
        }

        /**
         * Reads up to the end of the line, byte by byte so that nothing typed ahead for a later
         * question is consumed. End of input with nothing typed means the terminal is gone.
         */
        byte[] readLine() throws PromptException {
            // A plain array rather than a ByteArrayOutputStream, so every copy of a secret can be wiped.
            byte[] buf = new byte[64];
            int n = 0;
            try {
                while (true) {
                    int b = in.read();
                    if (b == '\n') {
                        break;
                    }
                    if (b < 0) {
                        if (n == 0) {
                            throw new PromptException(PromptMessages.terminalClosed(tty.toString()));
                        }
                        break;
                    }
                    if (n == buf.length) {
                        byte[] bigger = Arrays.copyOf(buf, n * 2);
                        Arrays.fill(buf, (byte) 0);
                        buf = bigger;
                    }
                    buf[n++] = (byte) b;
                }
            } catch (IOException e) {
                Arrays.fill(buf, (byte) 0);
                throw new PromptException(PromptMessages.terminalClosed(tty.toString()));
            }
            if (n > 0 && buf[n - 1] == '\r') {
                n--;
            }
            byte[] line = Arrays.copyOf(buf, n);
            Arrays.fill(buf, (byte) 0);
            return line;
        }

        @Override
        public void close() {
            closeQuietly(in);
            closeQuietly(out);
        }
    }
}
