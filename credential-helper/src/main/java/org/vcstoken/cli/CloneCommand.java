package org.vcstoken.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.TextProgressMonitor;
import org.vcstoken.messages.CommandMessages;
import org.vcstoken.messages.Messages;
import org.vcstoken.service.CredentialService;
import org.vcstoken.jgit.GitEnvironment;
import org.vcstoken.jgit.VcstokenCredentialsProvider;
import org.vcstoken.jgit.VcstokenStoreFailure;
import org.vcstoken.request.ParsedUrl;
import org.vcstoken.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vcstoken clone}: clones over HTTP(S) with JGit and vcstoken's tokens, so a CI image needs
 * no git binary and no credential configuration. Exit codes let a pipeline tell an authentication
 * problem from a missing repository or a network fault.
 */
@Command(name = "clone", mixinStandardHelpOptions = true,
        description = {"Clone a git repository with JGit and vcstoken's tokens.",
            "",
            "No git binary is needed: JGit clones with the token vcstoken picks for the repository, as it "
                + "would for git. Progress goes to stderr. When a token has to be created you are asked "
                + "as git's helper would ask, except with CI=true or --non-interactive: then a missing token fails "
                + "the clone at once, with a line saying what to set."},
        footerHeading = HelpLayout.EXAMPLES,
        footer = {"  vcstoken clone https://code.example.com/group/repo",
            "  vcstoken clone \"$VCSTOKEN_URL\" src --branch main --depth 1",
            "",
            "Exit status:",
            "  0  cloned",
            "  1  anything else: bad arguments, destination not empty, store unusable",
            "  3  authentication: no usable token (the line says what to set), or refused",
            "  4  repository or branch not found",
            "  5  network: unknown host, connection refused or timed out"})
final class CloneCommand implements Callable<Integer> {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int AUTH = 3;
    static final int NOT_FOUND = 4;
    static final int NETWORK = 5;

    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "URL", description = "The repository's URL, https://host/group/repo.")
    String url;

    @Parameters(index = "1", arity = "0..1", paramLabel = "DIR",
            description = "Where to clone to, a new or empty directory (default: the repository's name).")
    String dir;

    @Option(names = {"-b", "--branch"}, paramLabel = "B",
            description = "Check out this branch (default: the remote's HEAD).")
    String branch;

    @Option(names = "--depth", paramLabel = "N", description = "Fetch only the last N commits.")
    Integer depth;

    @Option(names = "--non-interactive", description = "Never ask anything, even at a terminal.")
    boolean nonInteractive;

    @Option(names = {"-q", "--quiet"},
            description = "Show no progress (the server is asked not to send any either).")
    boolean quiet;

    CloneCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ParsedUrl parsed = ParsedUrl.parse(url);
        if (parsed.hadPassword()) {
            throw new CliException(Messages.passwordInUrl());
        }
        if (depth != null && depth < 1) {
            throw new CliException(CommandMessages.depthTooSmall(depth));
        }
        if (parsed.path().isEmpty()) {
            throw new CliException(CommandMessages.cloneUrlNamesNoRepository());
        }
        Path target = ctx.fs().getPath(dir != null ? dir : defaultDirectory(parsed.path())).toAbsolutePath();
        if (!isEmptyOrMissing(target)) {
            throw new CliException(CommandMessages.cloneDestinationTaken(target));
        }
        boolean interactive = !nonInteractive && !ctx.env().isTrue("CI");
        // Only the flag is passed on: the broker finds CI=true itself, so a refusal names what was set.
        CredentialService service = CredentialService.from(ctx.env(), ctx.fs(), ctx.clock(), ctx.err(), !nonInteractive);
        VcstokenCredentialsProvider tokens = new VcstokenCredentialsProvider(service, interactive);
        var clone = Git.cloneRepository().setURI(url).setDirectory(target.toFile()).setCredentialsProvider(tokens)
                .setProgressMonitor(quiet ? NullProgressMonitor.INSTANCE : progress(ctx.err()));
        if (branch != null) {
            clone.setBranch(branch);
        }
        if (depth != null) {
            clone.setDepth(depth);
        }
        try (GitEnvironment.Installed jgitReads = GitEnvironment.install(ctx.env(), ctx.fs(), target)) {
            clone.call().close();
            tokens.approveAll();
            ctx.out().println(CommandMessages.cloned(url, target));
            return OK;
        } catch (GitAPIException | RuntimeException e) {
            if (e instanceof VcstokenStoreFailure failure) {
                ctx.err().println(Messages.error(failure.getMessage()));
                return FAILED;
            }
            return failed(e);
        } catch (StoreException e) {
            // The clone is there; only recording that the token worked failed.
            ctx.err().println(Messages.warning(CommandMessages.clonedUnconfirmed(e.getMessage())));
            return OK;
        }
    }

    private int failed(Exception e) {
        org.vcstoken.trace.Trace.stackTraceIfRequested(ctx.env(), ctx.err(), e);
        int code = classify(e);
        String what = switch (code) {
            case AUTH -> CommandMessages.cloneAuthFailed();
            case NOT_FOUND -> CommandMessages.cloneNotFound(branch);
            case NETWORK -> CommandMessages.cloneUnreachable();
            default -> CommandMessages.cloneFailedOtherwise();
        };
        ctx.err().println(Messages.error(CommandMessages.cloneFailed(url, what, reason(e))));
        return code;
    }

    /** Exit code for a JGit failure, from the exception types and messages along its cause chain. */
    static int classify(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.eclipse.jgit.errors.NoRemoteRepositoryException
                    || t instanceof org.eclipse.jgit.api.errors.InvalidRemoteException) {
                return NOT_FOUND;
            }
            if (t instanceof java.net.UnknownHostException || t instanceof java.net.ConnectException
                    || t instanceof java.net.SocketTimeoutException || t instanceof java.net.NoRouteToHostException) {
                return NETWORK;
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (m.contains("not authorized") || m.contains("authentication") || m.contains("401")
                    || m.contains("403") || m.contains("forbidden")) {
                return AUTH;
            }
            if (m.contains("not found") || m.contains("404")) {
                return NOT_FOUND;
            }
            if (m.contains("connection refused") || m.contains("unknownhost") || m.contains("timed out")
                    || m.contains("connection reset")) {
                return NETWORK;
            }
        }
        return FAILED;
    }

    /** The innermost message: JGit's outer ones repeat it with less detail. */
    private static String reason(Throwable e) {
        String message = e.getMessage();
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return message == null ? e.getClass().getSimpleName() : message.strip().replace('\n', ' ');
    }

    static String defaultDirectory(String path) {
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.endsWith(".git") ? last.substring(0, last.length() - 4) : last;
    }

    private static boolean isEmptyOrMissing(Path p) {
        if (!Files.exists(p)) {
            return true;
        }
        if (!Files.isDirectory(p)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(p)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /** JGit's live display on a terminal; one line per finished phase otherwise (CI logs). */
    private static ProgressMonitor progress(PrintStream err) {
        if (System.console() != null) {
            return new TextProgressMonitor(new OutputStreamWriter(err, StandardCharsets.UTF_8));
        }
        return new PlainProgress(err);
    }

    /** A progress monitor that prints a line when a phase ends, never carriage returns. */
    static final class PlainProgress implements ProgressMonitor {
        private final PrintStream err;
        private String task;
        private int done;

        PlainProgress(PrintStream err) {
            this.err = err;
        }

        @Override
        public void start(int totalTasks) {
        }

        @Override
        public void beginTask(String title, int totalWork) {
            task = title;
            done = 0;
        }

        @Override
        public void update(int completed) {
            done += completed;
        }

        @Override
        public void endTask() {
            if (task != null) {
                err.println(CommandMessages.progressDone(task, done));
                task = null;
            }
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public void showDuration(boolean enabled) {
        }
    }
}
