package org.vcstoken.git;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.vcstoken.messages.CommandMessages;
import org.vcstoken.messages.InputMessages;
import org.vcstoken.messages.Messages;
import org.vcstoken.broker.Answer;
import org.vcstoken.broker.Broker;
import org.vcstoken.broker.Brokers;
import org.vcstoken.env.Environment;
import org.vcstoken.request.Request;
import org.vcstoken.store.StoreException;
import org.vcstoken.trace.Trace;

/**
 * {@code git-credential-vcstoken get|store|erase}: git's credential helper protocol.
 *
 * <p>This is the hot path: git starts a new process for every question, so this class loads only
 * the protocol codec, the store reader and the selector: no CLI framework, no HTTP client.
 */
public final class GitCredentialMain {
    /** 9999-12-31T23:59:59Z: the store keeps four-digit years. */
    private static final long LAST_EXPIRY = 253_402_300_799L;

    private GitCredentialMain() {
    }

    public static void main(String[] args) {
        Environment env = Environment.system();
        int status = run(args, System.in, System.out, System.err, env, FileSystems.getDefault(),
                org.vcstoken.env.Clocks.from(env, System.err));
        if (status != 0 || othersRunning()) {
            System.exit(status);
        }
        // Returning ends the JVM with status 0 as System.exit(0) would, without what exit does from
        // JDK 21 on: it looks up a System.Logger to log the call, about 9 ms on JDK 25 (a third of a
        // bare JVM start) for every answer to git.
    }

    /** Whether a thread of ours that is not a daemon is still alive: then only exit ends the JVM. */
    private static boolean othersRunning() {
        Thread[] threads = new Thread[Thread.activeCount() + 2];
        int n = Thread.enumerate(threads);
        for (int i = 0; i < n; i++) {
            Thread t = threads[i];
            if (t != Thread.currentThread() && t.isAlive() && !t.isDaemon()) {
                return true;
            }
        }
        return false;
    }

    /** Runs one helper action; returns the exit status (git ignores it, scripts may not). */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Environment env,
            FileSystem fs, Clock clock) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            // Wrapped by hand at 80 columns, as vcstoken's own help is (HelpTextTest checks both).
            out.print(CommandMessages.gitHelperUsage());
            return 0;
        }
        String action = args.length == 0 ? "" : args[0];
        if (!action.equals("get") && !action.equals("store") && !action.equals("erase")) {
            return 0; // git's protocol: ignore actions we do not know
        }
        Trace trace = Trace.fromEnvironment(env, fs, err, clock);
        CredentialMessage message;
        Optional<Request> request;
        try {
            message = CredentialCodec.read(in);
            request = GitRequests.from(message);
        } catch (ProtocolException e) {
            err.println(Messages.error(Messages.badCredentialInput(e.getMessage())));
            return 1;
        } catch (IllegalArgumentException e) {
            err.println(Messages.error(Messages.badRequest(e.getMessage())));
            return 1;
        } catch (IOException e) {
            err.println(Messages.error(Messages.badCredentialInput(InputMessages.protocolInputUnreadable())));
            return 1;
        }
        if (request.isEmpty()) {
            trace.line(action + ": not an http(s) request; ignored");
            return 0;
        }
        Broker broker = Brokers.broker(env, fs, clock, err, trace, org.vcstoken.svn.SvnMirror.INSTANCE);
        try {
            switch (action) {
                case "get" -> {
                    Optional<Answer> answer = broker.get(request.get());
                    if (answer.isPresent()) {
                        Answer a = answer.get();
                        if (a.renewDue()) {
                            a = org.vcstoken.renew.Renewal.wired(env, fs, clock, err, trace).renewOrWarn(request.get(), a);
                        }
                        Map<String, String> reply = new LinkedHashMap<>();
                        reply.put("username", a.username());
                        reply.put("password", a.secret().reveal());
                        if (a.expires() != null) {
                            reply.put("password_expiry_utc", Long.toString(a.expires().getEpochSecond()));
                        }
                        CredentialCodec.write(out, reply);
                    } else if (broker.hasServerFor(request.get())) {
                        Map<String, String> reply = GitFallback.run(request.get(), vcs(message), env, fs, clock, err,
                                trace);
                        if (!reply.isEmpty()) {
                            CredentialCodec.write(out, reply);
                        }
                    } else if (env.isTrue("CI")) {
                        // A CI job's token does not cover this request on its own server: say why and
                        // stop git's chain, rather than leave git to prompt (a hang on a terminal).
                        String refusal = broker.environmentRefusal(request.get());
                        if (refusal != null) {
                            err.println(Messages.error(refusal));
                            CredentialCodec.write(out, Map.of("quit", "1"));
                        }
                    }
                }
                case "store" -> broker.approve(request.get(), message.get("password").orElse(null),
                        expiry(message.get("password_expiry_utc").orElse(null)));
                case "erase" -> broker.reject(request.get(), message.get("password").orElse(null));
                default -> throw new AssertionError(action);
            }
            return 0;
        } catch (StoreException e) {
            err.println(Messages.error(e.getMessage()));
            return 1;
        } catch (IllegalArgumentException e) {
            // A value that cannot travel in the protocol (a hand-edited user name with a line break):
            // its message names the field, never a secret.
            err.println(Messages.error(e.getMessage()));
            return 1;
        } catch (RuntimeException e) {
            // Nothing expected ends here; git shows stderr to the user, who gets one line, not a
            // stack trace (VCSTOKEN_TRACE shows it). The class name carries no secret.
            org.vcstoken.trace.Trace.stackTraceIfRequested(env, err, e);
            err.println(Messages.error(CommandMessages.unexpected(e.getClass().getSimpleName())));
            return 1;
        } catch (IOException e) {
            err.println(Messages.error(InputMessages.protocolAnswerUnwritable(e.getClass().getSimpleName())));
            return 1;
        }
    }

    /** The hg extension says {@code vcs=hg}; git sends nothing, so git is the default. */
    private static org.vcstoken.server.VcsType vcs(CredentialMessage message) {
        String v = message.get("vcs").orElse("git");
        return v.equals("hg") ? org.vcstoken.server.VcsType.HG
                : v.equals("svn") ? org.vcstoken.server.VcsType.SVN : org.vcstoken.server.VcsType.GIT;
    }

    /**
     * {@code password_expiry_utc} as git reads it: 0 means "does not expire" (git keeps it as its
     * own "never" and does not pass it on), and so does a value git would wrap round (a negative
     * number through strtoumax). A date after the year 9999, which the store does not hold, is as
     * good as never too.
     */
    static Instant expiry(String value) {
        if (value == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            return seconds <= 0 || seconds > LAST_EXPIRY ? null : Instant.ofEpochSecond(seconds);
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return null; // an unreadable expiry is not a reason to drop a confirmation
        }
    }
}
