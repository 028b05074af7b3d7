package org.vcstoken.hg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.sandbox.IssuedToken;
import org.vcstoken.sandbox.Sandbox;
import org.vcstoken.sandbox.SandboxOptions;

/**
 * The whole chain: the machine's hg, the extension, the installed {@code git-credential-vcstoken}
 * and the sandbox's hg backend (RhodeCode-style token checks). Each test has its own sandbox,
 * HOME and VCSTOKEN_HOME.
 *
 * <p>The helper comes from {@code install/install.sh --no-build} into a temporary prefix, so
 * the credential-helper jars must have been packaged first ({@code mvn verify} does that), or
 * {@code VCSTOKEN_TEST_PREFIX} names an existing installation.
 */
class HgSandboxTest {
    private static final String ROLE_VCS = "token_role_vcs";
    private static final long ONE_DAY_MINUTES = 24 * 60;

    private static Path prefix;

    @TempDir
    Path tmp;

    private Sandbox sandbox;
    private HgClient hg;
    private Path vcstokenHome;

    @BeforeAll
    static void install() throws Exception {
        Tools.require("hg");
        prefix = Installation.prefix();
    }

    @BeforeEach
    void start() throws IOException {
        // No auth cache: a token deleted on the server must fail on the next request.
        sandbox = Sandbox.start(SandboxOptions.defaults(tmp.resolve("sandbox")).withAuthCacheTtl(Duration.ZERO));
        if (!sandbox.hgAvailable()) {
            Tools.missing("the sandbox has no hg backend: " + sandbox.hgUnavailableReason());
        }
        sandbox.createUser("alice", "alice-password");
        for (String repo : List.of("alpha", "beta")) {
            sandbox.createRepo(repo, "hg", "alice");
            sandbox.grant(repo, "alice", "repository.write");
        }
        vcstokenHome = Files.createDirectories(tmp.resolve("vcstoken-home"));
        hg = HgClient.create(Files.createDirectories(tmp.resolve("client")),
                prefix.resolve("bin").resolve("git-credential-vcstoken"), vcstokenHome);
    }

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void clonesPullsAndPushesWithARepoScopedToken() throws IOException {
        IssuedToken token = sandbox.addToken("alice", ROLE_VCS, ONE_DAY_MINUTES, "hg test", "alpha");
        addToVcstoken(repoUrl("alpha"), token);

        Path work = cloneAndPushAChange("alpha");

        assertThat(hg.run(work, "pull").exitCode()).isZero();
        Map<String, String> stored = tokenWithScope("alpha");
        assertThat(stored.get("confirmed")).as("confirmed after success: %s", stored).isNotNull();
        assertThat(stored.get("rejected")).isNull();
    }

    @Test
    void clonesPullsAndPushesWithAServerWideToken() throws IOException {
        IssuedToken token = sandbox.addToken("alice", ROLE_VCS, ONE_DAY_MINUTES, "hg test", null);
        addToVcstoken(serverUrl(), token);

        cloneAndPushAChange("alpha");
        ProcessResult beta = hg.run("clone", repoUrl("beta"), "beta");

        assertThat(beta.exitCode()).as("%s", beta).isZero();
    }

    @Test
    void aTokenRevokedOnTheServerIsErasedAndTheNextCandidateUsed() throws IOException {
        IssuedToken scoped = sandbox.addToken("alice", ROLE_VCS, ONE_DAY_MINUTES, "scoped", "alpha");
        IssuedToken wide = sandbox.addToken("alice", ROLE_VCS, ONE_DAY_MINUTES, "wide", null);
        addToVcstoken(repoUrl("alpha"), scoped);
        addToVcstoken(serverUrl(), wide);
        ProcessResult clone = hg.run("clone", repoUrl("alpha"), "alpha");
        assertThat(clone.exitCode()).as("%s", clone).isZero();

        sandbox.deleteToken(scoped.id());
        ProcessResult pull = hg.run(hg.dir().resolve("alpha"), "pull");

        assertThat(pull.exitCode()).as("%s", pull).isZero();
        assertThat(tokenWithScope("alpha").get("rejected")).isNotNull();
        assertThat(tokenWithScope(null).get("confirmed")).isNotNull();
    }

    @Test
    void withNoCandidateLeftHgFailsAfterOneAttemptInsteadOfLooping() throws IOException {
        IssuedToken scoped = sandbox.addToken("alice", ROLE_VCS, ONE_DAY_MINUTES, "scoped", "alpha");
        addToVcstoken(repoUrl("alpha"), scoped);
        assertThat(hg.run("clone", repoUrl("alpha"), "alpha").exitCode()).isZero();

        sandbox.deleteToken(scoped.id());
        ProcessResult pull = hg.run(hg.dir().resolve("alpha"), "pull");
        System.out.println("no candidate, pull: " + pull);

        assertThat(pull.exitCode()).as("%s", pull).isEqualTo(255);
        assertThat(pull.stderr()).containsOnlyOnce("abort: authorization failed");
        assertThat(tokenWithScope("alpha").get("rejected")).isNotNull();
    }

    @Test
    void anExpiredTokenIsNeverSentAndHgFailsWithoutPrompting() throws IOException {
        // Still valid on the server: if it were sent, the clone would succeed. vcstoken
        // refuses to store a past expiry, and the helper has no injectable clock, so the
        // token expires in 30 s: inside the 60 s clock-skew margin, i.e. expired for selection.
        IssuedToken token = sandbox.addToken("alice", ROLE_VCS, ONE_DAY_MINUTES, "expired locally", "alpha");
        addToVcstoken(repoUrl("alpha"), token.token(), "--expires", Instant.now().plusSeconds(30).toString());

        ProcessResult clone = hg.run("clone", repoUrl("alpha"), "alpha");
        System.out.println("expired token, clone: " + clone);

        assertThat(clone.exitCode()).as("%s", clone).isEqualTo(255);
        assertThat(clone.stderr()).containsAnyOf("abort: http authorization required", "abort: authorization failed");
        assertThat(clone.stderr()).doesNotContain(token.token());
        // The fallback ran non-interactively and its one line reached the user through ui.warn.
        assertThat(clone.stderr()).contains("no usable token for " + serverUrl() + " repository alpha",
                "vcstoken login");
    }

    private Path cloneAndPushAChange(String repo) throws IOException {
        ProcessResult clone = hg.run("clone", repoUrl(repo), repo);
        assertThat(clone.exitCode()).as("%s", clone).isZero();
        Path work = hg.dir().resolve(repo);
        Files.writeString(work.resolve("file"), "change\n");
        assertThat(hg.run(work, "commit", "-A", "-m", "change").exitCode()).isZero();
        ProcessResult push = hg.run(work, "push");
        assertThat(push.exitCode()).as("%s", push).isZero();
        assertThat(push.stderr() + push.stdout()).doesNotContain("vcstoken: cannot run");
        return work;
    }

    private String serverUrl() {
        String url = sandbox.url().toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private String repoUrl(String repo) {
        return serverUrl() + "/" + repo;
    }

    private void addToVcstoken(String url, IssuedToken token) {
        List<String> args = new ArrayList<>(List.of("token", "add", url, "--user", "alice"));
        if (token.expires() > 0) {
            args.add("--expires");
            args.add(Instant.ofEpochMilli((long) (token.expires() * 1000)).toString());
        }
        vcstoken(token.token(), args);
    }

    private void addToVcstoken(String url, String secret, String... options) {
        List<String> args = new ArrayList<>(List.of("token", "add", url, "--user", "alice"));
        args.addAll(List.of(options));
        vcstoken(secret, args);
    }

    private ProcessResult vcstoken(String stdin, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(prefix.resolve("bin").resolve("vcstoken").toString());
        command.addAll(args);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", hg.dir().resolve("home").toString());
        env.put("VCSTOKEN_HOME", vcstokenHome.toString());
        ProcessResult result = Processes.run(command, tmp, env, Duration.ofSeconds(60), stdin);
        assertThat(result.exitCode()).as("vcstoken %s: %s", args, result).isZero();
        return result;
    }

    /** The token list entry with that scope (null: server-wide), as field name to value. */
    private Map<String, String> tokenWithScope(String scope) {
        String json = vcstoken(null, List.of("token", "list", "--json")).stdout();
        Pattern object = Pattern.compile("\\{[^{}]*\\}");
        Pattern field = Pattern.compile("\"(\\w+)\"\\s*:\\s*(null|\"((?:[^\"\\\\]|\\\\.)*)\")");
        Matcher objects = object.matcher(json);
        while (objects.find()) {
            Map<String, String> fields = new LinkedHashMap<>();
            Matcher f = field.matcher(objects.group());
            while (f.find()) {
                fields.put(f.group(1), f.group(3));
            }
            if (java.util.Objects.equals(fields.get("scope"), scope)) {
                return fields;
            }
        }
        throw new AssertionError("no token with scope " + scope + " in " + json);
    }
}
