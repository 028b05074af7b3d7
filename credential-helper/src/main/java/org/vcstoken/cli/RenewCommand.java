package org.vcstoken.cli;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vcstoken.messages.CommandMessages;
import org.vcstoken.messages.Messages;
import org.vcstoken.prompt.PromptException;
import org.vcstoken.prompt.Prompter;
import org.vcstoken.renew.Fallback;
import org.vcstoken.renew.TokenCreation;
import org.vcstoken.request.ParsedUrl;
import org.vcstoken.select.ExpiryPolicy;
import org.vcstoken.server.ServerException;
import org.vcstoken.token.Role;
import java.util.Optional;
import org.vcstoken.server.VcsType;
import org.vcstoken.store.FileLocks;
import org.vcstoken.store.StoreData;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vcstoken renew [URL]}: replace tokens now, before they expire. */
@Command(name = "renew", mixinStandardHelpOptions = true,
        description = {"Replace tokens with new ones now.",
            "",
            "Without URL: every token that is expiring, expired or rejected. With a server URL: every token of that "
                + "server. With a repository URL: that repository's tokens, or the server-wide ones when it has none "
                + "of its own.",
            "",
            "Each token is rotated on the server where its family can, else created with a stored API token, else "
                + "created with you as vcstoken login does (an API token is pasted anew). Once the new token works "
                + "and is stored, the old one is deleted on the server where vcstoken can, and dropped from the "
                + "store; one that stays valid there is kept as retired, with a warning saying where to delete it.",
            "",
            "A git command that needs the same token meanwhile waits for the renewal instead of making a second one."},
        footerHeading = HelpLayout.EXAMPLES,
        footer = {"  vcstoken renew",
            "  vcstoken renew https://code.example.com/group/repo",
            "",
            "Exit status:",
            "  0  every token was renewed, or none was due",
            "  1  a token could not be renewed (the line says why)"})
final class RenewCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(index = "0", arity = "0..1", paramLabel = "URL",
            description = "Renew only the tokens of this server or repository.")
    String url;

    @Option(names = "--guided", description = "Create the new tokens yourself on the server's token page and paste "
            + "them, without rotating or using an API token.")
    boolean guided;

    RenewCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        StoreData data = ctx.store().read();
        Instant now = ctx.clock().instant();
        List<Token> due = new ArrayList<>();
        ParsedUrl parsed = url == null ? null : TokenCommand.parseUrl(url);
        for (Token t : data.tokens()) {
            if (!t.role().opensRepositories() && t.role() != Role.API) {
                continue;
            }
            if (t.state().retired() != null) {
                continue; // replaced already; only deleting it on the server is left
            }
            ServerProfile p = data.server(t.server()).orElse(null);
            if (p == null) {
                continue;
            }
            if (parsed != null) {
                var target = data.serverFor(parsed.origin(), parsed.path());
                String repo = target.map(s -> s.repoFor(parsed.path())).orElse(null);
                if (target.isEmpty() || !target.get().baseUrl().equals(t.server())
                        || (!repo.isEmpty() && (t.role() == Role.API || (!repo.equals(t.scope())
                            && !(t.isServerWide() && !hasRepoToken(data, t.server(), repo)))))) {
                    continue;
                }
            } else if (!(t.isRejected() || t.isExpiredAt(now) || ExpiryPolicy.expiresSoon(t, p, now))) {
                continue;
            }
            due.add(t);
        }
        if (due.isEmpty()) {
            ctx.out().println(CommandMessages.nothingToRenew(url));
            return 0;
        }
        TokenCreation creation = Creations.creation(ctx);
        Prompter prompter = null; // asked for only when a path needs a person: rotation needs none
        int failed = 0;
        for (Token old : due) {
            ServerProfile p = data.server(old.server()).orElseThrow();
            String where = old.scope() == null ? "" : old.scope();
            // The lock git's fallback takes too: a git command needing the same token at the same
            // moment waits for this renewal instead of making a second token.
            try (FileLocks.Held held = Fallback.creationLock(
                    ctx.paths().dataDir(), p.baseUrl(), old.username(), old.scope(), lock -> ctx.err().println(
                            Messages.warning(Messages.waitingForCreator(p.baseUrl(), where))))) {
                if (held == null) {
                    failed++;
                    ctx.err().println(Messages.error(Messages.creatorTimedOut(p.baseUrl(), where)));
                    continue;
                }
                Optional<Token> current = ctx.store().read().token(old.id());
                if (current.isEmpty() || !current.get().secret().matches(old.secret().reveal())) {
                    ctx.out().println(CommandMessages.replacedMeanwhile(old.id()));
                    continue;
                }
                Token t;
                if (old.role() == Role.API) {
                    Optional<Token> rotated = guided ? Optional.empty() : creation.rotate(p, old);
                    if (rotated.isPresent()) {
                        t = rotated.get();
                    } else {
                        prompter = prompter != null ? prompter : Creations.prompter(ctx, false, "vcstoken renew");
                        t = creation.createApiToken(p, old.username(), prompter);
                    }
                } else {
                    var target = new TokenCreation.Target(p, where, old.username(), old.scope(), VcsType.GIT, old);
                    Optional<Token> unattended = guided ? Optional.empty() : creation.unattended(target);
                    if (unattended.isPresent()) {
                        t = unattended.get();
                    } else {
                        prompter = prompter != null ? prompter : Creations.prompter(ctx, false, "vcstoken renew");
                        t = creation.create(target, prompter, guided ? TokenCreation.Mode.GUIDED
                                : TokenCreation.Mode.ASK);
                    }
                }
                ctx.out().println(CommandMessages.renewed(old.id(), t.id().equals(old.id()) ? null : t.id(),
                        t.expires()));
            } catch (PromptException | ServerException | IOException e) {
                failed++;
                ctx.err().println(Messages.error(CommandMessages.renewFailed(old.id(), e.getMessage())));
            } catch (CliException e) {
                failed++;
                ctx.err().println(Messages.error(CommandMessages.renewFailed(old.id(), e.getMessage())));
            }
        }
        return failed == 0 ? 0 : 1;
    }

    /**
     * Whether a token scoped to {@code repo} serves it; without one, the server-wide tokens are the
     * ones a repository URL renews (on RhodeCode CE every token is server-wide).
     */
    private static boolean hasRepoToken(StoreData data, String server, String repo) {
        for (Token t : data.tokens()) {
            if (t.server().equals(server) && repo.equals(t.scope()) && t.role().opensRepositories()) {
                return true;
            }
        }
        return false;
    }
}
