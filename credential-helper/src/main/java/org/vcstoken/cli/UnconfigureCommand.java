package org.vcstoken.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vcstoken unconfigure}: removes exactly what configure added. */
@Command(name = "unconfigure", mixinStandardHelpOptions = true,
        description = "Undo `vcstoken configure`: removes exactly what it added. Without options: --git.")
final class UnconfigureCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = "--git", description = "remove the include line and vcstoken's git include file")
    boolean gitOption;

    UnconfigureCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        boolean changed = ConfigureCommand.gitConfigurer(ctx).unconfigure();
        ctx.out().println(changed ? "git: vcstoken configuration removed" : "git: nothing to remove");
        return 0;
    }
}
