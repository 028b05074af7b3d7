package org.vcstoken.process;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DaemonExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteResultHandler;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;
import org.vcstoken.messages.ProcessMessages;

/**
 * Runs an {@link Invocation} on Apache Commons Exec: its executor waits for the child, its pump threads
 * drain standard output and error while the child runs (and feed standard input), and its
 * watchdog stops the child at the time-out (through {@link Tree}, which takes the descendants
 * along). Streams a caller wants connected to vcstoken's own (a terminal), to a file or to nothing
 * are redirected when the child starts ({@link Launch#start}), so no pump stands between them.
 */
final class Execution {
    /** A child that has not even started after this long never will. */
    private static final Duration LAUNCH_LIMIT = Duration.ofSeconds(30);

    private Execution() {
    }

    static Result run(Invocation c) throws ProcessException {
        Path exe = Launch.resolve(c);
        Map<String, String> env = c.programs.childEnvironment(c.extraEnv);
        String secret = Launch.checkedSecret(c, env);
        Capture out = c.out == Invocation.Out.CAPTURE ? new Capture(c.captureLimit) : null;
        Capture err = c.err == Invocation.Out.CAPTURE ? new Capture(c.captureLimit) : null;
        PumpStreamHandler streams = new PumpStreamHandler(sink(c.out, out, c.outStream), sink(c.err, err, c.errStream),
                source(c));
        streams.setStopTimeout(Launch.OUTPUT_GRACE);
        Launcher launcher = new Launcher(c, exe, env);
        launcher.setStreamHandler(streams);
        // Every exit status is an answer for the caller to read, not an exception.
        launcher.setExitValues(null);
        ExecuteWatchdog watchdog = c.timeout == null ? null : ExecuteWatchdog.builder().setTimeout(c.timeout).get();
        launcher.setWatchdog(watchdog);
        int exit;
        try {
            exit = launcher.execute(new CommandLine(exe.toFile()), env);
        } catch (IOException e) {
            Tree p = launcher.process;
            if (p == null) {
                throw Launch.cannotStart(c, e);
            }
            // It ran and exited; what failed is the end of its output, held open by something it
            // started (the pumps' stop time-out). What it wrote before exiting has been read.
            exit = Launch.exitOf(p);
        }
        byte[] outBytes = out == null ? new byte[0] : out.seal();
        byte[] errBytes = err == null ? new byte[0] : err.seal();
        if (watchdog != null && watchdog.killedProcess()) {
            Arrays.fill(outBytes, (byte) 0);
            throw Launch.timedOut(c);
        }
        if (launcher.process != null && launcher.process.destroyed()) {
            // Killed without the watchdog: Commons Exec was interrupted while it waited, and it
            // clears the interrupt status; set it again for our caller.
            Arrays.fill(outBytes, (byte) 0);
            throw Launch.interrupted(c);
        }
        if ((out != null && out.overflowed()) || (err != null && err.overflowed())) {
            Arrays.fill(outBytes, (byte) 0);
            throw Launch.tooMuchOutput(c);
        }
        return new Result(c.program(), exit, outBytes, errBytes, secret);
    }

    static Running start(Invocation c) throws ProcessException {
        Path exe = Launch.resolve(c);
        Map<String, String> env = c.programs.childEnvironment(c.extraEnv);
        PumpStreamHandler streams = new PumpStreamHandler(sink(c.out, null, c.outStream), sink(c.err, null, c.errStream),
                source(c));
        streams.setStopTimeout(Launch.OUTPUT_GRACE);
        Launcher launcher = new Launcher(c, exe, env);
        launcher.setStreamHandler(streams);
        launcher.setExitValues(null);
        // No process destroyer: a child started to run beside vcstoken may outlive it (a browser).
        Exit exit = new Exit(launcher);
        Tree p;
        try {
            launcher.execute(new CommandLine(exe.toFile()), env, exit);
            p = launcher.launched.get(LAUNCH_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            throw Launch.cannotStart(c, e);
        } catch (ExecutionException e) {
            throw Launch.cannotStart(c, e.getCause() instanceof IOException io ? io : new IOException(e.getCause()));
        } catch (TimeoutException e) {
            throw Launch.cannotStart(c, new IOException(ProcessMessages.notStartedWithin(LAUNCH_LIMIT)));
        } catch (InterruptedException e) {
            throw Launch.interrupted(c);
        }
        return new Running(c.program(), p, exit.done);
    }

    private static OutputStream sink(Invocation.Out mode, Capture capture, OutputStream stream) {
        if (mode == Invocation.Out.CAPTURE) {
            return capture;
        }
        // Redirected at the start (inherited, discarded, merged) there is no pipe and nothing to pump.
        return mode == Invocation.Out.STREAM ? stream : null;
    }

    private static InputStream source(Invocation c) {
        if (c.in == Invocation.In.BYTES) {
            return new ByteArrayInputStream(c.inBytes);
        }
        // Null makes Commons Exec close the child's end of the pipe, if there is one.
        return c.in == Invocation.In.STREAM ? c.inStream : null;
    }

    /**
     * Commons Exec's executor, starting the child through {@link Launch#start}. Its own launcher
     * takes the command from a {@link CommandLine}, which trims every argument ({@code "Password: "}
     * would lose its space) and rewrites backslashes in the program's path, and cannot connect a
     * stream to a file or to vcstoken's own; the CommandLine given to {@code execute} is not used.
     * Daemon threads: a pump or a waiting thread never keeps vcstoken's JVM alive. The builder
     * cannot make a subclass, hence the deprecated constructor.
     */
    @SuppressWarnings("deprecation")
    private static final class Launcher extends DaemonExecutor {
        private final Invocation c;
        private final Path exe;
        private final Map<String, String> env;
        final CompletableFuture<Tree> launched = new CompletableFuture<>();
        volatile Tree process;

        Launcher(Invocation c, Path exe, Map<String, String> env) {
            this.c = c;
            this.exe = exe;
            this.env = env;
        }

        @Override
        protected Process launch(CommandLine command, Map<String, String> ignored, File dir) throws IOException {
            return launch();
        }

        @Override
        protected Process launch(CommandLine command, Map<String, String> ignored, Path dir) throws IOException {
            return launch();
        }

        private Process launch() throws IOException {
            try {
                Tree p = Launch.start(c, exe, env);
                process = p;
                launched.complete(p);
                return p;
            } catch (IOException e) {
                launched.completeExceptionally(e);
                throw e;
            }
        }
    }

    /** Completes when a started child has ended and its output has been handed on. */
    private static final class Exit implements ExecuteResultHandler {
        private final Launcher launcher;
        final CompletableFuture<Integer> done = new CompletableFuture<>();

        Exit(Launcher launcher) {
            this.launcher = launcher;
        }

        @Override
        public void onProcessComplete(int exitValue) {
            done.complete(exitValue);
        }

        @Override
        public void onProcessFailed(ExecuteException e) {
            Tree p = launcher.process;
            if (p == null) {
                done.completeExceptionally(e);
            } else {
                // Output held open after the exit (see Launch.OUTPUT_GRACE): the exit status stands.
                done.complete(Launch.exitOf(p));
            }
        }
    }
}
