package org.vcstoken.process;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.vcstoken.messages.ProcessMessages;

/**
 * How a child ended: its exit status and what it wrote to the streams that were collected (empty
 * for a stream that went elsewhere). A child that printed a secret leaves it in {@link #outBytes()};
 * {@link #wipe()} clears it.
 */
public final class Result {
    /** Lines of standard error quoted in a failure message, and at most this many characters of them. */
    private static final int TAIL_LINES = 3;
    private static final int TAIL_CHARS = 400;

    private final String program;
    private final int exit;
    private final byte[] out;
    private final byte[] err;
    private final String errTail;

    Result(String program, int exit, byte[] out, byte[] err, String secret) {
        this.program = program;
        this.exit = exit;
        this.out = out;
        this.err = err;
        this.errTail = tail(new String(err, StandardCharsets.UTF_8), secret);
    }

    public int exit() {
        return exit;
    }

    public boolean succeeded() {
        return exit == 0;
    }

    /** Standard output as text (UTF-8). */
    public String out() {
        return new String(out, StandardCharsets.UTF_8);
    }

    /** Standard output as written: the array itself, so that a secret in it can be wiped. */
    public byte[] outBytes() {
        return out;
    }

    /** Standard error as text (UTF-8). */
    public String err() {
        return new String(err, StandardCharsets.UTF_8);
    }

    /** Standard error as written: the array itself. */
    public byte[] errBytes() {
        return err;
    }

    /**
     * The last lines of standard error, fit for a message: control characters replaced, and any
     * secret that went to the child's standard input masked, should the child have echoed it.
     */
    public String errTail() {
        return errTail;
    }

    /**
     * This result when the child succeeded.
     *
     * @throws ProcessException {@link ProcessException.Reason#FAILED}, naming the program, its exit
     *                          status and the tail of its standard error
     */
    public Result orFail() throws ProcessException {
        if (exit != 0) {
            throw new ProcessException(ProcessException.Reason.FAILED, program, exit,
                    ProcessMessages.failed(program, exit, errTail));
        }
        return this;
    }

    /** Clears both collected outputs. */
    public void wipe() {
        Arrays.fill(out, (byte) 0);
        Arrays.fill(err, (byte) 0);
    }

    private static String tail(String text, String secret) {
        if (secret != null && !secret.isEmpty()) {
            text = text.replace(secret, "****");
        }
        String[] lines = text.strip().split("\n");
        StringBuilder b = new StringBuilder();
        int from = Math.max(0, lines.length - TAIL_LINES);
        for (int i = from; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            if (b.length() > 0) {
                b.append(" / ");
            }
            for (int j = 0; j < line.length(); j++) {
                char c = line.charAt(j);
                b.append(Character.isISOControl(c) ? '?' : c);
            }
        }
        return b.length() <= TAIL_CHARS ? b.toString() : "…" + b.substring(b.length() - TAIL_CHARS);
    }
}
