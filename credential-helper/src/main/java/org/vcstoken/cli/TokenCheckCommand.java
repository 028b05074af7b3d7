package org.vcstoken.cli;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.vcstoken.Messages;
import org.vcstoken.request.ParsedUrl;
import org.vcstoken.server.ProbeResult;
import org.vcstoken.server.ServerException;
import org.vcstoken.server.ServerKind;
import org.vcstoken.server.ServerKinds;
import org.vcstoken.server.VcsType;
import org.vcstoken.store.StoreData;
import org.vcstoken.token.Role;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code vcstoken token check [URL]}: notice tokens deleted or expired on the server. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Ask the servers whether the stored tokens still work, and mark those that do not as rejected",
            "so they are never handed out again. With an API token for the server (see: vcstoken server import-rhoderc)",
            "one call lists the account's tokens; otherwise each repository token is tried on its repository."})
final class TokenCheckCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(index = "0", arity = "0..1", paramLabel = "URL", description = "only this server")
    String url;

    TokenCheckCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        StoreData data = ctx.store().read();
        ParsedUrl only = url == null ? null : TokenCommand.parseUrl(url);
        Instant now = ctx.clock().instant();
        int checked = 0;
        int failures = 0;
        for (ServerProfile profile : data.servers()) {
            if (only != null && !data.serverFor(only.origin(), only.path()).map(p -> p == profile).orElse(false)) {
                continue;
            }
            ServerKind kind;
            try {
                kind = ServerKinds.forProfile(profile, ctx.clock());
            } catch (ServerException e) {
                ctx.err().println(Messages.warning(profile.baseUrl() + ": " + e.getMessage()));
                continue;
            }
            Optional<Token> api = data.tokens().stream().filter(t -> t.server().equals(profile.baseUrl())
                    && (t.role() == Role.API || t.role() == Role.ALL) && !t.isRejected() && !t.isExpiredAt(now))
                    .findFirst();
            for (Token t : data.tokens()) {
                if (!t.server().equals(profile.baseUrl()) || !t.role().opensRepositories() || t.isRejected()) {
                    continue;
                }
                checked++;
                Verdict verdict;
                try {
                    verdict = check(kind, profile, api, t, now);
                } catch (ServerException e) {
                    failures++;
                    ctx.err().println(Messages.warning("token " + t.id() + ": " + e.getMessage()));
                    continue;
                }
                switch (verdict.state()) {
                    case BAD -> {
                        ctx.store().update(d -> d.mapToken(t.id(), x -> x.withRejected(now)));
                        ctx.out().println("token " + t.id() + " for " + t.server() + ": " + verdict.why() + "; marked rejected");
                    }
                    case UNCHECKED -> ctx.out().println("token " + t.id() + " for " + t.server() + ": not checked: "
                            + verdict.why());
                    case OK -> ctx.out().println("token " + t.id() + " for " + t.server() + ": ok");
                    default -> throw new AssertionError(verdict);
                }
            }
        }
        if (checked == 0) {
            ctx.out().println("no tokens to check");
        }
        return failures == 0 ? 0 : 1;
    }

    /** What a check found: the token works, does not (and why), or could not be told (and why). */
    private record Verdict(State state, String why) {
        enum State { OK, BAD, UNCHECKED }
    }

    private Verdict check(ServerKind kind, ServerProfile profile, Optional<Token> api, Token t, Instant now)
            throws ServerException {
        if (t.isExpiredAt(now)) {
            return new Verdict(Verdict.State.BAD, "expired at " + t.expires());
        }
        if (api.isPresent() && api.get().username().equals(t.username())) {
            List<String> known = kind.knownTokens(profile, t.username(), api.get().secret());
            boolean present = known.stream().anyMatch(k -> t.secret().matches(k));
            return present ? new Verdict(Verdict.State.OK, null) : new Verdict(Verdict.State.BAD, "deleted on the server");
        }
        if (t.scope() != null) {
            ProbeResult r = kind.probe(profile, t.scope(), VcsType.GIT, t.username(), t.secret());
            return switch (r) {
                case ACCEPTED, FORBIDDEN -> new Verdict(Verdict.State.OK, null); // FORBIDDEN: known, but may not read it
                case REJECTED -> new Verdict(Verdict.State.BAD, "refused by the server");
                case NOT_FOUND -> new Verdict(Verdict.State.UNCHECKED, "the server has no repository " + t.scope()
                        + " (renamed or deleted?), and RhodeCode answers that before looking at the token");
            };
        }
        return new Verdict(Verdict.State.UNCHECKED, "server-wide, and there is no API token for " + profile.baseUrl()
                + " to ask with (add one with: vcstoken server import-rhoderc)");
    }
}
