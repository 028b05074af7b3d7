package org.vcstoken.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.vcstoken.messages.Messages;
import org.vcstoken.broker.Answer;
import org.vcstoken.process.Invocation;
import org.vcstoken.process.ProcessException;
import org.vcstoken.process.Programs;
import org.vcstoken.process.Result;
import org.vcstoken.request.Request;
import org.vcstoken.server.HttpTransport;
import org.vcstoken.server.ProbeResult;
import org.vcstoken.server.ServerException;
import org.vcstoken.server.VcsType;
import org.vcstoken.store.StoreException;
import org.vcstoken.svn.PrivateSvnConfig;
import org.vcstoken.svn.SvnAuthSync;
import org.vcstoken.service.SvnCredentials;
import org.vcstoken.messages.SvnMessages;
import org.vcstoken.svn.SvnRealms;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.trace.Trace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code vcstoken svn ARGS…}: runs the real svn with the token chosen for the target repository,
 * filed under that server's realm in a private copy of the user's svn configuration, never in
 * svn's arguments or environment. The per-repository counterpart of the svn cache entry that
 * {@code configure --svn} writes per server.
 */
@Command(name = "svn",
        description = {"Run svn with the token for the repository it works on.",
            "",
            "svn's own password cache holds one token per server (vcstoken configure --svn), so tokens limited to "
                + "one repository need this wrapper. The target is the first http(s) URL among ARGS, else the "
                + "working copy's URL.",
            "",
            "svn runs with --config-dir set to a private copy of ~/.subversion in which the token is cached for the "
                + "target server's realm only, and with --non-interactive --no-auth-cache: the token goes to that "
                + "server and no other (not to the host of an svn:externals definition, nor to a relocation target), "
                + "and never in svn's arguments. When the token's own server refuses it, it is marked rejected and "
                + "svn runs once more with the next one. svn's input, output and exit status pass through unchanged.",
            "",
            "With --username, --password, --password-from-stdin or --config-dir of your own, svn runs exactly as "
                + "given. svn's own help: vcstoken svn help."},
        footerHeading = HelpLayout.EXAMPLES,
        footer = {"  vcstoken svn checkout https://code.example.com/group/repo/trunk repo",
            "  cd repo && vcstoken svn commit -m \"change\""},
        synopsisHeading = "Usage: ", customSynopsis = "vcstoken svn SUBCOMMAND [ARGS...]")
final class SvnCommand implements Callable<Integer> {
    /** svn info reads the working copy only; it has no reason to take long. */
    private static final java.time.Duration SVN_INFO_TIMEOUT = java.time.Duration.ofSeconds(60);
    /** svn's answers when the server refused the credentials (E170013 alone is any failed connection). */
    private static final List<String> AUTH_FAILURES = List.of("E215004", "E170001");
    /** Options whose value is the next argument: that value is never the target. */
    private static final Set<String> TAKES_VALUE = Set.of("-m", "--message", "-F", "--file", "-r", "--revision",
            "-c", "--change", "-l", "--limit", "--username", "--password", "--config-dir", "--config-option",
            "--depth", "--set-depth", "--accept", "--encoding", "--editor-cmd", "--diff-cmd", "--diff3-cmd",
            "--cl", "--changelist", "--with-revprop", "--search", "--search-and", "-x", "--extensions",
            "--native-eol", "--show-item", "--targets", "--show-revs", "--strip", "--trust-server-cert-failures");
    /** Short options that take a value; in a group ({@code -qm MSG}) only the last may. */
    private static final String SHORT_WITH_VALUE = "mFrclx";
    /**
     * Arguments that bring credentials or a configuration of their own: svn then runs exactly as
     * asked (also in their {@code --option=value} form).
     */
    private static final Set<String> OWN_CREDENTIALS = Set.of("--username", "--password", "--password-from-stdin",
            "--config-dir");

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
        if (args.stream().anyMatch(a -> OWN_CREDENTIALS.contains(a.contains("=") ? a.substring(0, a.indexOf('=')) : a))) {
            return runPlain(svn, args).exit;
        }
        String url = targetUrl(svn, args);
        if (url == null) {
            return runPlain(svn, args).exit;
        }
        boolean nonInteractive = args.contains("--non-interactive");
        SvnCredentials creds = SvnCredentials.from(ctx.env(), ctx.fs(), ctx.clock(), ctx.err(), !nonInteractive);
        Request request;
        try {
            request = creds.requestFor(url);
        } catch (IllegalArgumentException e) {
            // Not a URL vcstoken can hold tokens for: svn decides what it means.
            return runPlain(svn, args).exit;
        }
        Optional<Answer> first = creds.get(request);
        if (first.isEmpty()) {
            return runPlain(svn, args).exit;
        }
        Realm known = realmFor(url, request);
        if (known == null) {
            return runPlain(svn, args).exit;
        }
        String realm = known.realm();
        Run attempt = run(svn, args, first.get(), realm);
        if (attempt.authFailed() && known.recorded() != null) {
            // svn found no password for the realm it was asked for: the server may announce another
            // one now. Only then is it asked (one request), and what it says is recorded.
            String fresh = relearn(url, known);
            if (fresh != null) {
                realm = fresh;
                attempt = run(svn, args, first.get(), realm);
            }
        }
        if (!attempt.authFailed() || !refused(request, first.get())) {
            // An authentication failure elsewhere (an svn:externals host, say) is not this token's.
            return finish(creds, request, first.get(), attempt);
        }
        creds.reject(request, first.get());
        Optional<Answer> next = creds.get(request);
        if (next.isEmpty() || next.get().tokenId().equals(first.get().tokenId())) {
            attempt.printErr(ctx.err());
            return attempt.exit;
        }
        ctx.err().println(Messages.warning(SvnMessages.retrying(first.get().tokenId())));
        Run again = run(svn, args, next.get(), realm);
        if (again.authFailed() && refused(request, next.get())) {
            creds.reject(request, next.get());
        }
        return finish(creds, request, next.get(), again);
    }

    /**
     * The realm to file the token under, and the server profile it was recorded for ({@code recorded}
     * is null when the realm was asked of the server on this run).
     */
    private record Realm(String realm, ServerProfile recorded) {
    }

    /**
     * The realm {@code configure --svn} recorded for the target's server, which costs no request;
     * else the one the server announces now.
     */
    private Realm realmFor(String url, Request request) {
        try {
            Optional<ServerProfile> profile = ctx.store().readFor(request.origin())
                    .serverFor(request.origin(), request.path());
            if (profile.isPresent()) {
                Optional<String> recorded = new SvnAuthSync(ctx.store(), ctx.clock())
                        .recordedRealm(profile.get().baseUrl());
                if (recorded.isPresent()) {
                    return new Realm(recorded.get(), profile.get());
                }
            }
        } catch (IOException | StoreException e) {
            // A damaged index costs this run one request, and the user a line saying what to run.
            ctx.err().println(Messages.warning(SvnMessages.syncFailed(e.getMessage())));
        }
        String discovered = realmOf(url);
        return discovered == null ? null : new Realm(discovered, null);
    }

    /**
     * Asks the server for its realm again after svn failed with the recorded one; when it differs,
     * records it (moving the cache entry {@code configure --svn} wrote) and returns it. Null when
     * the server announces the same realm, or none: the failure is then not the realm's.
     */
    private String relearn(String url, Realm known) {
        String fresh;
        try {
            fresh = new SvnRealms(http(ctx)).discover(List.of(URI.create(url))).orElse(null);
        } catch (ServerException | IllegalArgumentException e) {
            // svn's own error about the failed run follows; the trace says why no realm was learnt.
            ctx.trace().line("svn: cannot ask " + url + " for its realm again: " + e.getMessage());
            return null;
        }
        if (fresh == null || fresh.equals(known.realm())) {
            return null;
        }
        ctx.err().println(Messages.warning(SvnMessages.realmChanged(known.recorded().baseUrl(), known.realm(), fresh)));
        try {
            new SvnAuthSync(ctx.store(), ctx.clock()).relearn(known.recorded(), fresh);
        } catch (IOException | StoreException | org.vcstoken.token.Secret.UnavailableException e) {
            ctx.err().println(Messages.warning(SvnMessages.syncFailed(e.getMessage())));
        }
        return fresh;
    }

    /**
     * The realm svn files the target server's password under, learnt as svn learns it (the 401 of
     * an unauthenticated request); null, with a warning, when the server asks for none.
     */
    private String realmOf(String url) {
        try {
            Optional<String> realm = new SvnRealms(http(ctx)).discover(List.of(URI.create(url)));
            if (realm.isEmpty()) {
                ctx.err().println(Messages.warning(SvnMessages.noRealm(url)));
            }
            return realm.orElse(null);
        } catch (ServerException | IllegalArgumentException e) {
            ctx.err().println(Messages.warning(SvnMessages.noRealm(url) + " (" + e.getMessage() + ")"));
            return null;
        }
    }

    /**
     * Whether the server itself refuses the token for the request's repository. svn's message does
     * not say which server refused (with externals there are several), and its text can quote a
     * file name: only the server's answer to the token decides that it is bad.
     */
    private boolean refused(Request request, Answer answer) {
        try {
            var data = ctx.store().readFor(request.origin());
            var profile = data.serverFor(request.origin(), request.path());
            if (profile.isEmpty()) {
                return false;
            }
            var kind = ctx.kinds(ctx.trace()).kindFor(profile.get());
            return kind.probe(profile.get(), profile.get().repoFor(request.path()), VcsType.SVN,
                    answer.username(), answer.secret()) == ProbeResult.REJECTED;
        } catch (ServerException | StoreException e) {
            ctx.err().println(Messages.warning(SvnMessages.cannotConfirmRefusal(e.getMessage())));
            return false;
        }
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
    String targetUrl(String svn, List<String> args) {
        List<String> paths = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!optionsEnded && a.equals("--")) {
                optionsEnded = true;
                continue;
            }
            if (!optionsEnded && (TAKES_VALUE.contains(a) || a.matches("-[A-Za-z]{2,}")
                    && SHORT_WITH_VALUE.indexOf(a.charAt(a.length() - 1)) >= 0)) {
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
    private String workingCopyUrl(String svn, String path) {
        Result r = runSvn(programs().command(svn, "info", "--show-item", "url", "--non-interactive", "--", path)
                .discardError().timeout(SVN_INFO_TIMEOUT));
        String out = r.out().strip();
        return r.exit() == 0 && (out.startsWith("https://") || out.startsWith("http://")) ? out : null;
    }

    private Programs programs() {
        return new Programs(ctx.env().variables());
    }

    private static Result runSvn(Invocation command) {
        try {
            return command.run();
        } catch (ProcessException e) {
            throw new CliException(e.reason() == ProcessException.Reason.NOT_FOUND ? SvnMessages.svnMissing()
                    : e.getMessage());
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
     * Runs svn with {@code answer}'s token for {@code realm}, through a {@link PrivateSvnConfig}: svn
     * sends it to that realm's server and to no other. Standard input and output pass through;
     * standard error is collected, since a refused token means a second run and the first one's
     * error is then replaced by one line.
     */
    private Run run(String svn, List<String> args, Answer answer, String realm) throws IOException {
        try (PrivateSvnConfig config = PrivateSvnConfig.create(ctx.paths().dataDir(), svnConfigDir(ctx), ctx.clock(),
                realm, answer.username(), answer.secret().reveal())) {
            return start(svn, args, true, List.of("--config-dir", config.path().toString(), "--non-interactive",
                    "--no-auth-cache"));
        }
    }

    /** svn exactly as asked: its own credentials and prompts. */
    private Run runPlain(String svn, List<String> args) {
        return start(svn, args, false, List.of());
    }

    /**
     * Starts svn with {@code options} before the user's arguments; {@code withToken}: a retry may
     * follow. svn owns the terminal: it may prompt, or start an editor for a commit message, so
     * vcstoken's own standard streams are handed to it as they are (a pipe in between would not be
     * a terminal to svn or its editor), and no time limit applies. Only standard error is
     * collected when a retry may follow, since a refused token means a second run whose error
     * replaces the first one's. Streams that are not the process's own (a caller running vcstoken
     * in-process) are copied instead.
     */
    private Run start(String svn, List<String> args, boolean withToken, List<String> options) {
        List<String> cmd = new ArrayList<>();
        cmd.add(svn);
        cmd.addAll(options);
        cmd.addAll(args);
        Invocation command = programs().command(cmd).noTimeout();
        if (ctx.out() == System.out) {
            command.inheritOutput();
        } else {
            command.outputTo(ctx.out());
        }
        if (ctx.in() == System.in) {
            command.inheritInput(); // commit -F - and the like work too
        } else {
            command.inputFrom(ctx.in());
        }
        if (!withToken) {
            // Nothing to retry: svn's errors and prompts go straight to the terminal.
            if (ctx.err() == System.err) {
                command.inheritError();
            } else {
                command.errorTo(ctx.err());
            }
        }
        Result r = runSvn(command);
        return new Run(r.exit(), r.errBytes());
    }

    /** What {@code configure --svn} and {@code unconfigure --svn} use. */
    static org.vcstoken.service.SvnConfiguration configuration(CliContext ctx) {
        var service = org.vcstoken.service.CredentialService.from(ctx.env(), ctx.fs(), ctx.clock(), ctx.err(), true);
        var kinds = ctx.kinds(ctx.trace());
        return new org.vcstoken.service.SvnConfiguration(ctx.store(), ctx.clock(), new SvnRealms(http(ctx)),
                service, profile -> {
                    try {
                        return kinds.kindFor(profile).rules().defaultRealm();
                    } catch (ServerException e) {
                        return null; // an unknown kind announces nothing vcstoken could assume
                    }
                }, ctx.out(), ctx.err());
    }

    /** An HTTP client with the default time-outs, traced as VCSTOKEN_TRACE asks. */
    private static HttpTransport http(CliContext ctx) {
        return new HttpTransport(HttpTransport.DEFAULT_CONNECT_TIMEOUT, HttpTransport.DEFAULT_REQUEST_TIMEOUT,
                Trace.fromEnvironment(ctx.env(), ctx.fs(), ctx.err(), ctx.clock()));
    }

    /** svn's configuration directory: {@code ~/.subversion}, where svn looks without {@code --config-dir}. */
    static java.nio.file.Path svnConfigDir(CliContext ctx) {
        return ctx.fs().getPath(ctx.env().get("HOME").orElse(System.getProperty("user.home")), ".subversion");
    }
}
