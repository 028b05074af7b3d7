package org.vcstoken.cli;

import static org.vcstoken.cli.DemoStep.expect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vcstoken.process.Result;

/**
 * The demo against the RhodeCode sandbox, as a list of steps: token choice, revocation, expiry with
 * the fallback, then hg and svn where they can run. The README's "First look" tells the same story.
 */
final class RhodecodeDemo {
    static final String USER = "alice";
    private static final Pattern ADDED = Pattern.compile("added token (\\S+)");
    private static final Duration LATER = Duration.ofHours(4);

    private RhodecodeDemo() {
    }

    /** The steps, in the order they run. */
    static List<DemoStep> steps() {
        return List.of(
                new DemoStep("sandbox", run -> "start a RhodeCode-compatible sandbox in " + run.tmp()
                        + " (throw-away HOME and VCSTOKEN_HOME)", run -> Optional.empty(), RhodecodeDemo::startSandbox),
                DemoStep.of("tokens", "store a repository token for demo/app and two server-wide tokens; enable git "
                        + "(vcstoken configure --git)", RhodecodeDemo::storeTokens),
                DemoStep.of("clones", "git clone demo/app takes the repository token, git clone demo/lib the server-wide "
                        + "one; push works", RhodecodeDemo::twoClones),
                DemoStep.of("revocation", "a token revoked on the server is erased, and the next candidate takes over",
                        RhodecodeDemo::revocation),
                DemoStep.of("expiry", "4 hours later every token has expired; the fallback creates a new one (the demo "
                        + "answers it)", RhodecodeDemo::expiry),
                new DemoStep("hg", run -> "hg clone through the vcstoken extension takes the repository token for demo/hg",
                        RhodecodeDemo::whyNoHg, RhodecodeDemo::hg),
                new DemoStep("svn", run -> "svn checkout through `vcstoken svn` takes the repository token for demo/svn",
                        RhodecodeDemo::whyNoSvn, RhodecodeDemo::svn));
    }

    private static void startSandbox(DemoRun run) throws DemoStep.Failed, IOException {
        run.detail(run.startSandbox("--auth-cache-ttl", "0"));
        DemoApi api = run.api();
        api.call("create_user", args("username", USER, "email", "alice@example.test", "password", run.password()));
        for (String repo : List.of("demo/app", "demo/lib")) {
            api.call("create_repo", args("repo_name", repo, "repo_type", "git", "owner", USER));
        }
        run.detail("user " + USER + ", git repositories demo/app and demo/lib; hg backend " + run.info().get("hg")
                + ", svn backend " + run.info().get("svn"));
    }

    private static void storeTokens(DemoRun run) throws DemoStep.Failed, IOException {
        run.vcstoken(null, "server", "add", run.url(), "--user", USER, "--lifetime", "1h");
        addToken(run, "app", "/demo/app", 60, "demo/app", "--lifetime", "1h");
        addToken(run, "wide", "", -1, null);
        addToken(run, "spare", "", 180, null, "--lifetime", "3h");
        run.detail("the secrets went in on standard input, never on a command line; vcstoken token list:");
        for (String line : run.vcstoken(null, "token", "list").split("\n")) {
            run.detail("  " + line);
        }
        String configured = run.vcstoken(null, "configure", "--git");
        expect(configured.contains("uses git-credential-vcstoken"), "configure --git did not enable the helper: "
                + configured);
        run.detail("git: helper and useHttpPath on for " + run.url() + " (in the throw-away global config)");
    }

    private static void twoClones(DemoRun run) throws DemoStep.Failed, IOException {
        Path work = run.work();
        Path trace = run.nextTrace();
        run.gitOk(work, Map.of("VCSTOKEN_TRACE", trace.toString()), "clone", "-q", run.url() + "/demo/app", "app");
        run.expectChosen(trace, run.token("app"), "(repo demo/app)");
        trace = run.nextTrace();
        run.gitOk(work, Map.of("VCSTOKEN_TRACE", trace.toString()), "clone", "-q", run.url() + "/demo/lib", "lib");
        run.expectChosen(trace, run.token("wide"), "(server-wide)");
        Path app = work.resolve("app");
        String remote = run.pushReadme(app, run.url() + "/demo/app");
        run.detail("git push origin HEAD; git ls-remote shows " + remote.strip().split("\n")[0]);
    }

    private static void revocation(DemoRun run) throws DemoStep.Failed, IOException {
        String wide = run.token("wide");
        String spare = run.token("spare");
        Path lib = run.work().resolve("lib");
        run.api().call("sandbox_delete_auth_token", args("id", run.serverId(wide)));
        run.detail("deleted the server-wide token " + wide + " on the server (as an admin would)");
        Result failed = run.git(lib, Map.of(), "fetch", "-q");
        expect(failed.exit() != 0, "git fetch worked with a deleted token");
        run.detail("git fetch in demo/lib: " + DemoRun.firstLine(failed.err()));
        expect("rejected".equals(run.state(wide)), "token " + wide + " is " + run.state(wide)
                + " after git's erase, not rejected");
        run.detail("git told the helper (erase): token " + wide + " is now marked rejected");
        Path trace = run.nextTrace();
        run.gitOk(lib, Map.of("VCSTOKEN_TRACE", trace.toString()), "fetch", "-q");
        run.expectChosen(trace, spare, "(server-wide)");
        run.detail("git fetch again: works with the spare server-wide token " + spare);
    }

    private static void expiry(DemoRun run) throws DemoStep.Failed, IOException {
        double epoch = System.currentTimeMillis() / 1000.0 + LATER.toSeconds();
        run.api().call("sandbox_set_time", args("epoch", epoch));
        // Children see the same future as the server; only vcstoken's idea of "now" moves.
        run.environment("VCSTOKEN_CLOCK_OFFSET", Long.toString(LATER.toSeconds()));
        run.detail("moved the server's clock and vcstoken's (VCSTOKEN_CLOCK_OFFSET) 4 h ahead");
        Path askpassLog = run.tmp().resolve("askpass.log");
        Path askpass = run.askpass(askpassLog);
        Path trace = run.nextTrace();
        run.gitOk(run.work().resolve("app"), Map.of("GIT_ASKPASS", askpass.toString(), "VCSTOKEN_TRACE", trace.toString()),
                "fetch", "-q");
        String asked = Files.exists(askpassLog) ? Files.readString(askpassLog) : "";
        expect(asked.contains("Create one now"), "vcstoken did not offer to create a token: " + asked);
        expect(asked.contains("Password"), "vcstoken did not ask for the account password: " + asked);
        for (String q : asked.strip().split("\n")) {
            run.detail("asked: " + DemoRun.firstLine(q) + "  -> answered by " + askpass.getFileName());
        }
        Map<String, Object> created = run.tokens().stream()
                .filter(m -> "created".equals(m.get("origin")) && "ok".equals(m.get("state"))).findFirst()
                .orElseThrow(() -> new DemoStep.Failed("no working token created by vcstoken in the store"));
        // The sandbox imitates RhodeCode CE by default, which has no repository scopes.
        Object scope = created.get("scope");
        run.detail("git fetch in demo/app worked with token " + created.get("id") + " (created by vcstoken, "
                + (scope == null ? "server-wide: RhodeCode CE makes no repository tokens" : "scope " + scope)
                + ", expires " + created.get("expires") + "); the password was not stored");
        expect(!Files.readString(run.tmp().resolve("vcstoken").resolve("store.json"), StandardCharsets.ISO_8859_1)
                .contains(run.password()), "the account password is in the store");
    }

    static Optional<String> whyNoHg(DemoRun run) {
        return run.whyNoHg();
    }

    private static void hg(DemoRun run) throws DemoStep.Failed, IOException {
        run.api().call("create_repo", args("repo_name", "demo/hg", "repo_type", "hg", "owner", USER));
        String id = addToken(run, "hg", "/demo/hg", -1, "demo/hg");
        Path trace = run.nextTrace();
        run.hgClone(run.url() + "/demo/hg", run.work().resolve("hg"), trace);
        run.expectChosen(trace, id, "(repo demo/hg)");
    }

    static Optional<String> whyNoSvn(DemoRun run) throws DemoStep.Failed {
        String skip = !run.onPath("svn") ? "svn is not installed"
                : !"on".equals(run.info().get("svn")) ? "the sandbox's svn backend is " + run.info().get("svn") : null;
        if (skip == null && run.run(run.programs().command(run.prefix().resolve("bin/vcstoken").toString(), "svn", "--help")
                .directory(run.tmp())).exit() != 0) {
            skip = "this build of vcstoken has no svn front door (vcstoken svn)";
        }
        return Optional.ofNullable(skip);
    }

    private static void svn(DemoRun run) throws DemoStep.Failed, IOException {
        run.api().call("create_repo", args("repo_name", "demo/svn", "repo_type", "svn", "owner", USER));
        String id = addToken(run, "svn", "/demo/svn", -1, "demo/svn");
        Path trace = run.nextTrace();
        Path work = run.work();
        Result checkout = run.run(run.programs().command(run.prefix().resolve("bin/vcstoken").toString(), "svn",
                "checkout", run.url() + "/demo/svn", work.resolve("svn").toString())
                .environment("VCSTOKEN_TRACE", trace.toString()).directory(work).timeout(Duration.ofSeconds(120)));
        expect(checkout.exit() == 0, "vcstoken svn checkout failed: " + (checkout.out() + checkout.err()).strip());
        expect(Files.isDirectory(work.resolve("svn/.svn")), "svn checkout made no working copy");
        run.expectChosen(trace, id, "(repo demo/svn)");
    }

    /**
     * Has the sandbox issue a token (as its web UI would) and stores it with {@code vcstoken token
     * add}, the secret on standard input; remembers its id as {@code label}.
     */
    private static String addToken(DemoRun run, String label, String path, int minutes, String scope, String... more)
            throws DemoStep.Failed, IOException {
        Map<String, Object> a = args("userid", USER, "role", "token_role_vcs", "lifetime", minutes,
                "description", "vcstoken demo");
        if (scope != null) {
            a.put("scope_repo", scope);
        }
        Map<String, Object> issued = run.api().call("sandbox_add_auth_token", a);
        String secret = String.valueOf(issued.get("auth_token"));
        List<String> cmd = new ArrayList<>(List.of("token", "add", run.url() + path, "--user", USER));
        cmd.addAll(List.of(more));
        String out = run.vcstoken(secret + "\n", cmd.toArray(String[]::new));
        Matcher m = ADDED.matcher(out);
        expect(m.find(), "vcstoken token add printed no token id: " + out);
        run.remember(label, m.group(1), issued.get("id"));
        return m.group(1);
    }

    private static Map<String, Object> args(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
