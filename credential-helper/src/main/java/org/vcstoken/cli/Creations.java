package org.vcstoken.cli;

import org.vcstoken.messages.CommandMessages;
import org.vcstoken.prompt.Interaction;
import org.vcstoken.prompt.Prompter;
import org.vcstoken.prompt.Prompts;
import org.vcstoken.renew.TokenCreation;
import org.vcstoken.trace.Trace;

/** What `login` and `renew` share: a prompter (or a clear refusal) and a token creator. */
final class Creations {
    private Creations() {
    }

    static Prompter prompter(CliContext ctx, boolean nonInteractive, String what) {
        Interaction.Decision d = Prompts.interaction(ctx.env(), ctx.err()).decide(nonInteractive);
        if (d instanceof Interaction.Decision.Interactive i) {
            return i.prompter();
        }
        throw new CliException(CommandMessages.creationNeedsPrompt(what,
                ((Interaction.Decision.NonInteractive) d).reason()));
    }

    static TokenCreation creation(CliContext ctx) {
        Trace trace = ctx.trace();
        return TokenCreation.wired(ctx.store(), ctx.kinds(trace), ctx.env(), ctx.clock(), trace, ctx.err()::println);
    }
}
