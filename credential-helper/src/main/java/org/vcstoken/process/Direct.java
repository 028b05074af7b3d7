package org.vcstoken.process;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The lean way to run an {@link Invocation} ({@link Invocation#lean()}): the same behaviour as
 * {@link Execution} on plain JDK threads, for the credential helper's {@code get}, which reads a
 * secret from a keyring. Loading Commons Exec there cost 122 more classes and about 25 ms per
 * {@code get} (docs/benchmarks.md), more than many a keyring lookup takes. No lambdas and no switch
 * on an enum either: each would add classes to that path.
 */
final class Direct {
    private Direct() {
    }

    static Result run(Invocation c) throws ProcessException {
        Path exe = Launch.resolve(c);
        Map<String, String> env = c.programs.childEnvironment(c.extraEnv);
        String secret = Launch.checkedSecret(c, env);
        Capture out = c.out == Invocation.Out.CAPTURE ? new Capture(c.captureLimit) : null;
        Capture err = c.err == Invocation.Out.CAPTURE ? new Capture(c.captureLimit) : null;
        Tree p;
        try {
            p = Launch.start(c, exe, env);
        } catch (IOException e) {
            throw Launch.cannotStart(c, e);
        }
        Pump outPump = pump(p.getInputStream(), out != null ? out : c.out == Invocation.Out.STREAM ? c.outStream : null,
                false, "vcstoken-child-stdout");
        Pump errPump = pump(p.getErrorStream(), err != null ? err : c.err == Invocation.Out.STREAM ? c.errStream : null,
                false, "vcstoken-child-stderr");
        Pump inPump = pump(source(c), p.getOutputStream(), true, "vcstoken-child-stdin");
        if (inPump == null) {
            closeQuietly(p.getOutputStream());
        }
        boolean timedOut = false;
        try {
            if (c.timeout == null) {
                p.waitFor();
            } else if (!p.waitFor(c.timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                timedOut = true;
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            wipe(out, err);
            throw Launch.interrupted(c);
        }
        // One deadline for all pumps: a stray grandchild holding the pipes costs the grace once.
        long deadline = System.nanoTime() + Launch.DIRECT_OUTPUT_GRACE.toNanos();
        try {
            join(outPump, deadline);
            join(errPump, deadline);
            join(inPump, deadline);
        } catch (InterruptedException e) {
            wipe(out, err);
            throw Launch.interrupted(c);
        }
        int exit = Launch.exitOf(p);
        byte[] outBytes = out == null ? new byte[0] : out.seal();
        byte[] errBytes = err == null ? new byte[0] : err.seal();
        if (timedOut) {
            Arrays.fill(outBytes, (byte) 0);
            throw Launch.timedOut(c);
        }
        if ((out != null && out.overflowed()) || (err != null && err.overflowed())) {
            Arrays.fill(outBytes, (byte) 0);
            throw Launch.tooMuchOutput(c);
        }
        return new Result(c.program(), exit, outBytes, errBytes, secret);
    }

    private static InputStream source(Invocation c) {
        if (c.in == Invocation.In.BYTES) {
            return new ByteArrayInputStream(c.inBytes);
        }
        return c.in == Invocation.In.STREAM ? c.inStream : null;
    }

    private static Pump pump(InputStream from, OutputStream to, boolean closeWhenDone, String name) {
        if (from == null || to == null) {
            return null;
        }
        Pump p = new Pump(from, to, closeWhenDone, name);
        p.start();
        return p;
    }

    private static void join(Pump p, long deadline) throws InterruptedException {
        if (p == null) {
            return;
        }
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left > 0) {
            p.join(left);
        }
        // Still alive: a descendant holds the pipe. It is a daemon thread; leave it to end with that.
    }

    private static void closeQuietly(OutputStream s) {
        try {
            s.close();
        } catch (IOException e) {
            // The child's standard input was not a pipe, or it has already exited.
        }
    }

    private static void wipe(Capture out, Capture err) {
        if (out != null) {
            Arrays.fill(out.seal(), (byte) 0);
        }
        if (err != null) {
            err.seal();
        }
    }
}
