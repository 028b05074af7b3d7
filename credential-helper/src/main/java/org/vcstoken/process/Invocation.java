package org.vcstoken.process;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.vcstoken.messages.ProcessMessages;

/**
 * One program to run, set up step by step like a {@link ProcessBuilder} and then run once. By
 * default the child reads {@code /dev/null}, its standard output and error are collected while it
 * runs (so a chatty child never blocks on a full pipe), and it is stopped, with every process it
 * started, after {@link #DEFAULT_TIMEOUT}.
 */
public final class Invocation {
    /** How long a child may run unless the caller says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** Output kept per stream; a child that writes more is a failure, not a reason to run out of memory. */
    static final int CAPTURE_LIMIT = 16 * 1024 * 1024;

    /** Where the child's standard input comes from. */
    enum In { NOTHING, BYTES, STREAM, FILE, INHERIT }

    /** Where one of the child's output streams goes. */
    enum Out { CAPTURE, STREAM, DISCARD, INHERIT, MERGE }

    final Programs programs;
    final List<String> argv;
    Path directory;
    final Map<String, String> extraEnv = new HashMap<>();
    In in = In.NOTHING;
    byte[] inBytes;
    boolean inSecret;
    InputStream inStream;
    Path inFile;
    Out out = Out.CAPTURE;
    OutputStream outStream;
    Out err = Out.CAPTURE;
    OutputStream errStream;
    Duration timeout = DEFAULT_TIMEOUT;
    int captureLimit = CAPTURE_LIMIT;
    private boolean lean;
    private boolean used;

    private Invocation(Programs programs, List<String> argv) {
        this.programs = programs;
        this.argv = argv;
    }

    static Invocation of(Programs programs, List<String> argv) {
        Objects.requireNonNull(argv, "argv");
        if (argv.isEmpty() || argv.get(0) == null || argv.get(0).isEmpty()) {
            throw new IllegalArgumentException(ProcessMessages.noProgram(String.valueOf(argv)));
        }
        List<String> copy = new ArrayList<>(argv.size());
        for (String a : argv) {
            copy.add(Objects.requireNonNull(a, "an argument is null"));
        }
        return new Invocation(programs, copy);
    }

    /** Runs the child in {@code dir} rather than in vcstoken's current directory. */
    public Invocation directory(Path dir) {
        this.directory = dir;
        return this;
    }

    /** Sets a variable for this child only, on top of vcstoken's environment (never a secret). */
    public Invocation environment(String name, String value) {
        extraEnv.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Variables for this child only, on top of vcstoken's environment (never a secret). */
    public Invocation environment(Map<String, String> variables) {
        for (Map.Entry<String, String> e : variables.entrySet()) {
            environment(e.getKey(), e.getValue());
        }
        return this;
    }

    /** The child reads {@code text} (UTF-8), then end of input. */
    public Invocation input(String text) {
        return bytes(text.getBytes(StandardCharsets.UTF_8), false);
    }

    /**
     * The child reads a secret, then end of input: the one way a secret reaches a child. It is
     * refused if it also appears in the child's arguments or environment, it is masked in error
     * messages, and the copy made here is wiped after the run.
     */
    public Invocation secretInput(String secret) {
        return bytes(secret.getBytes(StandardCharsets.UTF_8), true);
    }

    /** The child reads what {@code source} holds (copied while it runs), then end of input. */
    public Invocation inputFrom(InputStream source) {
        this.in = In.STREAM;
        this.inStream = Objects.requireNonNull(source, "source");
        return this;
    }

    /**
     * The child's standard input is the file itself, not a copy through a pipe: {@code stty} acts on
     * the terminal that is its standard input, so it must get {@code /dev/tty} as such.
     */
    public Invocation inputFromFile(Path file) {
        this.in = In.FILE;
        this.inFile = Objects.requireNonNull(file, "file");
        return this;
    }

    /**
     * The child reads vcstoken's own standard input directly. For a child that owns the terminal
     * (svn, and the editor svn may start): a pump between them would make the child see a pipe
     * instead of a terminal, and would read keystrokes ahead that were meant for later.
     */
    public Invocation inheritInput() {
        this.in = In.INHERIT;
        return this;
    }

    /** The child's standard output is copied to {@code sink} while it runs (not collected). */
    public Invocation outputTo(OutputStream sink) {
        this.out = Out.STREAM;
        this.outStream = Objects.requireNonNull(sink, "sink");
        return this;
    }

    /** Each line of the child's standard output (UTF-8, without its end of line) goes to {@code each}. */
    public Invocation outputLines(Consumer<String> each) {
        return outputTo(Lines.of(each));
    }

    /**
     * The child writes to vcstoken's own standard output, which is then the terminal or whatever the
     * caller of vcstoken connected: see {@link #inheritInput()} for why a child that owns the
     * terminal must not get a pipe.
     */
    public Invocation inheritOutput() {
        this.out = Out.INHERIT;
        return this;
    }

    /** The child's standard output goes nowhere. */
    public Invocation discardOutput() {
        this.out = Out.DISCARD;
        return this;
    }

    /** The child's standard error is copied to {@code sink} while it runs (not collected). */
    public Invocation errorTo(OutputStream sink) {
        this.err = Out.STREAM;
        this.errStream = Objects.requireNonNull(sink, "sink");
        return this;
    }

    /** The child writes to vcstoken's own standard error (see {@link #inheritInput()}). */
    public Invocation inheritError() {
        this.err = Out.INHERIT;
        return this;
    }

    /** The child's standard error goes nowhere. */
    public Invocation discardError() {
        this.err = Out.DISCARD;
        return this;
    }

    /** The child's standard error goes where its standard output goes, interleaved as it writes. */
    public Invocation errorToOutput() {
        this.err = Out.MERGE;
        return this;
    }

    /** Stops the child and everything it started after {@code limit} ({@link #DEFAULT_TIMEOUT} if not called). */
    public Invocation timeout(Duration limit) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException(ProcessMessages.timeoutNotPositive(limit));
        }
        this.timeout = limit;
        return this;
    }

    /**
     * No time limit: only for a child a person drives (svn with its editor and prompts), where
     * nobody can say how long is too long.
     */
    public Invocation noTimeout() {
        this.timeout = null;
        return this;
    }

    /**
     * Runs on plain JDK threads instead of Commons Exec, with the same behaviour (draining, time-out,
     * descendants, environment). Only for the credential helper's {@code get} path, which must stay
     * lean: there, loading Commons Exec costs more than a keyring lookup (docs/benchmarks.md).
     */
    public Invocation lean() {
        this.lean = true;
        return this;
    }

    Invocation captureLimit(int bytes) {
        this.captureLimit = bytes;
        return this;
    }

    /**
     * Runs the child to its end, collecting what was asked to be collected.
     *
     * @return the exit status and the collected output, whatever the exit status; see
     *         {@link Result#orFail()} for callers that only accept success
     * @throws ProcessException the program is not found or cannot start, or it was stopped at the
     *                          time-out, or it wrote more than can be kept
     */
    public Result run() throws ProcessException {
        claim();
        try {
            return lean ? Direct.run(this) : Execution.run(this);
        } finally {
            wipeInput();
        }
    }

    /**
     * Starts the child and returns at once, for a program that runs beside vcstoken (the demo's
     * sandbox) or may outlive it (a browser). Nothing is collected: give {@link #outputTo} or
     * {@link #outputLines}, or the output is discarded. No time-out applies; see {@link Running}.
     */
    public Running start() throws ProcessException {
        if (inSecret) {
            throw new IllegalStateException("a secret goes only to a child that is run to its end: " + program());
        }
        claim();
        if (out == Out.CAPTURE) {
            out = Out.DISCARD;
        }
        if (err == Out.CAPTURE) {
            err = Out.DISCARD;
        }
        return Execution.start(this);
    }

    /** The program as the caller named it, for messages. */
    String program() {
        return argv.get(0);
    }

    private Invocation bytes(byte[] data, boolean secret) {
        wipeInput();
        this.in = In.BYTES;
        this.inBytes = data;
        this.inSecret = secret;
        return this;
    }

    private void claim() {
        if (used) {
            throw new IllegalStateException("a Invocation runs once; make a new one for " + program());
        }
        used = true;
    }

    private void wipeInput() {
        if (inBytes != null) {
            Arrays.fill(inBytes, (byte) 0);
            inBytes = null;
        }
    }
}
