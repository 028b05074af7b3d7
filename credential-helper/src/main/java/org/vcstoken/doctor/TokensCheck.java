package org.vcstoken.doctor;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.vcstoken.check.Check;
import org.vcstoken.check.Finding;
import org.vcstoken.messages.DoctorMessages;
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
        return DoctorMessages.tokensCheck();
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
            report.accept(Finding.fail(DoctorMessages.unknownKind(server.baseUrl(), e.getMessage()), null));
            return;
        }
        Instant now = clock.instant();
        for (Token t : tokens) {
            if (!t.server().equals(server.baseUrl()) || !(t.role().opensRepositories() || t.role() == Role.API)) {
                continue;
            }
            String what = t.role() == Role.API ? DoctorMessages.apiToken(t.id(), t.username())
                    : t.isServerWide() ? DoctorMessages.serverWideToken(t.id(), t.username())
                    : DoctorMessages.repositoryToken(t.id(), t.scope(), t.username());
            if (t.isRejected()) {
                report.accept(Finding.fail(DoctorMessages.tokenMarkedRejected(what),
                        DoctorMessages.removeAndLogIn(t.id(), server.baseUrl())));
                continue;
            }
            if (t.state().retired() != null) {
                String page;
                try {
                    page = kind.tokenPage(server, null).uri().toString();
                } catch (IllegalArgumentException e) {
                    page = server.baseUrl();
                }
                report.accept(Finding.fail(DoctorMessages.tokenRetired(what), DoctorMessages.tokenRetiredFix(page, t.id())));
                continue;
            }
            if (t.isExpiredAt(now)) {
                report.accept(Finding.fail(DoctorMessages.tokenExpired(what, t.expires(), t.state().expiryEnforced()),
                        DoctorMessages.tokenExpiredFix(t.id())));
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
                report.accept(Finding.pass(DoctorMessages.tokenNotCheckable(what, kind.id())));
            } else {
                report.accept(Finding.pass(DoctorMessages.tokenNotProbed(what, server.baseUrl())));
            }
            if (ExpiryPolicy.expiresSoon(t, server, now)) {
                report.accept(Finding.fail(DoctorMessages.tokenExpiresSoon(what, t.expires()),
                        DoctorMessages.renew(server.baseUrl() + (t.isServerWide() ? "" : "/" + t.scope()))));
            } else {
                report.accept(Finding.pass(DoctorMessages.tokenExpires(what, t.expires())));
            }
        }
    }

    private static Finding inspect(ServerKind kind, ServerProfile server, Token t, String what) {
        TokenFacts facts;
        try {
            facts = kind.inspection().orElseThrow().inspect(server, t.username(), t.secret());
        } catch (ServerException e) {
            return Finding.fail(DoctorMessages.tokenUncheckable(what, e.getMessage()), null);
        }
        if (!facts.active()) {
            return Finding.fail(DoctorMessages.tokenRefused(what), DoctorMessages.tokenRefusedFix(server.baseUrl()));
        }
        boolean differs = facts.expiryKnown() && !t.state().expiryEnforced()
                && !java.util.Objects.equals(facts.expires(), t.expires());
        if (differs) {
            return Finding.fail(DoctorMessages.tokenExpiryDiffers(what, facts.expires(), t.expires()),
                    DoctorMessages.tokenExpiryDiffersFix(server.baseUrl()));
        }
        return Finding.pass(DoctorMessages.tokenAccepted(what));
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
            return Finding.fail(DoctorMessages.tokenUncheckable(what, e.getMessage()), null);
        }
        return switch (result) {
            case ACCEPTED -> Finding.pass(DoctorMessages.tokenAcceptedOn(what, repo));
            case REJECTED -> Finding.fail(DoctorMessages.tokenRefusedOn(what, repo),
                    DoctorMessages.removeAndLogIn(t.id(), server.baseUrl() + "/" + repo));
            case FORBIDDEN -> Finding.fail(DoctorMessages.tokenForbidden(what, repo),
                    DoctorMessages.tokenForbiddenFix(server.baseUrl(), repo));
            case NOT_FOUND -> Finding.fail(DoctorMessages.tokenRepositoryNotFound(what, repo),
                    DoctorMessages.removeToken(t.id()));
        };
    }
}
