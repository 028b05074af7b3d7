package org.vcstoken.git;

import java.io.PrintStream;
import java.nio.file.FileSystem;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vcstoken.messages.Messages;
import org.vcstoken.broker.Answer;
import org.vcstoken.env.Environment;
import org.vcstoken.renew.Fallback;
import org.vcstoken.renew.Outcome;
import org.vcstoken.request.Request;
import org.vcstoken.server.VcsType;
import org.vcstoken.store.StoreException;
import org.vcstoken.trace.Trace;

/**
 * The helper's answer when no stored token fits. Kept apart from {@link GitCredentialMain} so that
 * the prompt, HTTP and creation classes load only when they are needed, not on every `get`.
 */
final class GitFallback {
    private GitFallback() {
    }

    /** @return the reply for git: a credential, {@code quit=1}, or nothing */
    static Map<String, String> run(Request request, VcsType vcs, Environment env, FileSystem fs, Clock clock,
            PrintStream err, Trace trace) throws StoreException {
        Outcome outcome = Fallback.wired(env, fs, clock, err, trace).run(request, vcs, false);
        Map<String, String> reply = new LinkedHashMap<>();
        // Java 17 has no pattern matching in switch; the sealed Outcome keeps this list complete.
        if (outcome instanceof Outcome.Created created) {
            Answer a = created.answer();
            reply.put("username", a.username());
            reply.put("password", a.secret().reveal());
            if (a.expires() != null) {
                reply.put("password_expiry_utc", Long.toString(a.expires().getEpochSecond()));
            }
        } else if (outcome instanceof Outcome.Refused refused) {
            err.println(Messages.error(refused.message()));
            // Stops git's helper chain and its own prompt: CI fails at once instead of hanging.
            reply.put("quit", "1");
        } else if (outcome instanceof Outcome.Declined) {
            trace.line("fallback declined; git may prompt itself");
        } else {
            trace.line("no server profile; nothing to do");
        }
        return reply;
    }
}
