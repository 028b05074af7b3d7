package org.vcstoken.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.vcstoken.Messages;
import org.vcstoken.process.Programs;
import picocli.CommandLine.Command;

/**
 * {@code vcstoken demo}: a first look on a fresh machine. Starts the installed sandbox in a
 * temporary directory and narrates, with the real git (and hg when installed), what vcstoken does:
 * token choice, revocation, expiry with the fallback. Every child runs with a throw-away HOME,
 * GIT_CONFIG_GLOBAL and VCSTOKEN_HOME, so nothing of the user's is read or written; the sandbox is
 * stopped and the directory deleted whatever happens. Each step checks its outcome, not only exit
 * codes, so exit status 0 means every step really happened.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Show vcstoken at work against a local sandbox server.",
            "",
            "The demo starts vcstoken-sandbox, a RhodeCode-compatible server, and runs the real git (hg and svn too "
                + "when they are installed) in a temporary directory with a throw-away HOME, narrating each step: "
                + "your files and your tokens are not touched.",
            "",
            "It needs the installed vcstoken (install/install.sh) and git."},
        footerHeading = HelpLayout.EXIT_STATUS,
        footer = {"  0  every step happened as shown",
            "  1  a step failed (the output says which)"})
final class DemoCommand implements Callable<Integer> {
    private final CliContext ctx;

    DemoCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws IOException {
        Path prefix = ctx.fs().getPath(ctx.env().get("VCSTOKEN_PREFIX").orElseThrow(() -> new CliException(
                "the demo runs the installed programs: install with install/install.sh --prefix DIR, then run DIR/bin/vcstoken demo")));
        Path sandboxLauncher = prefix.resolve("bin/vcstoken-sandbox");
        if (!Files.isExecutable(sandboxLauncher)) {
            throw new CliException(sandboxLauncher + " is missing; reinstall with install/install.sh (it installs the "
                    + "sandbox when sandbox/target holds its jar)");
        }
        if (!new Programs(ctx.env().variables()).find("git").isPresent()) {
            throw new CliException(Messages.gitMissing());
        }
        return run(prefix, RhodecodeDemo.steps());
    }

    /**
     * Runs {@code steps} in a new temporary directory: numbers each that runs, says why each
     * skipped one is, prints {@code ok} after each and stops at the first that fails. The sandbox
     * is stopped and the directory deleted whatever happens, Ctrl-C included.
     *
     * @return 0 when every step that ran happened as shown, 1 otherwise
     */
    int run(Path prefix, List<DemoStep> steps) throws IOException {
        Path tmp = Files.createTempDirectory("vcstoken-demo-");
        DemoRun demo = new DemoRun(ctx, prefix, tmp);
        Thread cleanup = new Thread(demo::close, "vcstoken-demo-cleanup");
        // Ctrl-C must not leave a sandbox (and its hg and Apache children) running.
        Runtime.getRuntime().addShutdownHook(cleanup);
        int step = 0;
        try {
            for (DemoStep s : steps) {
                Optional<String> skip = s.skip().why(demo);
                if (skip.isPresent()) {
                    ctx.out().println();
                    ctx.out().println("==> " + s.name() + ": skipped (" + skip.get() + ")");
                    continue;
                }
                step++;
                ctx.out().println();
                ctx.out().println("==> " + step + ". " + s.shows().apply(demo));
                ctx.out().flush();
                s.body().run(demo);
                ctx.out().println("    ok");
                ctx.out().flush();
            }
            demo.close();
            ctx.out().println();
            ctx.out().println("demo: all " + step + " steps ok; the sandbox is stopped and " + tmp + " removed");
            return 0;
        } catch (DemoStep.Failed | IOException e) {
            // An I/O failure (a child that cannot start, the sandbox refusing a call) fails the step too.
            ctx.out().println("    FAILED");
            ctx.err().println(Messages.error("demo step " + step + " failed: " + e.getMessage()));
            demo.showSandboxLog();
            return 1;
        } finally {
            demo.close();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook runs (and close() is idempotent).
            }
        }
    }
}
