package org.vcstoken.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.vcstoken.Messages;
import org.vcstoken.broker.Answer;
import org.vcstoken.request.Request;
import org.vcstoken.svn.SvnCredentials;
import org.vcstoken.svn.SvnMessages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code vcstoken svn ARGS…}: runs the real svn with the token chosen for the target repository,
 * given on svn's standard input, never in its arguments or environment. The per-repository
 * counterpart of the svn cache entry that {@code configure --svn} writes per server.
 */
@Command(name = "svn",
        description = {"Run svn with the token for the repository it works on (per-repository tokens).",
            "The target is the first http(s) URL among ARGS, else the working copy's URL.",
            "svn gets --username USER --password-from-stdin --non-interactive --no-auth-cache",
            "and the token on its standard input, never in its arguments. When the server",
            "refuses the token it is marked rejected and svn runs once more with the next",
            "one. svn's output and exit status pass through unchanged.",
            "",
            "The token takes svn's standard input, so commands that read standard input",
            "themselves (commit -F -, propset -F -) and interactive conflict resolution",
            "cannot be run this way; run them with plain svn. svn's help: vcstoken svn help"},
        synopsisHeading = "Usage: ", customSynopsis = "vcstoken svn SUBCOMMAND [ARGS...]")
final class SvnCommand implements Callable<Integer> {
    /** svn's answers when the server refused the credentials (E170013 alone is any failed connection). */
    private static final List<String> AUTH_FAILURES = List.of("E215004", "E170001");
    /** Options whose value is the next argument: that value is never the target. */
    private static final Set<String> TAKES_VALUE = Set.of("-m", "--message", "-F", "--file", "-r", "--revision",
            "-c", "--change", "-l", "--limit", "--username", "--password", "--config-dir", "--config-option",
            "--depth", "--set-depth", "--accept", "--encoding", "--editor-cmd", "--diff-cmd", "--diff3-cmd",
            "--cl", "--changelist", "--with-revprop", "--search", "--search-and", "-x", "--extensions",
            "--native-eol", "--show-item", "--targets");
    /** Arguments that already carry credentials: svn then runs exactly as asked. */
    private static final Set<String> OWN_CREDENTIALS = Set.of("--password", "--password-from-stdin");

    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    /** Everything after {@code svn}; picocli must not interpret svn's options. */
    @Unmatched
    List<String> unmatched = new ArrayList<>();

    SvnCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        List<String> args = svnArgs();
        if (args.equals(List.of("--help")) || args.equals(List.of("-h"))) {
            spec.commandLine().usage(new PrintStream(ctx.out(), true, StandardCharsets.UTF_8));
            return 0;
        }
        String svn = ctx.env().get("VCSTOKEN_SVN").orElse("svn");
        if (args.stream().anyMatch(OWN_CREDENTIALS::contains)) {
            return run(svn, args, null).exit;
        }
        String url = targetUrl(svn, args);
        if (url == null) {
            return run(svn, args, null).exit;
        }
        boolean nonInteractive = args.contains("--non-interactive");
        SvnCredentials creds = SvnCredentials.from(ctx.env(), ctx.fs(), ctx.clock(), ctx.err(), !nonInteractive);
        Request request;
        try {
            request = creds.requestFor(url);
        } catch (IllegalArgumentException e) {
            // Not a URL vcstoken can hold tokens for: svn decides what it means.
            return run(svn, args, null).exit;
        }
        Optional<Answer> first = creds.get(request);
        if (first.isEmpty()) {
            return run(svn, args, null).exit;
        }
        Run attempt = run(svn, args, first.get());
        if (!attempt.authFailed()) {
            return finish(creds, request, first.get(), attempt);
        }
        creds.reject(request, first.get());
        Optional<Answer> next = creds.get(request);
        if (next.isEmpty() || next.get().tokenId().equals(first.get().tokenId())) {
            attempt.printErr(ctx.err());
            return attempt.exit;
        }
        ctx.err().println(Messages.warning(SvnMessages.retrying(first.get().tokenId())));
        Run again = run(svn, args, next.get());
        if (again.authFailed()) {
            creds.reject(request, next.get());
        }
        return finish(creds, request, next.get(), again);
    }

    private int finish(SvnCredentials creds, Request request, Answer answer, Run run) throws Exception {
        run.printErr(ctx.err());
        if (run.exit == 0) {
            creds.approve(request, answer);
        }
        return run.exit;
    }

    /** The arguments exactly as typed after {@code svn}, including any {@code --} picocli would eat. */
    private List<String> svnArgs() {
        String[] all = spec.commandLine().getParseResult().originalArgs().toArray(String[]::new);
        for (int i = 0; i < all.length; i++) {
            if (all[i].equals(spec.name())) {
                return List.of(Arrays.copyOfRange(all, i + 1, all.length));
            }
        }
        return List.copyOf(unmatched);
    }

    /** The first http(s) URL argument (peg revision removed), else the working copy's URL, else null. */
    String targetUrl(String svn, List<String> args) throws IOException, InterruptedException {
        List<String> paths = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!optionsEnded && a.equals("--")) {
                optionsEnded = true;
                continue;
            }
            if (!optionsEnded && TAKES_VALUE.contains(a)) {
                i++;
                continue;
            }
            if (!optionsEnded && a.startsWith("-")) {
                continue;
            }
            if (a.startsWith("https://") || a.startsWith("http://")) {
                return withoutPeg(a);
            }
            if (!a.isEmpty() && Files.exists(ctx.fs().getPath(a))) {
                paths.add(a);
            }
        }
        paths.add(".");
        for (String path : paths) {
            String url = workingCopyUrl(svn, path);
            if (url != null) {
                return url;
            }
        }
        return null;
    }

    private static String withoutPeg(String url) {
        int slash = url.lastIndexOf('/');
        int at = url.lastIndexOf('@');
        return at > slash && at > url.indexOf("://") + 3 ? url.substring(0, at) : url;
    }

    /** {@code svn info --show-item url PATH}: read from the working copy alone, no network, no credentials. */
    private String workingCopyUrl(String svn, String path) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(svn, "info", "--show-item", "url", "--non-interactive", "--", path);
        pb.environment().clear();
        pb.environment().putAll(ctx.env().variables());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = startSvn(pb);
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        return p.waitFor() == 0 && (out.startsWith("https://") || out.startsWith("http://")) ? out : null;
    }

    private static Process startSvn(ProcessBuilder pb) throws IOException {
        try {
            return pb.start();
        } catch (IOException e) {
            throw new CliException(SvnMessages.svnMissing());
        }
    }

    /** One svn run: its exit status and its standard error, held back until we know whether to retry. */
    private record Run(int exit, byte[] err) {
        boolean authFailed() {
            String text = new String(err, StandardCharsets.UTF_8);
            return exit != 0 && AUTH_FAILURES.stream().anyMatch(text::contains);
        }

        void printErr(PrintStream to) {
            to.write(err, 0, err.length);
            to.flush();
        }
    }

    /**
     * Runs svn with {@code answer}'s user name and the token on standard input (or, without an
     * answer, exactly as asked, with our standard input). Standard output streams through; standard
     * error is collected, since a refused token means a second run and the first one's error is
     * then replaced by one line saying so.
     */
    private Run run(String svn, List<String> args, Answer answer) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(svn);
        if (answer != null) {
            cmd.addAll(List.of("--username", answer.username(), "--password-from-stdin", "--non-interactive",
                    "--no-auth-cache"));
        }
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().clear();
        pb.environment().putAll(ctx.env().variables());
        boolean realOut = ctx.out() == System.out;
        if (realOut) {
            pb.redirectOutput(ProcessBuilder.Redirect.INHERIT);
        }
        if (answer == null && ctx.in() == System.in) {
            pb.redirectInput(ProcessBuilder.Redirect.INHERIT);
        }
        if (answer == null && ctx.err() == System.err) {
            // Nothing to retry: svn's errors and prompts go straight to the terminal.
            pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        }
        Process p = startSvn(pb);
        CompletableFuture<Void> out = realOut ? CompletableFuture.completedFuture(null)
                : CompletableFuture.runAsync(() -> copy(p.getInputStream(), ctx.out()));
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        CompletableFuture<Void> err = pb.redirectError() == ProcessBuilder.Redirect.INHERIT
                ? CompletableFuture.completedFuture(null)
                : CompletableFuture.runAsync(() -> copy(p.getErrorStream(), errBytes));
        IOException inputFailed = null;
        try (OutputStream in = p.getOutputStream()) {
            if (answer != null) {
                in.write((answer.secret().reveal() + "\n").getBytes(StandardCharsets.UTF_8));
            } else if (ctx.in() != System.in) {
                ctx.in().transferTo(in);
            }
        } catch (IOException e) {
            inputFailed = e;
        }
        int exit = p.waitFor();
        out.join();
        err.join();
        if (inputFailed != null && exit == 0) {
            // svn stopped reading its input yet reports success: something is off, say so. When it
            // failed, its own message (a usage error, say) explains why it stopped reading.
            throw inputFailed;
        }
        return new Run(exit, errBytes.toByteArray());
    }

    /** What {@code configure --svn} and {@code unconfigure --svn} use. */
    static org.vcstoken.svn.SvnConfiguration configuration(CliContext ctx) {
        var trace = org.vcstoken.trace.Trace.fromEnvironment(ctx.env(), ctx.fs(), ctx.err(), ctx.clock());
        var http = new org.vcstoken.server.HttpTransport(org.vcstoken.server.HttpTransport.DEFAULT_CONNECT_TIMEOUT,
                org.vcstoken.server.HttpTransport.DEFAULT_REQUEST_TIMEOUT, trace);
        var service = org.vcstoken.broker.CredentialService.from(ctx.env(), ctx.fs(), ctx.clock(), ctx.err(), true);
        return new org.vcstoken.svn.SvnConfiguration(ctx.store(), ctx.clock(), new org.vcstoken.svn.SvnRealms(http),
                service, ctx.out(), ctx.err());
    }

    /** svn's configuration directory: {@code ~/.subversion}, where svn looks without {@code --config-dir}. */
    static java.nio.file.Path svnConfigDir(CliContext ctx) {
        return ctx.fs().getPath(ctx.env().get("HOME").orElse(System.getProperty("user.home")), ".subversion");
    }

    private static void copy(InputStream from, OutputStream to) {
        try (from) {
            from.transferTo(to);
            to.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
