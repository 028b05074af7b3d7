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
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.vcstoken.messages.DemoMessages;
import org.vcstoken.messages.Messages;
import org.vcstoken.process.Invocation;
import org.vcstoken.process.ProcessException;
import org.vcstoken.process.Programs;
import org.vcstoken.process.Result;
import org.vcstoken.process.Running;

/**
 * One run of the demo: its temporary directory, the throw-away environment every child gets, the
 * sandbox process, and what the steps learn and hand on (the sandbox's URL, the ids of the tokens
 * they stored, by a label of the step's choosing). Every child runs with a throw-away HOME,
 * GIT_CONFIG_GLOBAL and VCSTOKEN_HOME, so nothing of the user's is read or written; {@link #close}
 * stops the sandbox and deletes the directory.
 */
final class DemoRun {
    private final CliContext ctx;
    private final Path prefix;
    private final Path tmp;
    private final Path work;
    private final Map<String, String> env = new HashMap<>();
    private final String password = "demo-" + HexFormat.of().formatHex(randomBytes(8));
    private Running sandbox;
    private boolean closed;
    private DemoApi api;
    private DemoRest rest;
    private String url;
    private Map<String, Object> info = Map.of();
    private int traces;
    // A label a step chose ("app") -> vcstoken's token id, for the steps after it.
    private final Map<String, String> tokens = new HashMap<>();
    // vcstoken's token id -> the sandbox's, for deleting a token on the server.
    private final Map<String, Object> serverIds = new HashMap<>();
    // Facts about the server a step learnt for later ones (a user's id), by name.
    private final Map<String, Object> notes = new HashMap<>();

    DemoRun(CliContext ctx, Path prefix, Path tmp) throws IOException {
        this.ctx = ctx;
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
        // A page vcstoken opens (the token page of `vcstoken login`) goes to a log the steps show,
        // never to the person's browser.
        env.put("BROWSER", browser().toString());
        for (String who : List.of("AUTHOR", "COMMITTER")) {
            env.put("GIT_" + who + "_NAME", "Alice");
            env.put("GIT_" + who + "_EMAIL", "alice@example.test");
        }
    }

    // --- what the steps share ----------------------------------------------------------------------

    Path prefix() {
        return prefix;
    }

    Path tmp() {
        return tmp;
    }

    /** Where the steps clone to. */
    Path work() {
        return work;
    }

    /** The demo account's password, made up for this run; askpass answers it from a 0600 file. */
    String password() {
        return password;
    }

    /** The sandbox's base URL, once it runs. */
    String url() {
        return url;
    }

    /** The sandbox's admin API, once it runs. */
    DemoApi api() {
        return api;
    }

    /** The forge's own REST API with the admin token, once a flavor's first step made it. */
    DemoRest rest() throws DemoStep.Failed {
        DemoStep.expect(rest != null, "the sandbox's REST API is not set up (an earlier step failed)");
        return rest;
    }

    void rest(DemoRest forgeApi) {
        this.rest = forgeApi;
    }

    /** The admin token sandbox.json names, for the flavor's REST API. */
    String adminToken() throws DemoStep.Failed {
        Object token = info.get("admin_token");
        DemoStep.expect(token instanceof String, "sandbox.json names no admin_token");
        return (String) token;
    }

    /** What the sandbox says about itself in sandbox.json (its backends: {@code hg}, {@code svn}). */
    Map<String, Object> info() {
        return info;
    }

    void info(Map<String, Object> sandboxInfo) {
        this.info = Map.copyOf(sandboxInfo);
    }

    /** Sets a variable for every child from now on (e.g. a clock offset). */
    void environment(String name, String value) {
        env.put(name, value);
    }

    /** Remembers the id of a token a step stored, under a label for later steps. */
    void remember(String label, String id, Object serverId) {
        tokens.put(label, id);
        serverIds.put(id, serverId);
    }

    /** The id of the token remembered as {@code label}. */
    String token(String label) throws DemoStep.Failed {
        String id = tokens.get(label);
        DemoStep.expect(id != null, "no token '" + label + "' was stored by an earlier step");
        return id;
    }

    /** Keeps something a step learnt from the server (a user's id) for the steps after it. */
    void note(String name, Object value) {
        notes.put(name, value);
    }

    /** What an earlier step kept as {@code name}. */
    Object noted(String name) throws DemoStep.Failed {
        Object value = notes.get(name);
        DemoStep.expect(value != null, "no '" + name + "' was kept by an earlier step");
        return value;
    }

    /** The sandbox's id of vcstoken's token {@code id}, for deleting it on the server. */
    Object serverId(String id) {
        return serverIds.get(id);
    }

    /** One line of narration under the step's headline. */
    void detail(String line) {
        ctx.out().println("    " + line);
    }

    // --- the sandbox -------------------------------------------------------------------------------

    /**
     * Starts the installed sandbox with its data in this run's directory and waits until it
     * listens; reads sandbox.json for its URL and admin token.
     *
     * @return the sandbox's "listening" line
     */
    String startSandbox(String... options) throws DemoStep.Failed, IOException {
        Path data = tmp.resolve("sandbox");
        Path log = tmp.resolve("sandbox.log");
        CompletableFuture<String> listening = new CompletableFuture<>();
        BufferedWriter logFile = Files.newBufferedWriter(log);
        List<String> argv = new ArrayList<>(List.of(prefix.resolve("bin/vcstoken-sandbox").toString(), "--data",
                data.toString()));
        argv.addAll(List.of(options));
        try {
            sandbox = programs().command(argv).errorToOutput().outputLines(line -> logLine(logFile, line, listening)).start();
        } catch (ProcessException e) {
            closeQuietly(logFile);
            throw new DemoStep.Failed(e.getMessage());
        }
        sandbox.onExit().whenComplete((exit, failure) -> {
            closeQuietly(logFile);
            listening.completeExceptionally(new IOException(DemoMessages.sandboxExited()));
        });
        String line;
        try {
            line = listening.get(90, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new DemoStep.Failed(DemoMessages.sandboxSlow());
        } catch (ExecutionException e) {
            throw new DemoStep.Failed(DemoMessages.sandboxDied());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoStep.Failed(DemoMessages.sandboxInterrupted());
        }
        info(DemoApi.readSandboxJson(data.resolve("sandbox.json")));
        url = String.valueOf(info.get("url"));
        api = new DemoApi(url, String.valueOf(info.get("admin_token")));
        return line;
    }

    /** Keeps the sandbox's output for {@link #showSandboxLog} and notices when it listens. */
    private static void logLine(BufferedWriter logFile, String line, CompletableFuture<String> listening) {
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

    private static void closeQuietly(BufferedWriter w) {
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
                ctx.err().println(DemoMessages.sandboxLogHeading());
                lines.subList(Math.max(0, lines.size() - 15), lines.size())
                        .forEach(l -> ctx.err().println(DemoMessages.sandboxLogLine(l)));
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
            ctx.err().println(Messages.warning(DemoMessages.notRemoved(tmp, e.getMessage())));
        }
        closed = true;
    }

    // --- children ----------------------------------------------------------------------------------

    /** Every child of the demo runs with the throw-away environment, never the user's. */
    Programs programs() {
        return new Programs(env);
    }

    /** Whether {@code program} is on the user's PATH. */
    boolean onPath(String program) {
        return new Programs(ctx.env().variables()).find(program).isPresent();
    }

    Result run(Invocation command) throws DemoStep.Failed {
        try {
            return command.run();
        } catch (ProcessException e) {
            throw new DemoStep.Failed(e.getMessage());
        }
    }

    Result git(Path dir, Map<String, String> extra, String... args) throws DemoStep.Failed {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        return run(programs().command(cmd).environment(extra).directory(dir).timeout(Duration.ofSeconds(120)));
    }

    String gitOk(Path dir, Map<String, String> extra, String... args) throws DemoStep.Failed {
        Result r = git(dir, extra, args);
        DemoStep.expect(r.exit() == 0, "git " + String.join(" ", args) + " failed: " + (r.out() + r.err()).strip());
        return r.out();
    }

    /**
     * Commits a README in the clone {@code clone} and pushes it, as each forge's tour shows a push
     * with the token the clone got; returns what {@code git ls-remote remoteUrl} then shows.
     */
    String pushReadme(Path clone, String remoteUrl) throws DemoStep.Failed, IOException {
        Files.writeString(clone.resolve("README"), "pushed by vcstoken demo\n");
        gitOk(clone, Map.of(), "add", "README");
        gitOk(clone, Map.of(), "commit", "-qm", "first commit");
        gitOk(clone, Map.of(), "push", "-q", "origin", "HEAD");
        String remote = gitOk(clone.getParent(), Map.of(), "ls-remote", remoteUrl);
        DemoStep.expect(remote.contains("refs/heads/"), "the pushed branch is not on the server: " + remote);
        return remote;
    }

    /** The demo's own tokens are made up for it: passing one on standard input is the point shown. */
    String vcstoken(String stdin, String... args) throws DemoStep.Failed {
        List<String> cmd = new ArrayList<>(List.of(prefix.resolve("bin/vcstoken").toString()));
        cmd.addAll(List.of(args));
        Invocation command = programs().command(cmd).directory(tmp).timeout(Duration.ofSeconds(60));
        if (stdin != null) {
            command.secretInput(stdin);
        }
        Result r = run(command);
        DemoStep.expect(r.exit() == 0, "vcstoken " + args[0] + " " + (args.length > 1 ? args[1] : "") + " failed: "
                + (r.out() + r.err()).strip());
        return r.out();
    }

    /** A new file for one child's VCSTOKEN_TRACE. */
    Path nextTrace() {
        return tmp.resolve("trace-" + (++traces) + ".log");
    }

    /** Checks that the trace names token {@code id} ({@code scope}: "(repo demo/app)") as the one chosen. */
    void expectChosen(Path trace, String id, String scope) throws DemoStep.Failed, IOException {
        String text = Files.exists(trace) ? Files.readString(trace) : "";
        String chose = text.lines().filter(l -> l.contains("chose token")).findFirst().orElse("");
        DemoStep.expect(chose.contains("chose token " + id + " " + scope), "expected token " + id + " " + scope
                + " to be chosen, trace says: " + (chose.isEmpty() ? "(no choice)" : chose));
        detail("trace: " + chose.substring(chose.indexOf("chose token")));
    }

    /** The state vcstoken's token list gives token {@code id} ({@code ok}, {@code rejected}, …), or "missing". */
    String state(String id) throws DemoStep.Failed, IOException {
        return tokens().stream().filter(m -> id.equals(m.get("id"))).map(m -> String.valueOf(m.get("state")))
                .findFirst().orElse("missing");
    }

    /** {@code vcstoken token list --json}. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> tokens() throws DemoStep.Failed, IOException {
        Object parsed = org.vcstoken.server.Json.parse(vcstoken(null, "token", "list", "--json")
                .getBytes(StandardCharsets.UTF_8));
        DemoStep.expect(parsed instanceof List, "token list --json is not a list");
        return (List<Map<String, Object>>) parsed;
    }

    /**
     * An askpass program that answers vcstoken's questions as a person would: "a" (assisted) to
     * the offer to create a token, the account password, and the API token pasted from the token
     * page (once {@link #pasteApiToken} gave one), each read from a 0600 file so that no secret is
     * in an argv or an environment. Any other question fails. Each question is appended to
     * {@code log}.
     */
    Path askpass(Path log) throws IOException {
        Path secret = secretFile("password", password);
        Path script = tmp.resolve("askpass.sh");
        Files.writeString(script, "#!/bin/sh\n"
                + "printf '%s\\n' \"$1\" >> " + EnvCommand.shellQuote(log.toString()) + "\n"
                + "case \"$1\" in\n"
                + "  *'Create one now'*) echo a ;;\n"
                + "  *Password*) cat " + EnvCommand.shellQuote(secret.toString()) + " ;;\n"
                + "  *'Paste the new API token'*) cat " + EnvCommand.shellQuote(tmp.resolve("api-token").toString())
                + " ;;\n"
                + "  *) exit 1 ;;\n"
                + "esac\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    /** What the askpass program answers to "Paste the new API token": the token the person made. */
    void pasteApiToken(String token) throws IOException {
        secretFile("api-token", token);
    }

    private Path secretFile(String name, String secret) throws IOException {
        Path file = tmp.resolve(name);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, secret + "\n");
        return file;
    }

    /** The questions an askpass program logged to {@code log} so far. */
    static List<String> questions(Path log) throws IOException {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    /**
     * A stand-in for the person's browser: it appends the page it is given to browser.log, which
     * the steps show, and opens nothing.
     */
    private Path browser() throws IOException {
        Path script = tmp.resolve("browser.sh");
        Files.writeString(script, "#!/bin/sh\nprintf '%s\\n' \"$1\" >> "
                + EnvCommand.shellQuote(tmp.resolve("browser.log").toString()) + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    /** The pages vcstoken opened so far. */
    List<String> pagesOpened() throws IOException {
        return questions(tmp.resolve("browser.log"));
    }

    // --- hg ----------------------------------------------------------------------------------------

    Path hgExtension() {
        return prefix.resolve("share/vcstoken/hg/vcstoken.py");
    }

    /** Why hg cannot run here: not installed, the sandbox's hg backend off, or the extension missing. */
    Optional<String> whyNoHg() {
        Path extension = hgExtension();
        return Optional.ofNullable(!onPath("hg") ? "hg is not installed"
                : !"on".equals(info.get("hg")) ? "the sandbox's hg backend is " + info.get("hg")
                : !Files.isRegularFile(extension) ? extension + " is not installed" : null);
    }

    /**
     * {@code hg clone URL DEST} through the vcstoken extension (enabled on the command line, as the
     * throw-away HGRCPATH has none), tracing to {@code trace}; fails the step unless it made a
     * repository.
     */
    Result hgClone(String source, Path dest, Path trace) throws DemoStep.Failed {
        Result clone = run(programs().command("hg", "--noninteractive",
                "--config", "extensions.vcstoken=" + hgExtension(),
                "--config", "vcstoken.command=" + prefix.resolve("bin/git-credential-vcstoken"),
                "clone", source, dest.toString())
                .environment("VCSTOKEN_TRACE", trace.toString()).directory(work).timeout(Duration.ofSeconds(120)));
        DemoStep.expect(clone.exit() == 0, "hg clone failed: " + (clone.out() + clone.err()).strip());
        DemoStep.expect(Files.isDirectory(dest.resolve(".hg")), "hg clone made no repository");
        return clone;
    }

    /** The first line of {@code text} (a child's stderr) that contains {@code what}, or empty. */
    static Optional<String> lineWith(String text, String what) {
        return text.lines().filter(l -> l.contains(what)).findFirst();
    }

    /**
     * The first line of {@code s}, cut after its first sentence when that line is long (GitLab's
     * 401 text runs to several), for a narration line.
     */
    static String firstSentence(String s) {
        String line = firstLine(s);
        int end = line.indexOf(". ");
        return line.length() > 100 && end > 0 ? line.substring(0, end + 1) + " …" : line;
    }

    /** The line of {@code git ls-remote} output that names a branch, else its first line. */
    static String branchLine(String lsRemote) {
        return lsRemote.lines().filter(l -> l.contains("refs/heads/")).findFirst().orElse(firstLine(lsRemote));
    }

    static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
