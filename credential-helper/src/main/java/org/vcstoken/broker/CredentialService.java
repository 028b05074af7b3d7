package org.vcstoken.broker;

import java.io.PrintStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.time.Clock;
import java.util.Optional;
import org.vcstoken.Messages;
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
     * Wires a service from an environment (VCSTOKEN_HOME, VCSTOKEN_TRACE, CI, askpass settings).
     *
     * @param interactive false forbids every prompt (CI tools, IDE background jobs)
     */
    public static CredentialService from(Environment env, FileSystem fs, Clock clock, PrintStream err,
            boolean interactive) {
        Trace trace = Trace.fromEnvironment(env, fs, err, clock);
        Broker broker = Brokers.broker(env, fs, clock, err, trace);
        return new CredentialService(broker, Fallback.wired(env, fs, clock, err, trace),
                Renewal.wired(env, fs, clock, err, trace), err, interactive);
    }

    /** The process's own environment, file system and clock. */
    public static CredentialService fromSystem(boolean interactive) {
        Environment env = Environment.system();
        return from(env, FileSystems.getDefault(), Clocks.from(env, System.err), System.err, interactive);
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
