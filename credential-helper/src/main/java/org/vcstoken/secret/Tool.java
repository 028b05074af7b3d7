package org.vcstoken.secret;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.vcstoken.messages.SecretMessages;
import org.vcstoken.process.Invocation;
import org.vcstoken.process.ProcessException;
import org.vcstoken.process.Programs;

/**
 * Runs a back end's command-line tool through {@link Programs}. The secret, when there is one, is
 * written to the child's standard input; argv carries only names and attributes. The child's
 * environment is the one vcstoken was given, minus vcstoken's own secrets.
 */
final class Tool {
    /** A keyring or gpg may show an unlock or passphrase prompt to a person; give them time. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    record Result(int exit, String out, String err) {
        /** The first line of stderr, without the tool's name: for messages. */
        String errLine() {
            String e = err.strip();
            for (String line : e.split("\n")) {
                String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("(") && !l.startsWith("**")) {
                    return l;
                }
            }
            return e.isEmpty() ? "exit status " + exit : e;
        }
    }

    private final Programs programs;

    Tool(Map<String, String> env) {
        this.programs = new Programs(env);
    }

    /** The executable on the PATH vcstoken was given, or {@code null}. */
    Path find(String name) {
        return programs.find(name).orElse(null);
    }

    String env(String name) {
        return programs.variable(name);
    }

    /**
     * Runs {@code command} (its first element a tool name looked up on PATH) with {@code stdin}.
     *
     * @throws SecretBackendException the tool is missing, could not start or did not finish in time
     */
    Result run(List<String> command, String stdin, String installHint) throws SecretBackendException {
        Invocation c = programs.command(command).timeout(TIMEOUT);
        if (stdin != null) {
            c.secretInput(stdin);
        }
        return run(c, command, installHint);
    }

    /**
     * Runs a command that reads a secret out of the store ({@code secret-tool lookup}, {@code pass
     * show}): these run on the credential helper's {@code get} path, so they take the lean way.
     */
    Result read(List<String> command, String installHint) throws SecretBackendException {
        return run(programs.command(command).timeout(TIMEOUT).lean(), command, installHint);
    }

    private static Result run(Invocation c, List<String> command, String installHint) throws SecretBackendException {
        org.vcstoken.process.Result r;
        try {
            r = c.run();
        } catch (ProcessException e) {
            if (e.reason() == ProcessException.Reason.NOT_FOUND) {
                throw new SecretBackendException(SecretMessages.toolMissing(command.get(0), installHint));
            }
            if (e.reason() == ProcessException.Reason.TIMED_OUT) {
                throw new SecretBackendException(SecretMessages.toolTimedOut(command.get(0), TIMEOUT.toSeconds()));
            }
            throw new SecretBackendException(e.getMessage());
        }
        try {
            return new Result(r.exit(), r.out(), r.err());
        } finally {
            r.wipe();
        }
    }

    /** The secret printed by a tool: its first line (pass adds a newline; secret-tool may not). */
    static String firstLine(String out) {
        int nl = out.indexOf('\n');
        String line = nl < 0 ? out : out.substring(0, nl);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
