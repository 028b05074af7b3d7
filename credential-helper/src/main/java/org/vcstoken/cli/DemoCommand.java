package org.vcstoken.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.vcstoken.Messages;
import org.vcstoken.process.Invocation;
import org.vcstoken.process.ProcessException;
import org.vcstoken.process.Programs;
import org.vcstoken.process.Result;
import org.vcstoken.process.Running;
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
    static final String USER = "alice";
    private static final Pattern ADDED = Pattern.compile("added token (\\S+)");
    private static final Duration LATER = Duration.ofHours(4);

    private final CliContext ctx;
    private int step;

    DemoCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    /** A step's outcome was not what it should be; the message says what happened instead. */
    private static final class StepFailed extends Exception {
        private static final long serialVersionUID = 1L;

        StepFailed(String message) {
            super(message);
        }
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
        if (!onPath("git")) {
            throw new CliException(Messages.gitMissing());
        }
        Path tmp = Files.createTempDirectory("vcstoken-demo-");
        Demo demo = new Demo(prefix, tmp);
        Thread cleanup = new Thread(demo::close, "vcstoken-demo-cleanup");
        // Ctrl-C must not leave a sandbox (and its hg and Apache children) running.
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            demo.run();
            demo.close();
            ctx.out().println();
            ctx.out().println("demo: all " + step + " steps ok; the sandbox is stopped and " + tmp + " removed");
            return 0;
        } catch (StepFailed | IOException e) {
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

    private boolean onPath(String program) {
        return new Programs(ctx.env().variables()).find(program).isPresent();
    }

    /** One run of the demo: its directory, sandbox process and the state the steps share. */
    private final class Demo {
        private final Path prefix;
        private final Path tmp;
        private final Path work;
        private final Map<String, String> env = new HashMap<>();
        private final String password = "demo-" + HexFormat.of().formatHex(randomBytes(8));
        private Running sandbox;
        private boolean closed;
        private DemoApi api;
        private String url;
        private Map<String, Object> info;
        private int traces;
        // vcstoken's token id -> the sandbox's, for deleting a token on the server.
        private final Map<String, Object> serverIds = new HashMap<>();

        Demo(Path prefix, Path tmp) throws IOException {
            this.prefix = prefix;
            this.tmp = tmp;
            this.work = Files.createDirectories(tmp.resolve("work"));
            Path home = Files.createDirectories(tmp.resolve("home"));
            for (String keep : List.of("PATH", "LANG", "LC_ALL", "TMPDIR", "JAVA_HOME", "VCSTOKEN_JAVA", "USER", "LOGNAME")) {
                ctx.env().get(keep).ifPresent(v -> env.put(keep, v));
            }
            env.put("PATH", prefix.resolve("bin") + ":" + ctx.env().get("PATH").orElse("/usr/bin:/bin"));
            env.put("HOME", home.toString());
            env.put("GIT_CONFIG_GLOBAL", home.resolve(".gitconfig").toString());
            env.put("GIT_CONFIG_NOSYSTEM", "1");
            env.put("GIT_TERMINAL_PROMPT", "0");
            env.put("HGRCPATH", home.resolve(".hgrc").toString());
            env.put("HGPLAIN", "1");
            env.put("VCSTOKEN_HOME", tmp.resolve("vcstoken").toString());
            for (String who : List.of("AUTHOR", "COMMITTER")) {
                env.put("GIT_" + who + "_NAME", "Alice");
                env.put("GIT_" + who + "_EMAIL", "alice@example.test");
            }
        }

        void run() throws StepFailed, IOException {
            startSandbox();
            Tokens tokens = storeTokens();
            twoClones(tokens);
            revocation(tokens);
            expiry();
            hg();
            svn();
        }

        // --- the steps -------------------------------------------------------------------------

        private void startSandbox() throws StepFailed, IOException {
            begin("start a RhodeCode-compatible sandbox in " + tmp + " (throw-away HOME and VCSTOKEN_HOME)");
            Path data = tmp.resolve("sandbox");
            Path log = tmp.resolve("sandbox.log");
            CompletableFuture<String> listening = new CompletableFuture<>();
            BufferedWriter logFile = Files.newBufferedWriter(log);
            try {
                sandbox = new Programs(env).command(prefix.resolve("bin/vcstoken-sandbox").toString(), "--data",
                        data.toString(), "--auth-cache-ttl", "0").errorToOutput()
                        .outputLines(line -> logLine(logFile, line, listening)).start();
            } catch (ProcessException e) {
                closeQuietly(logFile);
                throw new StepFailed(e.getMessage());
            }
            sandbox.onExit().whenComplete((exit, failure) -> {
                closeQuietly(logFile);
                listening.completeExceptionally(new IOException("the sandbox exited"));
            });
            try {
                detail(listening.get(90, TimeUnit.SECONDS));
            } catch (TimeoutException e) {
                throw new StepFailed("the sandbox did not start within 90 s (see its log below)");
            } catch (ExecutionException e) {
                throw new StepFailed("the sandbox did not start: it exited (see its log below)");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StepFailed("interrupted while the sandbox started");
            }
            info = DemoApi.readSandboxJson(data.resolve("sandbox.json"));
            url = String.valueOf(info.get("url"));
            api = new DemoApi(url, String.valueOf(info.get("admin_token")));
            api.call("create_user", args("username", USER, "email", "alice@example.test", "password", password));
            for (String repo : List.of("demo/app", "demo/lib")) {
                api.call("create_repo", args("repo_name", repo, "repo_type", "git", "owner", USER));
            }
            detail("user " + USER + ", git repositories demo/app and demo/lib; hg backend " + info.get("hg")
                    + ", svn backend " + info.get("svn"));
            ok();
        }

        private record Tokens(String app, String wide, String spare) {
        }

        private Tokens storeTokens() throws StepFailed, IOException {
            begin("store a repository token for demo/app and two server-wide tokens; enable git (vcstoken configure --git)");
            vcstoken(null, "server", "add", url, "--user", USER, "--lifetime", "1h");
            String app = addToken("/demo/app", 60, "demo/app", "--lifetime", "1h");
            String wide = addToken("", -1, null);
            String spare = addToken("", 180, null, "--lifetime", "3h");
            detail("the secrets went in on standard input, never on a command line; vcstoken token list:");
            for (String line : vcstoken(null, "token", "list").split("\n")) {
                detail("  " + line);
            }
            String configured = vcstoken(null, "configure", "--git");
            expect(configured.contains("uses git-credential-vcstoken"), "configure --git did not enable the helper: "
                    + configured);
            detail("git: helper and useHttpPath on for " + url + " (in the throw-away global config)");
            ok();
            return new Tokens(app, wide, spare);
        }

        private void twoClones(Tokens t) throws StepFailed, IOException {
            begin("git clone demo/app takes the repository token, git clone demo/lib the server-wide one; push works");
            Path trace = nextTrace();
            gitOk(work, Map.of("VCSTOKEN_TRACE", trace.toString()), "clone", "-q", url + "/demo/app", "app");
            expectChosen(trace, t.app(), "(repo demo/app)");
            trace = nextTrace();
            gitOk(work, Map.of("VCSTOKEN_TRACE", trace.toString()), "clone", "-q", url + "/demo/lib", "lib");
            expectChosen(trace, t.wide(), "(server-wide)");
            Path app = work.resolve("app");
            Files.writeString(app.resolve("README"), "pushed by vcstoken demo\n");
            gitOk(app, Map.of(), "add", "README");
            gitOk(app, Map.of(), "commit", "-qm", "first commit");
            gitOk(app, Map.of(), "push", "-q", "origin", "HEAD");
            String remote = gitOk(work, Map.of(), "ls-remote", url + "/demo/app");
            expect(remote.contains("refs/heads/"), "the pushed branch is not on the server: " + remote);
            detail("git push origin HEAD; git ls-remote shows " + remote.strip().split("\n")[0]);
            ok();
        }

        private void revocation(Tokens t) throws StepFailed, IOException {
            begin("a token revoked on the server is erased, and the next candidate takes over");
            api.call("sandbox_delete_auth_token", args("id", serverId(t.wide())));
            detail("deleted the server-wide token " + t.wide() + " on the server (as an admin would)");
            Result failed = git(work.resolve("lib"), Map.of(), "fetch", "-q");
            expect(failed.exit() != 0, "git fetch worked with a deleted token");
            detail("git fetch in demo/lib: " + firstLine(failed.err()));
            expect("rejected".equals(state(t.wide())), "token " + t.wide() + " is " + state(t.wide())
                    + " after git's erase, not rejected");
            detail("git told the helper (erase): token " + t.wide() + " is now marked rejected");
            Path trace = nextTrace();
            gitOk(work.resolve("lib"), Map.of("VCSTOKEN_TRACE", trace.toString()), "fetch", "-q");
            expectChosen(trace, t.spare(), "(server-wide)");
            detail("git fetch again: works with the spare server-wide token " + t.spare());
            ok();
        }

        private void expiry() throws StepFailed, IOException {
            begin("4 hours later every token has expired; the fallback creates a new one (the demo answers it)");
            double epoch = System.currentTimeMillis() / 1000.0 + LATER.toSeconds();
            api.call("sandbox_set_time", args("epoch", epoch));
            // Children see the same future as the server; only vcstoken's idea of "now" moves.
            env.put("VCSTOKEN_CLOCK_OFFSET", Long.toString(LATER.toSeconds()));
            detail("moved the server's clock and vcstoken's (VCSTOKEN_CLOCK_OFFSET) 4 h ahead");
            Path askpassLog = tmp.resolve("askpass.log");
            Path askpass = askpass(askpassLog);
            Path trace = nextTrace();
            gitOk(work.resolve("app"), Map.of("GIT_ASKPASS", askpass.toString(), "VCSTOKEN_TRACE", trace.toString()),
                    "fetch", "-q");
            String asked = Files.exists(askpassLog) ? Files.readString(askpassLog) : "";
            expect(asked.contains("Create one now"), "vcstoken did not offer to create a token: " + asked);
            expect(asked.contains("Password"), "vcstoken did not ask for the account password: " + asked);
            for (String q : asked.strip().split("\n")) {
                detail("asked: " + firstLine(q) + "  -> answered by " + askpass.getFileName());
            }
            Map<String, Object> created = tokens().stream()
                    .filter(m -> "created".equals(m.get("origin")) && "ok".equals(m.get("state"))).findFirst()
                    .orElseThrow(() -> new StepFailed("no working token created by vcstoken in the store"));
            // The sandbox imitates RhodeCode CE by default, which has no repository scopes.
            Object scope = created.get("scope");
            detail("git fetch in demo/app worked with token " + created.get("id") + " (created by vcstoken, "
                    + (scope == null ? "server-wide: RhodeCode CE makes no repository tokens" : "scope " + scope)
                    + ", expires " + created.get("expires") + "); the password was not stored");
            expect(!Files.readString(tmp.resolve("vcstoken").resolve("store.json"), StandardCharsets.ISO_8859_1)
                    .contains(password), "the account password is in the store");
            ok();
        }

        private void hg() throws StepFailed, IOException {
            Path extension = prefix.resolve("share/vcstoken/hg/vcstoken.py");
            String skip = !onPath("hg") ? "hg is not installed"
                    : !"on".equals(info.get("hg")) ? "the sandbox's hg backend is " + info.get("hg")
                    : !Files.isRegularFile(extension) ? extension + " is not installed" : null;
            if (skip != null) {
                skipped("hg", skip);
                return;
            }
            begin("hg clone through the vcstoken extension takes the repository token for demo/hg");
            api.call("create_repo", args("repo_name", "demo/hg", "repo_type", "hg", "owner", USER));
            String id = addToken("/demo/hg", -1, "demo/hg");
            Path trace = nextTrace();
            Result clone = run(programs().command("hg", "--noninteractive",
                    "--config", "extensions.vcstoken=" + extension,
                    "--config", "vcstoken.command=" + prefix.resolve("bin/git-credential-vcstoken"),
                    "clone", url + "/demo/hg", work.resolve("hg").toString())
                    .environment("VCSTOKEN_TRACE", trace.toString()).directory(work).timeout(Duration.ofSeconds(120)));
            expect(clone.exit() == 0, "hg clone failed: " + (clone.out() + clone.err()).strip());
            expect(Files.isDirectory(work.resolve("hg/.hg")), "hg clone made no repository");
            expectChosen(trace, id, "(repo demo/hg)");
            ok();
        }

        private void svn() throws StepFailed, IOException {
            String skip = !onPath("svn") ? "svn is not installed"
                    : !"on".equals(info.get("svn")) ? "the sandbox's svn backend is " + info.get("svn") : null;
            if (skip == null && run(programs().command(prefix.resolve("bin/vcstoken").toString(), "svn", "--help")
                    .directory(tmp)).exit() != 0) {
                skip = "this build of vcstoken has no svn front door (vcstoken svn)";
            }
            if (skip != null) {
                skipped("svn", skip);
                return;
            }
            begin("svn checkout through `vcstoken svn` takes the repository token for demo/svn");
            api.call("create_repo", args("repo_name", "demo/svn", "repo_type", "svn", "owner", USER));
            String id = addToken("/demo/svn", -1, "demo/svn");
            Path trace = nextTrace();
            Result checkout = run(programs().command(prefix.resolve("bin/vcstoken").toString(), "svn",
                    "checkout", url + "/demo/svn", work.resolve("svn").toString())
                    .environment("VCSTOKEN_TRACE", trace.toString()).directory(work).timeout(Duration.ofSeconds(120)));
            expect(checkout.exit() == 0, "vcstoken svn checkout failed: " + (checkout.out() + checkout.err()).strip());
            expect(Files.isDirectory(work.resolve("svn/.svn")), "svn checkout made no working copy");
            expectChosen(trace, id, "(repo demo/svn)");
            ok();
        }

        // --- helpers ---------------------------------------------------------------------------

        private String addToken(String path, int minutes, String scope, String... more) throws StepFailed, IOException {
            Map<String, Object> a = args("userid", USER, "role", "token_role_vcs", "lifetime", minutes,
                    "description", "vcstoken demo");
            if (scope != null) {
                a.put("scope_repo", scope);
            }
            Map<String, Object> issued = api.call("sandbox_add_auth_token", a);
            String secret = String.valueOf(issued.get("auth_token"));
            List<String> cmd = new ArrayList<>(List.of("token", "add", url + path, "--user", USER));
            cmd.addAll(List.of(more));
            String out = vcstoken(secret + "\n", cmd.toArray(String[]::new));
            Matcher m = ADDED.matcher(out);
            expect(m.find(), "vcstoken token add printed no token id: " + out);
            serverIds.put(m.group(1), issued.get("id"));
            return m.group(1);
        }

        private Object serverId(String localId) {
            return serverIds.get(localId);
        }

        private Path askpass(Path log) throws IOException {
            Path secret = tmp.resolve("password");
            Files.writeString(secret, password + "\n");
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
            Path script = tmp.resolve("askpass.sh");
            // Answers vcstoken's questions as a person would: "a" (assisted) and the account password,
            // read from a 0600 file so it is in no argv and no environment.
            Files.writeString(script, "#!/bin/sh\n"
                    + "printf '%s\\n' \"$1\" >> " + EnvCommand.shellQuote(log.toString()) + "\n"
                    + "case \"$1\" in\n"
                    + "  *'Create one now'*) echo a ;;\n"
                    + "  *Password*) cat " + EnvCommand.shellQuote(secret.toString()) + " ;;\n"
                    + "  *) exit 1 ;;\n"
                    + "esac\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
            return script;
        }

        private String state(String id) throws StepFailed, IOException {
            return tokens().stream().filter(m -> id.equals(m.get("id"))).map(m -> String.valueOf(m.get("state")))
                    .findFirst().orElse("missing");
        }

        @SuppressWarnings("unchecked")
        private List<Map<String, Object>> tokens() throws StepFailed, IOException {
            Object parsed = org.vcstoken.server.rhodecode.Json.parse(vcstoken(null, "token", "list", "--json").getBytes(StandardCharsets.UTF_8));
            expect(parsed instanceof List, "token list --json is not a list");
            return (List<Map<String, Object>>) parsed;
        }

        private void expectChosen(Path trace, String id, String scope) throws StepFailed, IOException {
            String text = Files.exists(trace) ? Files.readString(trace) : "";
            String chose = text.lines().filter(l -> l.contains("chose token")).findFirst().orElse("");
            expect(chose.contains("chose token " + id + " " + scope), "expected token " + id + " " + scope
                    + " to be chosen, trace says: " + (chose.isEmpty() ? "(no choice)" : chose));
            detail("trace: " + chose.substring(chose.indexOf("chose token")));
        }

        private Path nextTrace() {
            return tmp.resolve("trace-" + (++traces) + ".log");
        }

        /** Every child of the demo runs with the throw-away environment, never the user's. */
        private Programs programs() {
            return new Programs(env);
        }

        private Result run(Invocation command) throws StepFailed {
            try {
                return command.run();
            } catch (ProcessException e) {
                throw new StepFailed(e.getMessage());
            }
        }

        private Result git(Path dir, Map<String, String> extra, String... args) throws StepFailed {
            List<String> cmd = new ArrayList<>(List.of("git"));
            cmd.addAll(List.of(args));
            return run(programs().command(cmd).environment(extra).directory(dir).timeout(Duration.ofSeconds(120)));
        }

        private String gitOk(Path dir, Map<String, String> extra, String... args) throws StepFailed {
            Result r = git(dir, extra, args);
            expect(r.exit() == 0, "git " + String.join(" ", args) + " failed: " + (r.out() + r.err()).strip());
            return r.out();
        }

        /** The demo's own tokens are made up for it: passing one on standard input is the point shown. */
        private String vcstoken(String stdin, String... args) throws StepFailed {
            List<String> cmd = new ArrayList<>(List.of(prefix.resolve("bin/vcstoken").toString()));
            cmd.addAll(List.of(args));
            Invocation command = programs().command(cmd).directory(tmp).timeout(Duration.ofSeconds(60));
            if (stdin != null) {
                command.secretInput(stdin);
            }
            Result r = run(command);
            expect(r.exit() == 0, "vcstoken " + args[0] + " " + (args.length > 1 ? args[1] : "") + " failed: "
                    + (r.out() + r.err()).strip());
            return r.out();
        }

        /** Keeps the sandbox's output for {@link #showSandboxLog} and notices when it listens. */
        private void logLine(BufferedWriter logFile, String line, CompletableFuture<String> listening) {
            try {
                logFile.write(line);
                logFile.newLine();
                logFile.flush();
            } catch (IOException e) {
                // The directory is being removed; nothing left to log.
            }
            if (line.startsWith("sandbox listening on ")) {
                listening.complete(line);
            }
        }

        private void closeQuietly(BufferedWriter w) {
            try {
                w.close();
            } catch (IOException e) {
                // Only the log; the demo's outcome does not depend on it.
            }
        }

        void showSandboxLog() {
            try {
                Path log = tmp.resolve("sandbox.log");
                if (Files.exists(log)) {
                    List<String> lines = Files.readAllLines(log);
                    ctx.err().println("sandbox log (last lines):");
                    lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(l -> ctx.err().println("  " + l));
                }
            } catch (IOException e) {
                // Only a help for reading the failure.
            }
        }

        synchronized void close() {
            if (closed) {
                return;
            }
            if (sandbox != null) {
                // SIGTERM first: its shutdown hook stops hg serve and Apache.
                sandbox.stop(Duration.ofSeconds(20));
            }
            try (Stream<Path> all = Files.walk(tmp)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                ctx.err().println(Messages.warning("could not remove " + tmp + " completely (" + e.getMessage()
                        + "); remove it with: rm -rf " + tmp));
            }
            closed = true;
        }
    }

    // --- narration -----------------------------------------------------------------------------

    private void begin(String title) {
        step++;
        ctx.out().println();
        ctx.out().println("==> " + step + ". " + title);
        ctx.out().flush();
    }

    private void detail(String line) {
        ctx.out().println("    " + line);
    }

    private void ok() {
        ctx.out().println("    ok");
        ctx.out().flush();
    }

    private void skipped(String what, String why) {
        ctx.out().println();
        ctx.out().println("==> " + what + ": skipped (" + why + ")");
    }

    private static void expect(boolean condition, String otherwise) throws StepFailed {
        if (!condition) {
            throw new StepFailed(otherwise);
        }
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static Map<String, Object> args(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
