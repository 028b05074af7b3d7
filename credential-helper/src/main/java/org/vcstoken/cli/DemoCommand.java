package org.vcstoken.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.vcstoken.messages.DemoMessages;
import org.vcstoken.messages.Messages;
import org.vcstoken.process.Programs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vcstoken demo}: a first look on a fresh machine. Starts the installed sandbox in a
 * temporary directory and narrates, with the real git (and hg when installed), what vcstoken does:
 * token choice, revocation, expiry with the fallback; {@code --flavor gitlab|forgejo} picks another
 * forge's imitation and its own list of steps. Every child runs with a throw-away HOME,
 * GIT_CONFIG_GLOBAL and VCSTOKEN_HOME, so nothing of the user's is read or written; the sandbox is
 * stopped and the directory deleted whatever happens. Each step checks its outcome, not only exit
 * codes, so exit status 0 means every step really happened.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Show vcstoken at work against a local sandbox server.",
            "",
            "The demo starts vcstoken-sandbox, a RhodeCode-compatible server (or, with --flavor, an imitation of "
                + "GitLab or Forgejo), and runs the real git (hg and svn too when they are installed) in a temporary "
                + "directory with a throw-away HOME, narrating each step: your files and your tokens are not touched.",
            "",
            "With --flavor gitlab it shows the API token, a project access token made on first use with nobody "
                + "asked, a revoked one replaced, and rotation before expiry (and Heptapod's hg when hg is installed). "
                + "With --flavor forgejo it shows first use, where your password makes a token once, and renewal that "
                + "deletes the old token on the server.",
            "",
            "It needs the installed vcstoken (install/install.sh) and git."},
        footerHeading = HelpLayout.EXIT_STATUS,
        footer = {"  0  every step happened as shown",
            "  1  a step failed (the output says which)"})
final class DemoCommand implements Callable<Integer> {
    /** The forges the sandbox imitates for the demo, each with its list of steps. */
    static final Map<String, Supplier<List<DemoStep>>> FLAVORS = flavors();

    private final CliContext ctx;

    @Option(names = "--flavor", paramLabel = "NAME", defaultValue = "rhodecode", completionCandidates = Flavors.class,
            description = "Which forge the sandbox imitates, one of: ${COMPLETION-CANDIDATES} (default: rhodecode).")
    String flavor;

    /** The names of {@link #FLAVORS}, for help and completion. */
    static final class Flavors implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return FLAVORS.keySet().iterator();
        }
    }

    private static Map<String, Supplier<List<DemoStep>>> flavors() {
        Map<String, Supplier<List<DemoStep>>> m = new LinkedHashMap<>();
        m.put("rhodecode", RhodecodeDemo::steps);
        m.put("gitlab", GitLabDemo::steps);
        m.put("forgejo", ForgejoDemo::steps);
        return Collections.unmodifiableMap(m);
    }

    DemoCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws IOException {
        Supplier<List<DemoStep>> steps = FLAVORS.get(flavor);
        if (steps == null) {
            List<String> names = List.copyOf(FLAVORS.keySet());
            throw new CliException(DemoMessages.unknownFlavor(flavor, names));
        }
        Path prefix = ctx.fs().getPath(ctx.env().get("VCSTOKEN_PREFIX").orElseThrow(() -> new CliException(
                DemoMessages.notInstalled())));
        Path sandboxLauncher = prefix.resolve("bin/vcstoken-sandbox");
        if (!Files.isExecutable(sandboxLauncher)) {
            throw new CliException(DemoMessages.sandboxMissing(sandboxLauncher));
        }
        if (!new Programs(ctx.env().variables()).find("git").isPresent()) {
            throw new CliException(Messages.gitMissing());
        }
        return run(prefix, steps.get());
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
                    ctx.out().println(DemoMessages.stepSkipped(s.name(), skip.get()));
                    continue;
                }
                step++;
                ctx.out().println();
                ctx.out().println("==> " + step + ". " + s.shows().apply(demo));
                ctx.out().flush();
                s.body().run(demo);
                ctx.out().println(DemoMessages.stepOk());
                ctx.out().flush();
            }
            demo.close();
            ctx.out().println();
            ctx.out().println(DemoMessages.allOk(step, tmp));
            return 0;
        } catch (DemoStep.Failed | IOException e) {
            // An I/O failure (a child that cannot start, the sandbox refusing a call) fails the step too.
            ctx.out().println(DemoMessages.stepFailed());
            ctx.err().println(Messages.error(DemoMessages.failedStep(step, e.getMessage())));
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
