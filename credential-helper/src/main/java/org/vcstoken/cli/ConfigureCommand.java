package org.vcstoken.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vcstoken.configure.GitConfigurer;
import org.vcstoken.store.StoreData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vcstoken configure}: enables the front doors for every server profile. */
@Command(name = "configure", mixinStandardHelpOptions = true,
        description = {"Enable vcstoken for every server profile. Idempotent; keeps other helpers and settings;",
            "`vcstoken unconfigure` undoes exactly what it did. Without options: --git."})
final class ConfigureCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = "--git", description = "git: helper and useHttpPath per server, via one include file")
    boolean gitOption;

    ConfigureCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        StoreData data = ctx.store().read();
        if (data.servers().isEmpty()) {
            ctx.err().println(org.vcstoken.Messages.warning("no server profiles yet; add one with: vcstoken server add URL"
                    + " --user NAME (then run configure again)"));
        }
        var outcome = gitConfigurer(ctx).configure(data.servers());
        for (String s : outcome.servers()) {
            ctx.out().println("git: " + s + " uses git-credential-vcstoken (useHttpPath on)");
        }
        ctx.out().println("git: " + (outcome.includeAdded() || outcome.fileChanged() ? "configured" : "already configured")
                + " through " + includeFile(ctx));
        return 0;
    }

    static Path includeFile(CliContext ctx) {
        return ctx.paths().configDir().resolve("gitconfig");
    }

    static GitConfigurer gitConfigurer(CliContext ctx) {
        String helper = ctx.env().get("VCSTOKEN_GIT_HELPER").orElse("vcstoken");
        return new GitConfigurer(includeFile(ctx), helper, ctx.env().variables());
    }
}
