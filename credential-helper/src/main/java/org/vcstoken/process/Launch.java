package org.vcstoken.process;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vcstoken.messages.ProcessMessages;

/**
 * What both ways of running an {@link Invocation} share: finding the program, the child's environment,
 * the secret check, and starting the child from its exact argv with its streams connected as asked.
 * No Commons Exec type appears here, so the lean strategy ({@link Direct}) never loads the library.
 */
final class Launch {
    /**
     * After the child has exited, how long to wait for the end of its output: a grandchild that
     * outlives the child and holds its pipes must not keep vcstoken waiting. (Commons Exec adds 2 s
     * to its share of this, per stream; {@link Direct} waits this long for all streams together.)
     */
    static final Duration OUTPUT_GRACE = Duration.ofMillis(500);
    static final Duration DIRECT_OUTPUT_GRACE = OUTPUT_GRACE.plusSeconds(2);
    /** Secrets shorter than this could turn up in an argument by chance; longer ones cannot. */
    private static final int SECRET_CHECK_LENGTH = 6;
    private static final File DEV_NULL = new File("/dev/null");

    private Launch() {
    }

    static Path resolve(Invocation c) throws ProcessException {
        // No lambda: this runs on the credential helper's get path when a secret is in a keyring.
        Optional<Path> found = c.programs.find(c.program());
        if (found.isEmpty()) {
            throw new ProcessException(ProcessException.Reason.NOT_FOUND, c.program(), -1,
                    ProcessMessages.notFound(c.program(), c.programs.path()));
        }
        return found.get();
    }

    /**
     * The secret going to the child's standard input (for masking), after making sure it is in
     * neither the arguments nor the environment: a caller's slip must not put it where {@code ps}
     * or {@code /proc/PID/environ} show it.
     */
    static String checkedSecret(Invocation c, Map<String, String> env) {
        if (!c.inSecret) {
            return null;
        }
        String secret = new String(c.inBytes, StandardCharsets.UTF_8).strip();
        if (secret.length() >= SECRET_CHECK_LENGTH) {
            boolean leaked = false;
            for (String a : c.argv) {
                leaked |= a.contains(secret);
            }
            for (Map.Entry<String, String> e : env.entrySet()) {
                leaked |= e.getValue().contains(secret) || e.getKey().contains(secret);
            }
            if (leaked) {
                throw new IllegalArgumentException(ProcessMessages.secretInArguments(c.program()));
            }
        }
        return secret;
    }

    /**
     * Starts the child: {@code exe} with the caller's arguments exactly as given, in the given
     * environment only, with each stream either a pipe (for a pump) or connected as asked.
     */
    static Tree start(Invocation c, Path exe, Map<String, String> env) throws IOException {
        List<String> argv = new ArrayList<>(c.argv);
        argv.set(0, exe.toString());
        ProcessBuilder pb = new ProcessBuilder(argv);
        Map<String, String> childEnv = pb.environment();
        childEnv.clear();
        childEnv.putAll(env);
        if (c.directory != null) {
            pb.directory(c.directory.toFile());
        }
        pb.redirectInput(input(c));
        pb.redirectOutput(output(c.out));
        if (c.err == Invocation.Out.MERGE) {
            pb.redirectErrorStream(true);
        } else {
            pb.redirectError(output(c.err));
        }
        return new Tree(pb.start());
    }

    static ProcessException cannotStart(Invocation c, IOException e) {
        String detail = String.valueOf(e.getMessage());
        // The JDK says: Cannot run program "/x" (in directory "/d"): error=13, Permission denied
        int error = detail.lastIndexOf("error=");
        int comma = error < 0 ? -1 : detail.indexOf(", ", error);
        if (comma >= 0) {
            detail = detail.substring(comma + 2);
        }
        return new ProcessException(ProcessException.Reason.CANNOT_START, c.program(), -1,
                ProcessMessages.cannotStart(c.program(), detail), detail);
    }

    static ProcessException timedOut(Invocation c) {
        return new ProcessException(ProcessException.Reason.TIMED_OUT, c.program(), -1,
                ProcessMessages.timedOut(c.program(), c.timeout));
    }

    static ProcessException interrupted(Invocation c) {
        Thread.currentThread().interrupt();
        return new ProcessException(ProcessException.Reason.INTERRUPTED, c.program(), -1,
                ProcessMessages.interrupted(c.program()));
    }

    static ProcessException tooMuchOutput(Invocation c) {
        return new ProcessException(ProcessException.Reason.TOO_MUCH_OUTPUT, c.program(), -1,
                ProcessMessages.tooMuchOutput(c.program(), c.captureLimit));
    }

    /** The exit status of a child that has ended (or is being killed). */
    static int exitOf(Process p) {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return -1;
        }
    }

    private static ProcessBuilder.Redirect input(Invocation c) {
        if (c.in == Invocation.In.NOTHING) {
            // As git gives its helpers' children: end of input at once, never git's protocol.
            return ProcessBuilder.Redirect.from(DEV_NULL);
        }
        if (c.in == Invocation.In.FILE) {
            return ProcessBuilder.Redirect.from(c.inFile.toFile());
        }
        if (c.in == Invocation.In.INHERIT) {
            return ProcessBuilder.Redirect.INHERIT;
        }
        return ProcessBuilder.Redirect.PIPE;
    }

    private static ProcessBuilder.Redirect output(Invocation.Out mode) {
        if (mode == Invocation.Out.INHERIT) {
            return ProcessBuilder.Redirect.INHERIT;
        }
        if (mode == Invocation.Out.DISCARD) {
            return ProcessBuilder.Redirect.DISCARD;
        }
        return ProcessBuilder.Redirect.PIPE;
    }
}
