package org.vcstoken.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vcstoken.configure.GitConfigurer;
import org.vcstoken.configure.HgConfigurer;
import org.vcstoken.messages.CommandMessages;
import org.vcstoken.messages.ConfigureMessages;
import org.vcstoken.messages.Messages;
import org.vcstoken.process.Programs;
import org.vcstoken.store.StoreData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vcstoken configure}: enables the front doors for every server profile. */
@Command(name = "configure", mixinStandardHelpOptions = true,
        description = {"Enable vcstoken for every server profile.",
            "",
            "git: vcstoken writes one file it owns (gitconfig in its config directory) and adds a single include.path "
                + "line to your global git configuration. For each server the file resets git's helper list, adds "
                + "vcstoken's helper and turns on useHttpPath, so that git names the repository it wants and tokens "
                + "limited to a repository can be used.",
            "",
            "hg: vcstoken's extension is enabled in ~/.hgrc. svn: each server's server-wide token is cached where svn "
                + "looks (~/.subversion), and vcstoken keeps that entry in step with the store.",
            "",
            "Without options: each of git, hg and svn that is installed. Run it again after adding a server; nothing "
                + "else in your configuration changes, and vcstoken unconfigure removes exactly what it added."},
        footerHeading = HelpLayout.EXAMPLES,
        footer = {"  vcstoken configure",
            "  vcstoken configure --svn --svn-url https://code.example.com/group/repo"})
final class ConfigureCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = "--git", description = "Make git ask vcstoken for every server profile.")
    boolean gitOption;

    @Option(names = "--hg", description = "Enable vcstoken's Mercurial extension in ~/.hgrc.")
    boolean hgOption;

    @Option(names = "--svn", description = "Cache each server's server-wide token in svn's own password cache "
            + "(~/.subversion).")
    boolean svnOption;

    @Option(names = "--svn-url", paramLabel = "URL",
            description = "An svn repository URL to learn its server's realm from, for a server that asks for "
                    + "credentials only on repositories (implies --svn; repeatable).")
    java.util.List<String> svnUrls = new java.util.ArrayList<>();

    ConfigureCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        boolean svn = svnOption || !svnUrls.isEmpty();
        boolean all = !gitOption && !hgOption && !svn;
        // Without options each tool that is installed; a failure in one part is reported and the
        // others still run.
        boolean ok = true;
        if (gitOption || (all && installed(ctx, "git"))) {
            ok &= part(ctx, "git", this::configureGit);
        } else if (all) {
            ctx.out().println(ConfigureMessages.gitNotOnPathSkipped());
        }
        if (hgOption || (all && installed(ctx, "hg"))) {
            ok &= part(ctx, "hg", () -> {
                HgConfigurer hg = hgConfigurer(ctx);
                boolean changed = hg.configure();
                ctx.out().println(ConfigureMessages.hgConfigured(changed, hgrc(ctx).toString()));
                return true;
            });
        }
        if (svn || (all && installed(ctx, "svn"))) {
            ok &= part(ctx, "svn",
                    () -> SvnCommand.configuration(ctx).configure(SvnCommand.svnConfigDir(ctx), svnUrls));
        }
        return ok ? 0 : 1;
    }

    /** One tool's part of configure or unconfigure: true when it succeeded. */
    @FunctionalInterface
    interface Part {
        boolean run() throws Exception;
    }

    /** Runs a part; its failure is one error line naming the tool, and the other parts go on. */
    static boolean part(CliContext ctx, String tool, Part part) throws Exception {
        try {
            return part.run();
        } catch (CliException | java.io.IOException | java.io.UncheckedIOException | org.vcstoken.store.StoreException
                | HgConfigurer.ForeignEntry e) {
            ctx.err().println(Messages.error(tool + ": " + e.getMessage() + why(e.getCause())));
            return false;
        }
    }

    /** " (permission denied)" and the like, for a message that names only the file; else "". */
    private static String why(Throwable cause) {
        if (cause instanceof java.nio.file.AccessDeniedException) {
            return ConfigureMessages.becausePermissionDenied();
        }
        if (cause instanceof java.nio.file.NoSuchFileException) {
            return ConfigureMessages.becauseNoSuchFile(cause.getMessage());
        }
        if (cause instanceof java.nio.file.FileSystemException f) {
            return f.getReason() == null ? "" : ConfigureMessages.because(f.getReason());
        }
        // Other I/O errors carry the system's words ("Is a directory"), no file contents.
        return cause instanceof java.io.IOException && cause.getMessage() != null
                ? ConfigureMessages.because(cause.getMessage()) : "";
    }

    private boolean configureGit() throws Exception {
        StoreData data = ctx.store().read();
        if (data.servers().isEmpty()) {
            ctx.err().println(Messages.warning(CommandMessages.noServerProfilesYet()));
        }
        var outcome = gitConfigurer(ctx).configure(data.servers());
        for (String s : outcome.servers()) {
            ctx.out().println(ConfigureMessages.gitServerConfigured(s));
        }
        if (outcome.movedIn() != null) {
            ctx.out().println(ConfigureMessages.gitIncludeMoved(String.valueOf(outcome.movedIn())));
        }
        ctx.out().println(ConfigureMessages.gitConfigured(outcome.includeAdded() || outcome.fileChanged()
                || outcome.movedIn() != null, String.valueOf(includeFile(ctx))));
        return true;
    }

    static Path hgrc(CliContext ctx) {
        return ctx.fs().getPath(ctx.env().get("HOME").orElse(System.getProperty("user.home")), ".hgrc");
    }

    /** The extension file installed beside the launchers (install.sh puts it under PREFIX/share). */
    static HgConfigurer hgConfigurer(CliContext ctx) {
        Path extension = ctx.env().get("VCSTOKEN_HG_EXTENSION").map(ctx.fs()::getPath)
                .orElseGet(() -> ctx.fs().getPath(ctx.env().get("VCSTOKEN_PREFIX").orElseThrow(() -> new CliException(
                        ConfigureMessages.hgExtensionNotFound())), "share", "vcstoken", "hg", "vcstoken.py"));
        if (!Files.isRegularFile(extension)) {
            throw new CliException(ConfigureMessages.hgExtensionMissing(extension.toString()));
        }
        Path helper = ctx.fs().getPath(ctx.env().get("VCSTOKEN_GIT_HELPER").orElse("git-credential-vcstoken"));
        return new HgConfigurer(hgrc(ctx), extension, helper);
    }

    static boolean installed(CliContext ctx, String tool) {
        return new Programs(ctx.env().variables()).find(tool).isPresent();
    }

    static Path includeFile(CliContext ctx) {
        return ctx.paths().configDir().resolve("gitconfig");
    }

    static GitConfigurer gitConfigurer(CliContext ctx) {
        String helper = ctx.env().get("VCSTOKEN_GIT_HELPER").orElse("vcstoken");
        return new GitConfigurer(includeFile(ctx), helper, ctx.env().variables());
    }
}
