package org.vcstoken.service;

import org.vcstoken.broker.Answer;
import org.vcstoken.broker.Broker;
import org.vcstoken.broker.Brokers;
import java.io.PrintStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.time.Clock;
import java.util.Optional;
import org.vcstoken.messages.Messages;
import org.vcstoken.env.Clocks;
import org.vcstoken.env.Environment;
import org.vcstoken.renew.Fallback;
import org.vcstoken.renew.Outcome;
import org.vcstoken.renew.Renewal;
import org.vcstoken.request.Request;
import org.vcstoken.server.VcsType;
import org.vcstoken.store.StoreException;
import org.vcstoken.trace.Trace;

/**
 * The broker for front doors that run inside a JVM (SVNKit, JGit): a stored token when one fits,
 * else the create-a-token fallback, and the client's verdict afterwards. The git helper process
 * uses {@link Broker} directly to keep its start-up lean.
 */
public final class CredentialService {
    private final Broker broker;
    private final Fallback fallback;
    private final Renewal renewal;
    private final PrintStream err;
    private final boolean interactive;

    private CredentialService(Broker broker, Fallback fallback, Renewal renewal, PrintStream err,
            boolean interactive) {
        this.broker = broker;
        this.renewal = renewal;
        this.fallback = fallback;
        this.err = err;
        this.interactive = interactive;
    }

    /**
     * Wires a service from an environment (VCSTOKEN_HOME, VCSTOKEN_TRACE, CI, askpass settings) for
     * a vcstoken command; a program embedding vcstoken uses
     * {@link #forProgram(Environment, FileSystem, Clock, PrintStream, boolean, String)}.
     *
     * @param interactive false as the command's {@code --non-interactive} (a refusal names that flag)
     */
    public static CredentialService from(Environment env, FileSystem fs, Clock clock, PrintStream err,
            boolean interactive) {
        Trace trace = Trace.fromEnvironment(env, fs, err, clock);
        Broker broker = Brokers.broker(env, fs, clock, err, trace, org.vcstoken.svn.SvnMirror.INSTANCE);
        return new CredentialService(broker, Fallback.wired(env, fs, clock, err, trace),
                Renewal.wired(env, fs, clock, err, trace), err, interactive);
    }

    /**
     * Wires a service for a program that embeds vcstoken (a JGit or SVNKit tool). With
     * {@code interactive} false nothing is ever asked, and the line that says what to store names
     * the program's setting ({@code interactive=false}) as the reason, not a command-line flag the
     * person never saw. With {@code interactive} true vcstoken may ask where the environment allows
     * (never with {@code CI=true}).
     *
     * @param library which of vcstoken's entry points the program uses, e.g. "JGit credentials provider"
     */
    public static CredentialService forProgram(Environment env, FileSystem fs, Clock clock, PrintStream err,
            boolean interactive, String library) {
        Trace trace = Trace.fromEnvironment(env, fs, err, clock);
        Broker broker = Brokers.broker(env, fs, clock, err, trace, org.vcstoken.svn.SvnMirror.INSTANCE);
        String promptsOffBy = interactive ? null : Messages.promptsOffByProgram(library);
        return new CredentialService(broker, Fallback.wired(env, fs, clock, err, trace, promptsOffBy),
                Renewal.wired(env, fs, clock, err, trace), err, interactive);
    }

    /** A program's service over the process's own environment, file system and clock. */
    public static CredentialService fromSystem(boolean interactive) {
        Environment env = Environment.system();
        return forProgram(env, FileSystems.getDefault(), Clocks.from(env, System.err), System.err, interactive,
                "CredentialService");
    }

    /**
     * Whether vcstoken has a server profile for the request: then a token for it is vcstoken's to
     * give, and its absence is worth a line that says what to store.
     */
    public boolean hasServerFor(Request request) throws StoreException {
        return broker.hasServerFor(request);
    }

    /**
     * A credential for the request: a stored token, or one created through the fallback.
     * Empty when none could be had; a refusal has then been reported on standard error.
     */
    public Optional<Answer> get(Request request, VcsType vcs) throws StoreException {
        Optional<Answer> stored = broker.get(request);
        if (stored.isPresent() && stored.get().renewDue()) {
            return Optional.of(renewal.renewOrWarn(request, stored.get()));
        }
        if (stored.isPresent() || !broker.hasServerFor(request)) {
            return stored;
        }
        Outcome outcome = fallback.run(request, vcs, !interactive);
        if (outcome instanceof Outcome.Created created) {
            return Optional.of(created.answer());
        }
        if (outcome instanceof Outcome.Refused refused) {
            err.println(Messages.error(refused.message()));
        }
        return Optional.empty();
    }

    /** The server accepted the token. */
    public void approve(Request request, String token) throws StoreException {
        broker.approve(request, token, null);
    }

    /** The server refused the token: it is never handed out again. */
    public void reject(Request request, String token) throws StoreException {
        broker.reject(request, token);
    }
}
