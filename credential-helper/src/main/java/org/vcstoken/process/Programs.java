package org.vcstoken.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The one way vcstoken starts a program (askpass, the browser, git, hg, svn, stty, secret-tool,
 * pass): nothing else in credential-helper starts a process. Programs are found on the
 * {@code PATH} of the environment vcstoken was given, never through a shell, and every child gets
 * that environment without the variables that hold vcstoken's secrets ({@link #SECRET_VARIABLES}).
 * A secret reaches a child only on its standard input.
 *
 * <pre>{@code
 * Result r = new Programs(env).command("git", "config", "--get", key).timeout(Duration.ofSeconds(10)).run();
 * }</pre>
 */
public final class Programs {
    /**
     * Variables that carry a secret of vcstoken's: the CI token is for the broker alone, and a child
     * (an askpass program, a browser, git) has no business holding it.
     */
    static final List<String> SECRET_VARIABLES = List.of("VCSTOKEN_TOKEN");

    private final Map<String, String> env;

    /** @param env the environment vcstoken was given; children get it minus {@link #SECRET_VARIABLES} */
    public Programs(Map<String, String> env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    /**
     * Where {@code program} is: a name with a slash is a path and is taken as written, any other is
     * looked up on this environment's {@code PATH} (not on this JVM's, which is what
     * {@link ProcessBuilder} would search). Empty {@code PATH} entries are skipped rather than read as
     * the current directory.
     */
    public Optional<Path> find(String program) {
        Objects.requireNonNull(program, "program");
        if (program.isEmpty()) {
            return Optional.empty();
        }
        try {
            if (program.indexOf('/') >= 0) {
                return runnable(Path.of(program));
            }
            String path = env.get("PATH");
            if (path == null) {
                return Optional.empty();
            }
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Optional<Path> found = runnable(Path.of(dir, program));
                if (found.isPresent()) {
                    return found;
                }
            }
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** A program to run with {@code arguments}, each passed exactly as given (no shell, no quoting). */
    public Invocation command(String program, String... arguments) {
        List<String> argv = new ArrayList<>(arguments.length + 1);
        argv.add(program);
        for (String a : arguments) {
            argv.add(a);
        }
        return command(argv);
    }

    /** @param argv the program (a name looked up on PATH, or a path) and its arguments */
    public Invocation command(List<String> argv) {
        return Invocation.of(this, argv);
    }

    /** The value of a variable of this environment, or null; for the back ends' own checks. */
    public String variable(String name) {
        String v = env.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    /** This environment's PATH, for messages. */
    String path() {
        return env.get("PATH");
    }

    /** What a child gets: this environment with {@code extra} on top, minus vcstoken's secrets. */
    Map<String, String> childEnvironment(Map<String, String> extra) {
        Map<String, String> child = new HashMap<>(env);
        child.putAll(extra);
        for (String secret : SECRET_VARIABLES) {
            child.remove(secret);
        }
        return child;
    }

    /** Absolute, so that a child started in another directory runs the very file that was checked. */
    private static Optional<Path> runnable(Path p) {
        return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p.toAbsolutePath()) : Optional.empty();
    }
}
