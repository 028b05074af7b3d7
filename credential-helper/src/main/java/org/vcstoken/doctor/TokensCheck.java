package org.vcstoken.doctor;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.vcstoken.check.Check;
import org.vcstoken.check.Finding;
import org.vcstoken.select.ExpiryPolicy;
import org.vcstoken.server.ProbeResult;
import org.vcstoken.server.ServerException;
import org.vcstoken.server.ServerKind;
import org.vcstoken.server.ServerKinds;
import org.vcstoken.server.VcsType;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;

/**
 * Each token that opens repositories works: not rejected, not expired, accepted by the server on
 * its repository (a server-wide one on the repository named on the command line) with the request
 * git itself would make, and not inside its renew window. Only on a server that answered.
 *
 * @param named the repository named on the command line, or null
 */
record TokensCheck(ServerReply reply, List<Token> tokens, String named, ServerKinds kinds, Clock clock) implements Check {
    @Override
    public String name() {
        return "tokens";
    }

    @Override
    public void run(Consumer<Finding> report) {
        if (!reply.answered()) {
            return; // the server check said it is not reachable
        }
        ServerProfile server = reply.server();
        ServerKind kind;
        try {
            kind = kinds.kindFor(server);
        } catch (ServerException e) {
            report.accept(Finding.fail(server.baseUrl() + ": " + e.getMessage(), null));
            return;
        }
        Instant now = clock.instant();
        for (Token t : tokens) {
            if (!t.server().equals(server.baseUrl()) || !t.role().opensRepositories()) {
                continue;
            }
            String what = "token " + t.id() + " (" + (t.isServerWide() ? "server-wide" : "repo " + t.scope()) + ", user "
                    + t.username() + ")";
            if (t.isRejected()) {
                report.accept(Finding.fail(what + ": marked rejected", "vcstoken token remove " + t.id() + "; vcstoken login "
                        + server.baseUrl()));
                continue;
            }
            if (t.isExpiredAt(now)) {
                report.accept(Finding.fail(what + ": expired at " + t.expires(), "vcstoken renew, or vcstoken token remove "
                        + t.id()));
                continue;
            }
            String repo = t.isServerWide() ? named : t.scope();
            if (repo == null || repo.isEmpty()) {
                report.accept(Finding.pass(what + ": not probed (name a repository: vcstoken doctor " + server.baseUrl()
                        + "/REPO)"));
            } else {
                report.accept(probe(kind, server, t, repo, what));
            }
            if (ExpiryPolicy.expiresSoon(t, server, now)) {
                report.accept(Finding.fail(what + ": expires soon, at " + t.expires(), "vcstoken renew " + server.baseUrl()
                        + (t.isServerWide() ? "" : "/" + t.scope())));
            } else {
                report.accept(Finding.pass(what + ": expires " + (t.expires() == null ? "never" : "at " + t.expires())));
            }
        }
    }

    private static Finding probe(ServerKind kind, ServerProfile server, Token t, String repo, String what) {
        ProbeResult result = null;
        try {
            // The store does not know the repository's type: try git first, then hg and svn on a 404.
            for (VcsType vcs : VcsType.values()) {
                result = kind.probe(server, repo, vcs, t.username(), t.secret());
                if (result != ProbeResult.NOT_FOUND) {
                    break;
                }
            }
        } catch (ServerException e) {
            return Finding.fail(what + ": could not be checked: " + e.getMessage(), null);
        }
        return switch (result) {
            case ACCEPTED -> Finding.pass(what + ": accepted on " + repo);
            case REJECTED -> Finding.fail(what + ": refused by the server on " + repo + " (deleted, wrong user or scope)",
                    "vcstoken token remove " + t.id() + "; vcstoken login " + server.baseUrl() + "/" + repo);
            case FORBIDDEN -> Finding.fail(what + ": valid, but the account may not read " + repo,
                    "ask an admin of " + server.baseUrl() + " for read access to " + repo);
            case NOT_FOUND -> Finding.fail(what + ": repository " + repo + " not found on the server",
                    "vcstoken token remove " + t.id());
        };
    }
}
