package org.vcstoken.cli;

import java.util.concurrent.Callable;
import org.vcstoken.messages.ConfigureMessages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vcstoken unconfigure}: removes exactly what configure added. */
@Command(name = "unconfigure", mixinStandardHelpOptions = true,
        description = {"Undo vcstoken configure.",
            "",
            "Removes exactly what configure added: the include line and vcstoken's git include file, the lines it "
                + "added to ~/.hgrc, and the svn cache entries vcstoken wrote (entries you or svn wrote stay). "
                + "Without options: all three (git's part only when git is installed)."})
final class UnconfigureCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = "--git", description = "Remove the include line and vcstoken's git include file.")
    boolean gitOption;

    @Option(names = "--hg", description = "Remove the lines configure added to ~/.hgrc.")
    boolean hgOption;

    @Option(names = "--svn", description = "Delete the svn cache entries vcstoken wrote, and only those.")
    boolean svnOption;

    UnconfigureCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        boolean all = !gitOption && !hgOption && !svnOption;
        boolean ok = true;
        if (gitOption || (all && ConfigureCommand.installed(ctx, "git"))) {
            ok &= ConfigureCommand.part(ctx, "git", () -> {
                boolean changed = ConfigureCommand.gitConfigurer(ctx).unconfigure();
                ctx.out().println(ConfigureMessages.gitUnconfigured(changed));
                return true;
            });
        } else if (all) {
            ctx.out().println(ConfigureMessages.gitNotOnPathNothingToRemove());
        }
        if (hgOption || all) {
            ok &= ConfigureCommand.part(ctx, "hg", () -> {
                // Unconfigure needs no extension file: it removes only the lines marked as ours.
                var hg = new org.vcstoken.configure.HgConfigurer(ConfigureCommand.hgrc(ctx),
                        ctx.fs().getPath("vcstoken.py"), ctx.fs().getPath("git-credential-vcstoken"));
                boolean changed = hg.unconfigure();
                ctx.out().println(ConfigureMessages.hgUnconfigured(changed, ConfigureCommand.hgrc(ctx).toString()));
                return true;
            });
        }
        if (svnOption || all) {
            ok &= ConfigureCommand.part(ctx, "svn", () -> {
                var removed = SvnCommand.configuration(ctx).unconfigure();
                ctx.out().println(ConfigureMessages.svnUnconfigured(removed));
                return true;
            });
        }
        return ok ? 0 : 1;
    }
}
