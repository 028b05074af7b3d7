package org.vcstoken.cli;

import static org.vcstoken.cli.DemoRest.body;
import static org.vcstoken.cli.DemoRest.number;
import static org.vcstoken.cli.DemoStep.expect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vcstoken.process.Result;

/**
 * The demo against the sandbox's GitLab imitation ({@code vcstoken-sandbox --flavor gitlab}), as a
 * list of steps: the API token, a project access token made on first use with nobody asked, a
 * revoked one replaced the same way, rotation inside the renew window, and Heptapod's hg where it
 * can run. Everything on the server side goes through GitLab's own REST API with the admin token
 * from sandbox.json, as an administrator (or the person, on GitLab's pages) would do it.
 */
final class GitLabDemo {
    static final String USER = "alice";
    static final String PROJECT = "alice/app";
    private static final String PROJECT_API = "/api/v4/projects/alice%2Fapp";
    /** Into a 30-day token's renew window (its last 3 days), for GitLab and for vcstoken alike. */
    private static final Duration LATER = Duration.ofDays(28);
    private static final Pattern PROJECT_TOKEN = Pattern.compile("project/(\\d+)/(\\d+)");

    private GitLabDemo() {
    }

    /** The steps, in the order they run. */
    static List<DemoStep> steps() {
        return List.of(
                new DemoStep("sandbox", run -> "start a GitLab imitation (vcstoken-sandbox --flavor gitlab) in " + run.tmp()
                        + " (throw-away HOME and VCSTOKEN_HOME)", run -> Optional.empty(), GitLabDemo::startSandbox),
                DemoStep.of("login", "the API token: vcstoken login opens GitLab's token page and takes the pasted token "
                        + "(the demo's askpass pastes it); enable git (vcstoken configure --git)", GitLabDemo::login),
                DemoStep.of("clone", "git clone alice/app: vcstoken makes a project access token for exactly that "
                        + "project with nobody asked; push works", GitLabDemo::firstClone),
                DemoStep.of("revocation", "a project token revoked on GitLab is erased, and the next fetch gets a new one, "
                        + "again with nobody asked", GitLabDemo::revocation),
                DemoStep.of("renewal", "28 days later the token is inside its renew window: a fetch rotates it on GitLab "
                        + "and already uses the new one", GitLabDemo::renewal),
                new DemoStep("heptapod", run -> "hg clone of a Heptapod (hg) project through the vcstoken extension gets "
                        + "a project token of its own", DemoRun::whyNoHg, GitLabDemo::heptapod));
    }

    private static void startSandbox(DemoRun run) throws DemoStep.Failed, IOException {
        run.detail(run.startSandbox("--flavor", "gitlab"));
        run.rest(DemoRest.gitLab(run.url(), run.adminToken()));
        DemoRest gitlab = run.rest();
        Map<String, Object> user = gitlab.post("/api/v4/users", body("email", "alice@example.test", "name", "Alice",
                "username", USER, "password", run.password()), 201);
        run.note("user id", number(user.get("id")));
        gitlab.post("/api/v4/projects/user/" + number(user.get("id")), body("name", "app"), 201);
        run.detail("GitLab " + run.info().get("version") + ", seeded through its admin API with the admin token: user "
                + USER + " (POST /api/v4/users) and her private project " + PROJECT + " (POST /api/v4/projects/user/"
                + number(user.get("id")) + "); Heptapod (hg) backend " + run.info().get("hg"));
    }

    private static void login(DemoRun run) throws DemoStep.Failed, IOException {
        String added = run.vcstoken(null, "server", "add", run.url(), "--user", USER);
        String detected = DemoRun.lineWith(added, "detected kind").orElseThrow(() -> new DemoStep.Failed(
                "server add did not say which kind it found: " + added.strip()));
        expect(detected.contains("detected kind gitlab"), "server add did not recognise GitLab: " + detected);
        run.detail("vcstoken server add " + run.url() + " --user " + USER + ": " + detected.strip());
        // What alice does on the page vcstoken opens, done here by GitLab's admin API for her.
        LocalDate expires = serverToday(run).plusDays(90);
        Map<String, Object> pat = run.rest().post("/api/v4/users/" + run.noted("user id") + "/personal_access_tokens",
                body("name", "vcstoken API", "scopes", List.of("api"), "expires_at", expires.toString()), 201);
        run.pasteApiToken(String.valueOf(pat.get("token")));
        Path askpassLog = askpassLog(run);
        Path askpass = run.askpass(askpassLog);
        // From here on every child may ask the demo's askpass; each question it gets is logged.
        run.environment("GIT_ASKPASS", askpass.toString());
        String stored = run.vcstoken(null, "login", run.url());
        List<String> pages = run.pagesOpened();
        expect(pages.size() == 1 && pages.get(0).contains("/-/user_settings/personal_access_tokens?name=")
                && pages.get(0).contains("scopes=api"), "vcstoken login did not open GitLab's prefilled token page: "
                + pages);
        run.detail("vcstoken login " + run.url() + " opened " + pages.get(0));
        run.detail("  (the demo's stand-in browser only records it; alice makes the token there, scope api, "
                + "expires " + expires + ")");
        List<String> asked = DemoRun.questions(askpassLog);
        expect(asked.size() == 1 && asked.get(0).contains("Paste the new API token"),
                "vcstoken login asked something else than for the API token: " + asked);
        run.detail("asked: " + asked.get(0).strip() + "  -> answered by " + askpass.getFileName());
        Map<String, Object> api = run.tokens().stream().filter(t -> "api".equals(t.get("role"))).findFirst()
                .orElseThrow(() -> new DemoStep.Failed("no API token in the store after login: " + stored.strip()));
        expect((expires + "T00:00:00Z").equals(api.get("expires")), "the API token's expiry is " + api.get("expires")
                + ", not GitLab's date " + expires + " (00:00 UTC)");
        run.detail(DemoRun.firstLine(stored) + " (checked with GET /api/v4/personal_access_tokens/self; never "
                + "handed to git)");
        String configured = run.vcstoken(null, "configure", "--git");
        expect(configured.contains("uses git-credential-vcstoken"), "configure --git did not enable the helper: "
                + configured);
        run.detail("git: helper and useHttpPath on for " + run.url() + " (in the throw-away global config)");
    }

    private static void firstClone(DemoRun run) throws DemoStep.Failed, IOException {
        Path work = run.work();
        int asked = DemoRun.questions(askpassLog(run)).size();
        Path trace = run.nextTrace();
        Result clone = run.git(work, Map.of("VCSTOKEN_TRACE", trace.toString()), "clone", "-q",
                run.url() + "/" + PROJECT + ".git", "app");
        expect(clone.exit() == 0, "git clone failed: " + (clone.out() + clone.err()).strip());
        expectNothingAsked(run, asked);
        Map<String, Object> token = projectToken(run, PROJECT, clone, trace);
        run.remember("app", String.valueOf(token.get("id")), token.get("server_id"));
        Map<String, Object> onServer = liveOnServer(run, PROJECT_API, tokenIdOnServer(token));
        expect(List.of("read_repository", "write_repository").equals(onServer.get("scopes")),
                "the project token's scopes on GitLab are " + onServer.get("scopes"));
        expect(number(onServer.get("access_level")) == 30, "the project token's role is " + onServer.get("access_level")
                + ", not Developer (30)");
        expect(String.valueOf(token.get("expires")).equals(onServer.get("expires_at") + "T00:00:00Z"),
                "vcstoken stored the expiry " + token.get("expires") + ", GitLab says " + onServer.get("expires_at"));
        run.detail("GitLab (GET " + PROJECT_API + "/access_tokens): token " + onServer.get("id") + " \""
                + onServer.get("name") + "\", scopes read_repository write_repository, role Developer (30), expires_at "
                + onServer.get("expires_at") + "; vcstoken stored it for " + token.get("scope") + ", expires "
                + token.get("expires"));
        Path app = work.resolve("app");
        String remote = run.pushReadme(app, run.url() + "/" + PROJECT + ".git");
        expectNothingAsked(run, asked);
        run.detail("git push origin HEAD with the same token; git ls-remote shows " + DemoRun.branchLine(remote));
    }

    private static void revocation(DemoRun run) throws DemoStep.Failed, IOException {
        String old = run.token("app");
        long oldOnServer = tokenIdOnServer(String.valueOf(run.serverId(old)));
        Path app = run.work().resolve("app");
        run.rest().delete(PROJECT_API + "/access_tokens/" + oldOnServer);
        run.detail("revoked project token " + oldOnServer + " on GitLab (DELETE " + PROJECT_API + "/access_tokens/"
                + oldOnServer + ", as a maintainer would)");
        Result failed = run.git(app, Map.of(), "fetch", "-q");
        expect(failed.exit() != 0, "git fetch worked with a revoked token");
        run.detail("git fetch: " + DemoRun.firstSentence(failed.err()));
        expect("rejected".equals(run.state(old)), "token " + old + " is " + run.state(old)
                + " after git's erase, not rejected");
        run.detail("git told the helper (erase): token " + old + " is now marked rejected");
        int asked = DemoRun.questions(askpassLog(run)).size();
        Path trace = run.nextTrace();
        Result fetch = run.git(app, Map.of("VCSTOKEN_TRACE", trace.toString()), "fetch", "-q");
        expect(fetch.exit() == 0, "git fetch after the erase failed: " + (fetch.out() + fetch.err()).strip());
        expectNothingAsked(run, asked);
        Map<String, Object> token = projectToken(run, PROJECT, fetch, trace);
        expect(!old.equals(token.get("id")), "the rejected token " + old + " is still the one in use");
        run.remember("app", String.valueOf(token.get("id")), token.get("server_id"));
        List<Map<String, Object>> live = live(run, PROJECT_API);
        expect(live.size() == 1 && number(live.get(0).get("id")) == tokenIdOnServer(token), "GitLab lists "
                + live.size() + " live tokens for " + PROJECT + ", not just the new one: " + live);
        expect("missing".equals(run.state(old)), "the replaced token " + old + " is still in the store ("
                + run.state(old) + ")");
        run.detail("vcstoken dropped the rejected token " + old + " from its store; GitLab has one live token for "
                + PROJECT + ", the new one (" + tokenIdOnServer(token) + ")");
    }

    private static void renewal(DemoRun run) throws DemoStep.Failed, IOException {
        String id = run.token("app");
        String serverIdBefore = String.valueOf(run.serverId(id));
        Map<String, Object> before = run.tokens().stream().filter(t -> id.equals(t.get("id"))).findFirst()
                .orElseThrow(() -> new DemoStep.Failed("token " + id + " is not in the store"));
        Instant later = Instant.now().plus(LATER);
        Map<String, Object> now = run.rest().post("/_sandbox/time", body("epoch", later.getEpochSecond()), 200);
        // Children see the same future as the server.
        run.environment("VCSTOKEN_CLOCK_OFFSET", Long.toString(LATER.toSeconds()));
        LocalDate today = LocalDate.ofInstant(Instant.ofEpochSecond(number(now.get("now"))), ZoneOffset.UTC);
        run.detail("moved GitLab's clock (POST /_sandbox/time) and vcstoken's (VCSTOKEN_CLOCK_OFFSET) 28 days ahead, "
                + "to " + today + ": token " + id + " expires " + before.get("expires") + ", inside its 3-day renew "
                + "window");
        int asked = DemoRun.questions(askpassLog(run)).size();
        Path trace = run.nextTrace();
        Result fetch = run.git(run.work().resolve("app"), Map.of("VCSTOKEN_TRACE", trace.toString()), "fetch", "-q");
        expect(fetch.exit() == 0, "git fetch in the renew window failed: " + (fetch.out() + fetch.err()).strip());
        expectNothingAsked(run, asked);
        String renewed = DemoRun.lineWith(fetch.err(), "renewed token " + id).orElseThrow(() -> new DemoStep.Failed(
                "the fetch did not renew token " + id + ": " + fetch.err().strip()));
        run.detail("git fetch: " + renewed.strip());
        String rotated = DemoRun.lineWith(Files.readString(trace), "rotated token " + id).orElseThrow(
                () -> new DemoStep.Failed("the trace shows no rotation of token " + id));
        run.detail("trace: " + rotated.substring(rotated.indexOf("rotated token")));
        Map<String, Object> after = run.tokens().stream().filter(t -> id.equals(t.get("id"))).findFirst()
                .orElseThrow(() -> new DemoStep.Failed("token " + id + " is gone from the store after its rotation"));
        expect(!serverIdBefore.equals(after.get("server_id")), "the stored token still names GitLab's old token "
                + serverIdBefore);
        expect((today.plusDays(30) + "T00:00:00Z").equals(after.get("expires")), "the rotated token expires "
                + after.get("expires") + ", not 30 days after " + today);
        List<Map<String, Object>> all = run.rest().list(PROJECT_API + "/access_tokens");
        List<Map<String, Object>> live = all.stream().filter(t -> Boolean.TRUE.equals(t.get("active"))).toList();
        expect(live.size() == 1 && number(live.get(0).get("id")) == tokenIdOnServer(after), "GitLab lists "
                + live.size() + " live tokens for " + PROJECT + ", not exactly the rotated one: " + live);
        run.detail("GitLab's list of " + PROJECT + "'s tokens (GET " + PROJECT_API + "/access_tokens):");
        for (Map<String, Object> t : all) {
            run.detail("  token " + t.get("id") + ": " + (Boolean.TRUE.equals(t.get("active")) ? "live" : "revoked")
                    + ", expires_at " + t.get("expires_at"));
        }
        run.detail("exactly one live token; the rotation revoked the old secret, so the fetch that found the token "
                + "due already worked with the new one");
    }

    private static void heptapod(DemoRun run) throws DemoStep.Failed, IOException {
        Map<String, Object> app = run.rest().object(PROJECT_API);
        Object namespace = app.get("namespace") instanceof Map<?, ?> ns ? ns.get("id") : null;
        expect(namespace != null, "GitLab named no namespace for " + PROJECT);
        run.rest().post("/api/v4/projects", body("name", "hgapp", "namespace_id", number(namespace), "vcs_type", "hg"),
                201);
        run.detail("made alice/hgapp, a Mercurial project (POST /api/v4/projects with Heptapod's vcs_type hg)");
        int asked = DemoRun.questions(askpassLog(run)).size();
        Path trace = run.nextTrace();
        Result clone = run.hgClone(run.url() + "/alice/hgapp", run.work().resolve("hgapp"), trace);
        expectNothingAsked(run, asked);
        Map<String, Object> token = projectToken(run, "alice/hgapp", clone, trace);
        List<Map<String, Object>> live = live(run, "/api/v4/projects/alice%2Fhgapp");
        expect(live.size() == 1 && number(live.get(0).get("id")) == tokenIdOnServer(token), "GitLab lists "
                + live.size() + " live tokens for alice/hgapp: " + live);
        run.detail("GitLab has one live token for alice/hgapp; " + PROJECT + " keeps its own");
    }

    /**
     * The token vcstoken made for {@code project} in the command that gave {@code result}: its line
     * on stderr, the trace's line, and the stored token (scope, origin, state), each shown.
     */
    private static Map<String, Object> projectToken(DemoRun run, String project, Result result, Path trace)
            throws DemoStep.Failed, IOException {
        String said = DemoRun.lineWith(result.err(), "vcstoken: created token").orElseThrow(() -> new DemoStep.Failed(
                "vcstoken said nothing about a new token: " + result.err().strip()));
        run.detail("stderr: " + said.strip());
        String traced = DemoRun.lineWith(Files.exists(trace) ? Files.readString(trace) : "",
                "created token on the server with the API token").orElseThrow(() -> new DemoStep.Failed(
                        "the trace shows no token made with the API token"));
        run.detail("trace: " + traced.substring(traced.indexOf("created token")));
        Map<String, Object> token = run.tokens().stream().filter(t -> project.equals(t.get("scope"))
                && "created".equals(t.get("origin")) && "ok".equals(t.get("state"))).findFirst()
                .orElseThrow(() -> new DemoStep.Failed("no working token for " + project + " made by vcstoken in the "
                        + "store"));
        expect(said.contains("created token " + token.get("id")), "stderr names another token than the stored "
                + token.get("id") + ": " + said);
        return token;
    }

    /** The project token {@code id} as GitLab lists it; fails unless it is live. */
    private static Map<String, Object> liveOnServer(DemoRun run, String projectApi, long id)
            throws DemoStep.Failed, IOException {
        List<Map<String, Object>> live = live(run, projectApi);
        expect(live.size() == 1, "GitLab lists " + live.size() + " live tokens for the project: " + live);
        expect(number(live.get(0).get("id")) == id, "GitLab's live token is " + live.get(0).get("id")
                + ", vcstoken stored " + id);
        return live.get(0);
    }

    private static List<Map<String, Object>> live(DemoRun run, String projectApi) throws DemoStep.Failed, IOException {
        return run.rest().list(projectApi + "/access_tokens").stream()
                .filter(t -> Boolean.TRUE.equals(t.get("active"))).toList();
    }

    private static long tokenIdOnServer(Map<String, Object> token) throws DemoStep.Failed {
        return tokenIdOnServer(String.valueOf(token.get("server_id")));
    }

    /** GitLab's id of a project token from vcstoken's {@code server_id} ({@code project/12/345}). */
    private static long tokenIdOnServer(String serverId) throws DemoStep.Failed {
        Matcher m = PROJECT_TOKEN.matcher(serverId);
        expect(m.matches(), "the stored token is not a project token (server id " + serverId + ")");
        return Long.parseLong(m.group(2));
    }

    private static void expectNothingAsked(DemoRun run, int before) throws DemoStep.Failed, IOException {
        List<String> asked = DemoRun.questions(askpassLog(run));
        expect(asked.size() == before, "vcstoken asked a question: " + asked.subList(Math.min(before, asked.size()),
                asked.size()));
    }

    private static Path askpassLog(DemoRun run) {
        return run.tmp().resolve("askpass.log");
    }

    /** Today on GitLab's clock (UTC): the date its {@code expires_at} is counted from. */
    private static LocalDate serverToday(DemoRun run) throws DemoStep.Failed, IOException {
        Map<String, Object> now = run.rest().object("/_sandbox/time");
        return LocalDate.ofInstant(Instant.ofEpochSecond(number(now.get("now"))), ZoneOffset.UTC);
    }
}
