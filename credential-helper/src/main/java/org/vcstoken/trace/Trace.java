package org.vcstoken.trace;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.vcstoken.env.Environment;
import org.vcstoken.messages.Messages;

/**
 * Decision trace for {@code VCSTOKEN_TRACE}. Callers never pass secrets on purpose; as a second
 * line of defence every secret registered with {@link #mask(String)} is replaced before a line is
 * written.
 */
public final class Trace {
    private static final Trace OFF = new Trace(null, null);

    private final PrintStream out;
    private final Clock clock;
    private final List<String> secrets = new ArrayList<>();

    private Trace(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    public static Trace off() {
        return OFF;
    }

    /** A trace that writes to the given stream (tests, and {@code VCSTOKEN_TRACE=1}). */
    public static Trace to(PrintStream out, Clock clock) {
        return new Trace(out, clock);
    }

    /**
     * {@code VCSTOKEN_TRACE} unset, empty, {@code 0} or {@code false}: off; {@code 1}, {@code true}
     * or {@code 2}: standard error; an absolute path: appended to that file (created 0600).
     */
    public static Trace fromEnvironment(Environment env, FileSystem fs, PrintStream stderr, Clock clock) {
        if (!requested(env)) {
            return OFF;
        }
        String v = env.get("VCSTOKEN_TRACE").orElseThrow();
        if (v.equals("1") || v.equals("2") || v.equalsIgnoreCase("true")) {
            return new Trace(stderr, clock);
        }
        Path file = fs.getPath(v);
        if (!file.isAbsolute()) {
            stderr.println(Messages.warning(Messages.traceNotAbsolute()));
            return new Trace(stderr, clock);
        }
        try {
            // Created 0600 by the open itself: a chmod afterwards leaves a moment in which another
            // user could open the file and keep reading it. A file that already existed is made
            // private before the first line goes in (hosts, repositories, users, token ids).
            OutputStream os = java.nio.channels.Channels.newOutputStream(Files.newByteChannel(file,
                    java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE,
                            LinkOption.NOFOLLOW_LINKS),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))));
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (IOException e) {
                os.close();
                throw e;
            }
            return new Trace(new PrintStream(os, true, StandardCharsets.UTF_8), clock);
        } catch (IOException | UnsupportedOperationException e) {
            stderr.println(Messages.warning(Messages.traceFileUnwritable(file.toString(), e.getClass().getSimpleName())));
            return new Trace(stderr, clock);
        }
    }

    /** Whether {@code VCSTOKEN_TRACE} asks for tracing (and so for stack traces): not unset, empty, 0 or false. */
    public static boolean requested(Environment env) {
        String v = env.get("VCSTOKEN_TRACE").orElse("");
        return !(v.isEmpty() || v.equals("0") || v.equalsIgnoreCase("false"));
    }

    /**
     * A stack trace for the one asking for traces, on {@code err}: an unexpected failure shows a
     * person one line, and its trace only under {@code VCSTOKEN_TRACE}. Exception messages carry no
     * secret, so nothing needs masking.
     */
    public static void stackTraceIfRequested(Environment env, java.io.PrintStream err, Throwable e) {
        if (requested(env)) {
            e.printStackTrace(err);
        }
    }

    public boolean enabled() {
        return out != null;
    }

    /** Registers a value that must never appear in the trace. */
    public void mask(String secret) {
        if (out != null && secret != null && !secret.isEmpty()) {
            secrets.add(secret);
        }
    }

    /**
     * Replaces every occurrence of every secret, marking first and replacing once: replacing one
     * secret after another would leave the rest of a longer secret that contains (or overlaps) a
     * shorter one already replaced.
     */
    private String masked(String message) {
        boolean[] hidden = null;
        for (String s : secrets) {
            for (int at = message.indexOf(s); at >= 0; at = message.indexOf(s, at + 1)) {
                if (s.length() < WHOLE_WORD_BELOW && !standsAlone(message, at, s.length())) {
                    // A short secret ("pw1") also occurs inside ordinary words: hiding those would
                    // garble the line and point at the secret; only the value itself is hidden.
                    continue;
                }
                if (hidden == null) {
                    hidden = new boolean[message.length()];
                }
                java.util.Arrays.fill(hidden, at, at + s.length(), true);
            }
        }
        if (hidden == null) {
            return message;
        }
        StringBuilder b = new StringBuilder(message.length());
        for (int i = 0; i < message.length(); i++) {
            if (!hidden[i]) {
                b.append(message.charAt(i));
            } else if (i == 0 || !hidden[i - 1]) {
                b.append("****");
            }
        }
        return b.toString();
    }

    /** Secrets shorter than this are hidden only where they are not part of a longer word. */
    static final int WHOLE_WORD_BELOW = 6;

    private static boolean standsAlone(String message, int at, int length) {
        return (at == 0 || !Character.isLetterOrDigit(message.charAt(at - 1)))
                && (at + length == message.length() || !Character.isLetterOrDigit(message.charAt(at + length)));
    }

    public void line(String message) {
        if (out == null) {
            return;
        }
        String text = masked(message);
        LocalTime t = LocalTime.ofInstant(clock.instant(), ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        out.println(t + " vcstoken: " + text);
    }
}
