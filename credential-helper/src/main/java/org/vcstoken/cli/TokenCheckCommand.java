package org.vcstoken.cli;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.vcstoken.messages.CommandMessages;
import org.vcstoken.messages.Messages;
import org.vcstoken.request.ParsedUrl;
import org.vcstoken.server.ProbeResult;
import org.vcstoken.server.RemoteToken;
import org.vcstoken.server.ServerException;
import org.vcstoken.server.ServerKind;
import org.vcstoken.server.ServerKinds;
import org.vcstoken.server.TokenFacts;
import org.vcstoken.server.VcsType;
import org.vcstoken.store.StoreData;
import org.vcstoken.token.Role;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code vcstoken token check [URL]}: notice tokens deleted, revoked or expired on the server. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Ask the servers whether the stored tokens still work.",
            "",
            "A token its server no longer accepts (deleted, revoked or expired there) is marked rejected, so it is "
                + "never handed out again. Each server is asked the best way its family offers: the account's token "
                + "list, with a stored API token; else the server's own view of the token, which also corrects the "
                + "expiry vcstoken has for it; else a request for the token's repository.",
            "",
            "A token nothing can judge (a server-wide one with no API token to ask with, or one whose repository "
                + "is gone) is listed as not checked, never as ok. A replaced token that is still valid on the "
                + "server is listed with where to delete it."},
        footerHeading = HelpLayout.EXAMPLES,
        footer = {"  vcstoken token check",
            "  vcstoken token check https://code.example.com",
            "",
            "Exit status:",
            "  0  every server answered",
            "  1  a server could not be asked (the line says why)"})
final class TokenCheckCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(index = "0", arity = "0..1", paramLabel = "URL", description = "Check only this server's tokens.")
    String url;

    TokenCheckCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        StoreData data = ctx.store().read();
        ParsedUrl only = url == null ? null : TokenCommand.parseUrl(url);
        Instant now = ctx.clock().instant();
        ServerKinds kinds = ctx.kinds(ctx.trace());
        int checked = 0;
        int failures = 0;
        for (ServerProfile profile : data.servers()) {
            if (only != null && !data.serverFor(only.origin(), only.path()).map(p -> p == profile).orElse(false)) {
                continue;
            }
            ServerKind kind;
            try {
                kind = kinds.kindFor(profile);
            } catch (ServerException e) {
                ctx.err().println(Messages.warning(profile.baseUrl() + ": " + e.getMessage()));
                continue;
            }
            Optional<Token> api = data.tokens().stream().filter(t -> t.server().equals(profile.baseUrl())
                    && (t.role() == Role.API || t.role() == Role.ALL) && !t.isRejected() && !t.isExpiredAt(now)
                    && t.state().retired() == null).findFirst();
            List<RemoteToken> listed = null;
            if (api.isPresent() && kind.listing().isPresent()) {
                try {
                    listed = kind.listing().get().list(profile, api.get().username(), api.get().secret());
                } catch (ServerException e) {
                    // The listing's own token may be what is wrong (revoked, expired on the server):
                    // then the tokens are checked one by one, which marks it. Any other failure (a
                    // server that does not answer, a key of another account) gets one line, not one
                    // per token: they would all say the same.
                    Verdict own;
                    try {
                        own = check(kind, profile, null, api.get(), now);
                    } catch (ServerException unreachable) {
                        own = null;
                    }
                    if (own == null || own.state() != Verdict.State.BAD) {
                        failures++;
                        ctx.err().println(Messages.warning(CommandMessages.checkOfServerFailed(profile.baseUrl(),
                                e.getMessage())));
                        continue;
                    }
                    ctx.err().println(Messages.warning(CommandMessages.listingFailed(profile.baseUrl(), e.getMessage())));
                }
            }
            String listedFor = api.map(Token::username).orElse(null);
            for (Token t : data.tokens()) {
                if (!t.server().equals(profile.baseUrl()) || !(t.role().opensRepositories() || t.role() == Role.API)
                        || t.isRejected()) {
                    continue;
                }
                checked++;
                if (t.state().retired() != null) {
                    ctx.out().println(CommandMessages.checkRetired(t.id(), t.server(),
                            kind.tokenPage(profile, null).uri().toString()));
                    continue;
                }
                if (t.isExpiredAt(now) && t.state().expiryEnforced()) {
                    // The forge would still take it: not rejected, but to be replaced (and deleted there).
                    ctx.out().println(CommandMessages.checkPastLifetime(t.id(), t.server(), t.expires(),
                            t.server() + (t.scope() == null ? "" : "/" + t.scope())));
                    continue;
                }
                Verdict verdict;
                try {
                    // A listing that cannot show this token (GitLab lists no project tokens) says nothing of it.
                    boolean covered = listed != null && t.username().equals(listedFor)
                            && kind.listing().map(l -> l.covers(t)).orElse(false);
                    verdict = check(kind, profile, covered ? listed : null, t, now);
                } catch (ServerException e) {
                    failures++;
                    ctx.err().println(Messages.warning(CommandMessages.checkOfTokenFailed(t.id(), e.getMessage())));
                    continue;
                }
                switch (verdict.state()) {
                    case BAD -> {
                        ctx.store().update(d -> d.mapToken(t.id(), x -> x.withRejected(now)));
                        ctx.out().println(CommandMessages.checkRejected(t.id(), t.server(), verdict.why()));
                    }
                    case UNCHECKED -> ctx.out().println(CommandMessages.checkNotChecked(t.id(), t.server(), verdict.why()));
                    case OK -> {
                        Instant expires = verdict.expires();
                        if (verdict.expiryKnown() && !Objects.equals(expires, t.expires())) {
                            ctx.store().update(d -> d.mapToken(t.id(), x -> new Token(x.id(), x.server(), x.username(),
                                    x.role(), x.scope(), expires, x.description(), x.created(), x.origin(),
                                    x.confirmed(), x.rejected(), x.secret(), x.serverId(), x.state())));
                            ctx.out().println(CommandMessages.checkOkUpdated(t.id(), t.server(), expires));
                        } else {
                            ctx.out().println(CommandMessages.checkOk(t.id(), t.server()));
                        }
                    }
                    default -> throw new AssertionError(verdict);
                }
            }
        }
        if (checked == 0) {
            ctx.out().println(CommandMessages.nothingToCheck());
        }
        return failures == 0 ? 0 : 1;
    }

    /** What a check found: the token works (and when the server says it expires), does not, or could not be told. */
    private record Verdict(State state, String why, boolean expiryKnown, Instant expires) {
        enum State { OK, BAD, UNCHECKED }

        static Verdict ok() {
            return new Verdict(State.OK, null, false, null);
        }

        static Verdict bad(String why) {
            return new Verdict(State.BAD, why, false, null);
        }

        static Verdict unchecked(String why) {
            return new Verdict(State.UNCHECKED, why, false, null);
        }
    }

    /**
     * The best question the family offers, in order: the account's token list (with an API token),
     * the server's view of the token itself, a request for the token's repository.
     */
    private Verdict check(ServerKind kind, ServerProfile profile, List<RemoteToken> listed, Token t, Instant now)
            throws ServerException {
        if (t.isExpiredAt(now)) {
            return Verdict.bad(CommandMessages.checkExpired(String.valueOf(t.expires()), t.state().expiryEnforced()));
        }
        if (listed != null) {
            Optional<RemoteToken> found = listed.stream().filter(r -> r.is(t)).findFirst();
            if (found.isEmpty()) {
                return Verdict.bad(CommandMessages.checkDeletedOnServer());
            }
            if (!found.get().active()) {
                return Verdict.bad(CommandMessages.checkInactiveInListing());
            }
            // A listing that gives expiry dates (GitLab) refreshes vcstoken's; vcstoken's own expiry of a
            // token the forge keeps forever is not the server's to change.
            Instant listedExpiry = found.get().expires();
            return listedExpiry == null || t.state().expiryEnforced() ? Verdict.ok()
                    : new Verdict(Verdict.State.OK, null, true, listedExpiry);
        }
        if (kind.inspection().isPresent() && kind.inspection().get().canInspect(t)) {
            TokenFacts facts = kind.inspection().get().inspect(profile, t.username(), t.secret());
            if (!facts.active()) {
                // An API key of another account still opens the API: it is the wrong key for this
                // profile, not a revoked one (RhodeCode says whose key it is).
                if (t.role() == Role.API && facts.owner() != null && !facts.owner().equals(t.username())) {
                    return Verdict.unchecked(CommandMessages.checkApiTokenOfOther(facts.owner(), t.username()));
                }
                return Verdict.bad(CommandMessages.checkRefusedOnInspection());
            }
            // vcstoken's own expiry of a token the forge keeps forever is not the server's to change.
            boolean refresh = facts.expiryKnown() && !t.state().expiryEnforced();
            return new Verdict(Verdict.State.OK, null, refresh, facts.expires());
        }
        if (t.scope() != null) {
            ProbeResult r = kind.probe(profile, t.scope(), VcsType.GIT, t.username(), t.secret());
            return switch (r) {
                case ACCEPTED, FORBIDDEN -> Verdict.ok(); // FORBIDDEN: known, but may not read it
                case REJECTED -> Verdict.bad(CommandMessages.checkRefusedOnRepository());
                case NOT_FOUND -> Verdict.unchecked(CommandMessages.checkNoSuchRepository(t.scope()));
            };
        }
        return Verdict.unchecked(CommandMessages.checkNoApiToken(profile.baseUrl()));
    }
}
