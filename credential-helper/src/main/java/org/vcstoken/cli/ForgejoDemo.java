package org.vcstoken.cli;

import static org.vcstoken.cli.DemoRest.body;
import static org.vcstoken.cli.DemoRest.number;
import static org.vcstoken.cli.DemoStep.expect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.vcstoken.process.Result;

/**
 * The demo against the sandbox's Forgejo imitation ({@code vcstoken-sandbox --flavor forgejo}), as
 * a list of steps: first use, where the password makes a token limited to the repository, and
 * renewal once the lifetime vcstoken enforces has passed, which deletes the old token on the
 * server. The server side goes through Forgejo's own admin API with the admin token from
 * sandbox.json, and the server's token list is shown before and after.
 */
final class ForgejoDemo {
    static final String USER = "alice";
    static final String REPO = "alice/app";
    private static final String TOKENS_API = "/api/v1/users/" + USER + "/tokens";
    /** Past the 90 days vcstoken gives a Forgejo token (the profile's default lifetime). */
    private static final Duration LATER = Duration.ofDays(91);

    private ForgejoDemo() {
    }

    /** The steps, in the order they run. */
    static List<DemoStep> steps() {
        return List.of(
                new DemoStep("sandbox", run -> "start a Forgejo imitation (vcstoken-sandbox --flavor forgejo) in "
                        + run.tmp() + " (throw-away HOME and VCSTOKEN_HOME)", run -> Optional.empty(),
                        ForgejoDemo::startSandbox),
                DemoStep.of("server", "vcstoken server add finds out the server is Forgejo; enable git (vcstoken "
                        + "configure --git)", ForgejoDemo::addServer),
                DemoStep.of("first use", "git clone alice/app with no token: vcstoken asks, and alice's password makes a "
                        + "token limited to the repository (the demo's askpass answers); push works", ForgejoDemo::firstUse),
                DemoStep.of("renewal", "91 days later the token is past the lifetime vcstoken enforces: the next fetch "
                        + "gets a new token, and the old one is deleted on Forgejo", ForgejoDemo::renewal));
    }

    private static void startSandbox(DemoRun run) throws DemoStep.Failed, IOException {
        run.detail(run.startSandbox("--flavor", "forgejo"));
        run.rest(DemoRest.forgejo(run.url(), run.adminToken()));
        DemoRest forgejo = run.rest();
        forgejo.post("/api/v1/admin/users", body("username", USER, "email", "alice@example.test", "password",
                run.password(), "must_change_password", false), 201);
        forgejo.post("/api/v1/admin/users/" + USER + "/repos", body("name", "app", "private", true), 201);
        run.detail("Forgejo " + run.info().get("version") + ", seeded through its admin API with the admin token: user "
                + USER + " (POST /api/v1/admin/users) and her private repository " + REPO
                + " (POST /api/v1/admin/users/" + USER + "/repos)");
    }

    private static void addServer(DemoRun run) throws DemoStep.Failed, IOException {
        String added = run.vcstoken(null, "server", "add", run.url(), "--user", USER);
        String detected = DemoRun.lineWith(added, "detected kind").orElseThrow(() -> new DemoStep.Failed(
                "server add did not say which kind it found: " + added.strip()));
        expect(detected.contains("detected kind forgejo"), "server add did not recognise Forgejo: " + detected);
        run.detail("vcstoken server add " + run.url() + " --user " + USER + ": " + detected.strip());
        String configured = run.vcstoken(null, "configure", "--git");
        expect(configured.contains("uses git-credential-vcstoken"), "configure --git did not enable the helper: "
                + configured);
        run.detail("git: helper and useHttpPath on for " + run.url() + " (in the throw-away global config)");
    }

    private static void firstUse(DemoRun run) throws DemoStep.Failed, IOException {
        Path askpassLog = askpassLog(run);
        Path askpass = run.askpass(askpassLog);
        // From here on every child may ask the demo's askpass; each question it gets is logged.
        run.environment("GIT_ASKPASS", askpass.toString());
        Path work = run.work();
        Path trace = run.nextTrace();
        Result clone = run.git(work, Map.of("VCSTOKEN_TRACE", trace.toString()), "clone", "-q",
                run.url() + "/" + REPO + ".git", "app");
        expect(clone.exit() == 0, "git clone failed: " + (clone.out() + clone.err()).strip());
        List<String> asked = DemoRun.questions(askpassLog);
        expectAssisted(run, asked, 0, askpass);
        Map<String, Object> token = created(run, clone);
        Instant expires = Instant.parse(String.valueOf(token.get("expires")));
        Instant ninetyDays = Instant.now().plus(Duration.ofDays(90));
        expect("vcstoken".equals(token.get("expiry_by")) && expires.isAfter(ninetyDays.minus(Duration.ofMinutes(10)))
                && !expires.isAfter(ninetyDays), "the token's expiry is " + token.get("expires") + " (by "
                + token.get("expiry_by") + "), not the 90 days vcstoken enforces");
        run.detail("stored for " + token.get("scope") + ", expires " + token.get("expires") + " (vcstoken's own expiry: "
                + "Forgejo would keep the token forever); the password was not stored");
        expect(!Files.readString(run.tmp().resolve("vcstoken").resolve("store.json"), StandardCharsets.ISO_8859_1)
                .contains(run.password()), "the account password is in the store");
        List<Map<String, Object>> listed = serverTokens(run, "now");
        expect(listed.size() == 1 && String.valueOf(number(listed.get(0).get("id"))).equals(token.get("server_id")),
                "Forgejo lists " + listed.size() + " tokens for " + USER + ", not just server id "
                + token.get("server_id"));
        expect(List.of(REPO).equals(repositories(listed.get(0))), "the token on Forgejo is limited to "
                + repositories(listed.get(0)) + ", not " + REPO);
        Path app = work.resolve("app");
        String remote = run.pushReadme(app, run.url() + "/" + REPO + ".git");
        expect(DemoRun.questions(askpassLog).size() == asked.size(), "vcstoken asked again for the push: "
                + DemoRun.questions(askpassLog));
        run.detail("git push origin HEAD with the same token, nothing asked; git ls-remote shows "
                + DemoRun.branchLine(remote));
    }

    private static void renewal(DemoRun run) throws DemoStep.Failed, IOException {
        Map<String, Object> old = run.tokens().stream().filter(t -> REPO.equals(t.get("scope"))).findFirst()
                .orElseThrow(() -> new DemoStep.Failed("no token for " + REPO + " in the store"));
        String oldServerId = String.valueOf(old.get("server_id"));
        serverTokens(run, "before");
        run.rest().post("/_sandbox/time", body("epoch", Instant.now().plus(LATER).getEpochSecond()), 200);
        // Children see the same future as the server; only vcstoken's idea of "now" decides expiry here.
        run.environment("VCSTOKEN_CLOCK_OFFSET", Long.toString(LATER.toSeconds()));
        run.detail("moved Forgejo's clock (POST /_sandbox/time) and vcstoken's (VCSTOKEN_CLOCK_OFFSET) 91 days ahead: "
                + "token " + old.get("id") + " expired at " + old.get("expires") + " by vcstoken's count, though "
                + "Forgejo would still take it");
        Path askpassLog = askpassLog(run);
        int before = DemoRun.questions(askpassLog).size();
        Path trace = run.nextTrace();
        Result fetch = run.git(run.work().resolve("app"), Map.of("VCSTOKEN_TRACE", trace.toString()), "fetch", "-q");
        expect(fetch.exit() == 0, "git fetch past the expiry failed: " + (fetch.out() + fetch.err()).strip());
        String traced = Files.exists(trace) ? Files.readString(trace) : "";
        String skipped = DemoRun.lineWith(traced, "skipped token " + old.get("id")).orElseThrow(
                () -> new DemoStep.Failed("the trace does not say the expired token " + old.get("id") + " was skipped"));
        run.detail("trace: " + skipped.substring(skipped.indexOf("skipped token")));
        expectAssisted(run, DemoRun.questions(askpassLog), before, run.tmp().resolve("askpass.sh"));
        Map<String, Object> renewed = created(run, fetch);
        expect(!old.get("id").equals(renewed.get("id")), "the expired token " + old.get("id") + " is still the one in "
                + "use");
        String deleted = DemoRun.lineWith(traced, "deleted the replaced token " + old.get("id")).orElseThrow(
                () -> new DemoStep.Failed("the trace does not say the old token was deleted on the server"));
        run.detail("trace: " + deleted.substring(deleted.indexOf("deleted the replaced")));
        List<Map<String, Object>> listed = serverTokens(run, "after");
        expect(listed.size() == 1 && String.valueOf(number(listed.get(0).get("id"))).equals(renewed.get("server_id")),
                "Forgejo lists " + listed.size() + " tokens for " + USER + ", not just the new one (server id "
                + renewed.get("server_id") + ")");
        expect(!oldServerId.equals(renewed.get("server_id")), "the new token has the old one's server id");
        expect("missing".equals(run.state(String.valueOf(old.get("id")))), "the replaced token " + old.get("id")
                + " is still in vcstoken's store");
        run.detail("the old token (server id " + oldServerId + ") is gone from Forgejo and from vcstoken's store; "
                + "no forgotten token stays valid on the server");
    }

    /** The questions from {@code from} on are the assisted path's: the offer to create, then the password. */
    private static void expectAssisted(DemoRun run, List<String> asked, int from, Path askpass) throws DemoStep.Failed {
        List<String> these = asked.subList(Math.min(from, asked.size()), asked.size());
        expect(these.size() == 2 && these.get(0).contains("Create one now") && these.get(1).contains("Password for "
                + USER), "vcstoken did not ask to create a token and then for the password: " + these);
        for (String q : these) {
            run.detail("asked: " + DemoRun.firstLine(q) + "  -> answered by " + askpass.getFileName());
        }
    }

    /** The token vcstoken says (on stderr) it created in the command that gave {@code result}, as stored. */
    private static Map<String, Object> created(DemoRun run, Result result) throws DemoStep.Failed, IOException {
        String said = DemoRun.lineWith(result.err(), "vcstoken: created token").orElseThrow(() -> new DemoStep.Failed(
                "vcstoken said nothing about a new token: " + result.err().strip()));
        run.detail("stderr: " + said.strip());
        Map<String, Object> token = run.tokens().stream().filter(t -> REPO.equals(t.get("scope"))
                && "created".equals(t.get("origin")) && "ok".equals(t.get("state"))).findFirst()
                .orElseThrow(() -> new DemoStep.Failed("no working token for " + REPO + " made by vcstoken in the "
                        + "store"));
        expect(said.contains("created token " + token.get("id")), "stderr names another token than the stored "
                + token.get("id") + ": " + said);
        return token;
    }

    /** Forgejo's list of alice's tokens (its own API, as the admin), each shown; {@code when} heads it. */
    private static List<Map<String, Object>> serverTokens(DemoRun run, String when) throws DemoStep.Failed, IOException {
        List<Map<String, Object>> listed = run.rest().list(TOKENS_API);
        run.detail("Forgejo's token list " + when + " (GET " + TOKENS_API + ")" + (listed.isEmpty() ? ": empty" : ":"));
        for (Map<String, Object> t : listed) {
            run.detail("  id " + t.get("id") + " \"" + t.get("name") + "\", scopes " + t.get("scopes")
                    + ", repositories " + repositories(t));
        }
        return listed;
    }

    private static List<String> repositories(Map<String, Object> token) {
        return token.get("repositories") instanceof List<?> l ? l.stream()
                .map(r -> r instanceof Map<?, ?> m ? String.valueOf(m.get("full_name")) : String.valueOf(r))
                .collect(Collectors.toList()) : List.of("(all)");
    }

    private static Path askpassLog(DemoRun run) {
        return run.tmp().resolve("askpass.log");
    }
}
