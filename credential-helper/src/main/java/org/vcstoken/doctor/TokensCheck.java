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
import org.vcstoken.server.TokenFacts;
import org.vcstoken.token.Role;
import org.vcstoken.server.VcsType;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;

/**
 * Each token that opens repositories, and each API token, works: not rejected, not expired,
 * accepted by the server on its repository (a server-wide one on the repository named on the
 * command line) with the request git itself would make, or by the server's own view of the token
 * where the family has one; and not inside its renew window. Only on a server that answered.
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
            if (!t.server().equals(server.baseUrl()) || !(t.role().opensRepositories() || t.role() == Role.API)) {
                continue;
            }
            String what = "token " + t.id() + " (" + (t.role() == Role.API ? "API token"
                    : t.isServerWide() ? "server-wide" : "repo " + t.scope()) + ", user " + t.username() + ")";
            if (t.isRejected()) {
                report.accept(Finding.fail(what + ": marked rejected", "vcstoken token remove " + t.id() + "; vcstoken login "
                        + server.baseUrl()));
                continue;
            }
            if (t.state().retired() != null) {
                String page;
                try {
                    page = kind.tokenPage(server, null).uri().toString();
                } catch (IllegalArgumentException e) {
                    page = server.baseUrl();
                }
                report.accept(Finding.fail(what + ": retired (replaced) but still valid on the server",
                        "delete it at " + page + ", then: vcstoken token remove " + t.id()));
                continue;
            }
            if (t.isExpiredAt(now)) {
                report.accept(Finding.fail(what + ": expired at " + t.expires() + (t.state().expiryEnforced()
                        ? " (vcstoken's lifetime; the server would still take it)" : ""),
                        "vcstoken renew, or vcstoken token remove " + t.id()));
                continue;
            }
            String repo = t.role() == Role.API ? null : t.isServerWide() ? named : t.scope();
            boolean inspectable = kind.inspection().map(i -> i.canInspect(t)).orElse(false);
            if (repo != null && !repo.isEmpty()) {
                report.accept(probe(kind, server, t, repo, what));
            } else if (inspectable) {
                // The server's own view of the token (GitLab: personal_access_tokens/self) needs no repository.
                report.accept(inspect(kind, server, t, what));
            } else if (t.role() == Role.API) {
                report.accept(Finding.pass(what + ": not checked (a server of kind " + kind.id()
                        + " cannot be asked about it)"));
            } else {
                report.accept(Finding.pass(what + ": not probed (name a repository: vcstoken doctor " + server.baseUrl()
                        + "/REPO)"));
            }
            if (ExpiryPolicy.expiresSoon(t, server, now)) {
                report.accept(Finding.fail(what + ": expires soon, at " + t.expires(), "vcstoken renew " + server.baseUrl()
                        + (t.isServerWide() ? "" : "/" + t.scope())));
            } else {
                report.accept(Finding.pass(what + ": expires " + (t.expires() == null ? "never" : "at " + t.expires())));
            }
        }
    }

    private static Finding inspect(ServerKind kind, ServerProfile server, Token t, String what) {
        TokenFacts facts;
        try {
            facts = kind.inspection().orElseThrow().inspect(server, t.username(), t.secret());
        } catch (ServerException e) {
            return Finding.fail(what + ": could not be checked: " + e.getMessage(), null);
        }
        if (!facts.active()) {
            return Finding.fail(what + ": refused by the server (revoked, expired or deleted)", "vcstoken token check "
                    + server.baseUrl() + " (marks it rejected); then vcstoken login " + server.baseUrl());
        }
        boolean differs = facts.expiryKnown() && !t.state().expiryEnforced()
                && !java.util.Objects.equals(facts.expires(), t.expires());
        if (differs) {
            return Finding.fail(what + ": accepted by the server, which says it expires "
                    + (facts.expires() == null ? "never" : facts.expires()) + ", not " + t.expires(),
                    "vcstoken token check " + server.baseUrl() + " (updates the expiry)");
        }
        return Finding.pass(what + ": accepted by the server");
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
