package org.vcstoken.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.sandbox.web.Edition;
import org.vcstoken.sandbox.IssuedToken;
import org.vcstoken.sandbox.Sandbox;
import org.vcstoken.testing.Sandboxes;
import org.vcstoken.testing.Proc;
import org.vcstoken.testing.TestInstall;
import org.vcstoken.testing.Tools;

/**
 * The create-a-token fallback with real git against the sandbox: non-interactive refusal, assisted
 * and guided creation through an askpass program, expiry mid-session, and one creation for many
 * parallel requests.
 */
class FallbackEndToEndTest {
    static final String PASSWORD = "alice-account-password-7391";

    @TempDir
    Path dir;
    Sandbox sandbox;
    TestInstall install;
    String url;
    Path askpassLog;

    @BeforeAll
    static void needsGit() {
        Tools.require("git");
    }

    @BeforeEach
    void setUp() throws Exception {
        sandbox = Sandboxes.start(dir);
        url = sandbox.url().toString();
        sandbox.createUser("alice", PASSWORD);
        sandbox.createRepo("team/app", "git", "alice");
        install = TestInstall.in(dir.resolve("client"));
        install.with("VCSTOKEN_TRACE", dir.resolve("trace.log").toString());
        Proc.Result added = install.vcstoken("", "server", "add", url, "--user", "alice", "--lifetime", "1h");
        assertThat(added.exit()).as(added.toString()).isZero();
        Proc.Result configured = install.vcstoken("", "configure", "--git");
        assertThat(configured.exit()).as(configured.toString()).isZero();
        askpassLog = dir.resolve("askpass.log");
    }

    @AfterEach
    void tearDown() {
        sandbox.close();
    }

    /** An askpass program that answers vcstoken's questions and logs each question it was asked. */
    private void askpass(String mode, String pastedToken) throws Exception {
        Path password = dir.resolve("password");
        Files.writeString(password, PASSWORD + "\n");
        Path pasted = dir.resolve("pasted");
        Files.writeString(pasted, (pastedToken == null ? "" : pastedToken) + "\n");
        Path script = dir.resolve("askpass.sh");
        Files.writeString(script, "#!/bin/sh\n"
                + "printf '%s\\n' \"$1\" >> '" + askpassLog + "'\n"
                + "case \"$1\" in\n"
                + "  *'Create one now'*) echo " + mode + " ;;\n"
                + "  *Password*) cat '" + password + "' ;;\n"
                + "  *'Paste the new token'*) cat '" + pasted + "' ;;\n"
                + "  *lifetime*) echo 1h ;;\n"
                + "  *'Did you limit'*) echo y ;;\n"
                + "  *) exit 1 ;;\n"
                + "esac\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        install.with("GIT_ASKPASS", script.toString());
    }

    private long asked(String question) throws Exception {
        if (!Files.exists(askpassLog)) {
            return 0;
        }
        return Files.readAllLines(askpassLog).stream().filter(l -> l.contains(question)).count();
    }

    private void assertPasswordWrittenNowhere() throws Exception {
        try (Stream<Path> files = Files.walk(install.root())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1)).as(f.toString())
                        .doesNotContain(PASSWORD);
            }
        }
        assertThat(Files.readString(dir.resolve("trace.log"))).doesNotContain(PASSWORD);
    }

    @Test
    void inCiAMissingTokenFailsAtOnceWithAMessageAndNeverPrompts() throws Exception {
        askpass("a", null);
        install.with("CI", "true");
        long start = System.nanoTime();

        Proc.Result clone = install.git(dir, null, "clone", url + "/team/app", "app");

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(clone.exit()).isNotZero();
        assertThat(clone.err()).contains("vcstoken: error: no usable token for " + url + " repository team/app",
                "CI=true", "vcstoken login " + url + "/team/app");
        assertThat(asked("")).as("no prompt at all, not even git's own").isZero();
        assertThat(took).as("bounded, not hanging on a prompt").isLessThan(Duration.ofSeconds(30));
        System.out.println("CI-mode failure took " + took.toMillis() + " ms");
    }

    @Test
    void assistedCreationOnEnterpriseEditionMakesARepositoryTokenAndTheCloneWorks() throws Exception {
        sandbox = Sandboxes.restartAs(sandbox, Edition.EE);
        askpass("a", null);

        Proc.Result clone = install.git(dir, null, "clone", url + "/team/app", "app");

        assertThat(clone.exit()).as(clone.toString()).isZero();
        assertThat(clone.err()).doesNotContain("cannot limit a token to one repository");
        assertThat(asked("Create one now")).isEqualTo(1);
        assertThat(asked("Password for alice")).isEqualTo(1);
        String json = install.vcstoken("", "token", "list", "--json").out();
        assertThat(json).contains("\"origin\" : \"created\"", "\"scope\" : \"team/app\"", "\"state\" : \"ok\"");
        assertPasswordWrittenNowhere();
        assertThat(install.git(dir.resolve("app"), null, "fetch").exit()).as("no second prompt").isZero();
        assertThat(asked("Create one now")).isEqualTo(1);
    }

    @Test
    void assistedCreationOnCommunityEditionSaysOnceThatTheTokenIsServerWideAndRecordsItSo() throws Exception {
        askpass("a", null);

        Proc.Result clone = install.git(dir, null, "clone", url + "/team/app", "app");

        assertThat(clone.exit()).as(clone.toString()).isZero();
        assertThat(clone.err().split("cannot limit a token to one repository", -1)).as(clone.err()).hasSize(2);
        assertThat(clone.err()).contains("vcstoken server add " + url + " --scope host");
        String json = install.vcstoken("", "token", "list", "--json").out();
        assertThat(json).contains("\"origin\" : \"created\"", "\"scope\" : null", "\"state\" : \"ok\"");
        assertPasswordWrittenNowhere();
        Proc.Result fetch = install.git(dir.resolve("app"), null, "fetch");
        assertThat(fetch.exit()).as("no second prompt").isZero();
        assertThat(fetch.err()).doesNotContain("cannot limit");
        assertThat(asked("Create one now")).isEqualTo(1);
    }

    /**
     * On CE every created token is server-wide while the profile asks for repository tokens: each
     * renewal must still delete the token it replaces, so the server never holds more than one
     * live token of vcstoken's, however often it renews.
     */
    @Test
    void renewalOnCommunityEditionLeavesExactlyOneLiveVcstokenTokenOnTheServer() throws Exception {
        askpass("a", null);
        assertThat(install.git(dir, null, "clone", url + "/team/app", "app").exit()).isZero();
        List<String> held = new ArrayList<>();
        held.add(storedSecret());
        assertThat(serverTokens()).as("the feed token and vcstoken's").hasSize(2).contains(held.get(0));

        for (int round = 1; round <= 2; round++) {
            // Both clocks move on past the 1-hour lifetime: the token has expired for the server and for vcstoken.
            Duration later = Duration.ofHours(2L * round);
            sandbox.setTime(Instant.now().plus(later));
            install.with("VCSTOKEN_CLOCK_OFFSET", Long.toString(later.toSeconds()));

            Proc.Result fetch = install.git(dir.resolve("app"), null, "fetch");

            assertThat(fetch.exit()).as(fetch.toString()).isZero();
            assertThat(fetch.err()).as("said once, at the first creation").doesNotContain("cannot limit");
            String now = storedSecret();
            assertThat(held).doesNotContain(now);
            held.add(now);
            assertThat(serverTokens()).as("round " + round + ": the feed token and only the new one")
                    .hasSize(2).contains(now).doesNotContainAnyElementsOf(held.subList(0, held.size() - 1));
        }
        assertThat(asked("Create one now")).isEqualTo(3);
    }

    /** The one secret in the store file. */
    private String storedSecret() throws Exception {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"secret\" ?: ?\"([0-9a-f]{40})\"")
                .matcher(Files.readString(install.storeFile()));
        assertThat(m.find()).as("a secret in the store").isTrue();
        String secret = m.group(1);
        assertThat(m.find()).as("only one").isFalse();
        return secret;
    }

    @Test
    void guidedCreationStoresAPastedTokenOnlyAfterTheServerAcceptedIt() throws Exception {
        askpass("g", "0123456789abcdef0123456789abcdef01234567");
        Proc.Result wrong = install.git(dir, null, "clone", url + "/team/app", "app");

        assertThat(wrong.exit()).isNotZero();
        assertThat(wrong.err()).contains("does not accept this token");
        assertThat(Files.exists(install.storeFile()) ? Files.readString(install.storeFile()) : "")
                .doesNotContain("0123456789abcdef0123456789abcdef01234567");

        IssuedToken made = sandbox.addToken("alice", "token_role_vcs", 60, "made by hand", "team/app");
        askpass("g", made.token());
        // The failure holds for half a minute (parallel git processes are not asked again); this
        // retry comes later, as a person's would.
        install.with("VCSTOKEN_CLOCK_OFFSET", "40");
        Proc.Result right = install.git(dir, null, "clone", url + "/team/app", "app");

        assertThat(right.exit()).as(right.toString()).isZero();
        assertThat(install.vcstoken("", "token", "list").out()).contains("team/app");
    }

    /**
     * The user deleted vcstoken's token in the web page: git's 401 gets it rejected and a new one
     * made. Deleting the old one on the server then fails (it is gone), which must not undo the
     * replacement that already works.
     */
    @Test
    void aTokenDeletedInTheWebPageIsReplacedAlthoughItCannotBeDeletedAgain() throws Exception {
        askpass("a", null);
        assertThat(install.git(dir, null, "clone", url + "/team/app", "app").exit()).isZero();
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"server_id\" ?: ?\"(\\d+)\"")
                .matcher(Files.readString(install.storeFile()));
        assertThat(id.find()).isTrue();
        sandbox.deleteToken(Long.parseLong(id.group(1)));
        // git sends the stored token, gets a 401, reports it (erase) and gives up for this command.
        Proc.Result refused = install.git(dir.resolve("app"), null, "fetch");
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err()).contains("Authentication failed");

        Proc.Result fetch = install.git(dir.resolve("app"), null, "fetch");

        assertThat(fetch.exit()).as(fetch.toString()).isZero();
        assertThat(asked("Create one now")).isEqualTo(2);
        assertThat(fetch.err()).doesNotContain("could not create a token");
        String list = install.vcstoken("", "token", "list", "--json").out();
        assertThat(list).contains("\"state\" : \"ok\"").doesNotContain("\"state\" : \"rejected\"");
    }

    /** How many tokens alice has on the server (the admin API's get_user). */
    private int tokensOnTheServer() throws Exception {
        return serverTokens().size();
    }

    /** Alice's tokens on the server, expired ones included (the admin API's get_user). */
    private List<String> serverTokens() throws Exception {
        String body = "{\"id\":1,\"auth_token\":\"" + sandbox.adminToken()
                + "\",\"method\":\"get_user\",\"args\":{\"userid\":\"alice\"}}";
        var reply = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(url + "/_admin/api")).POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        var tokens = new com.fasterxml.jackson.databind.ObjectMapper().readTree(reply.body()).path("result")
                .path("auth_tokens");
        assertThat(tokens.isArray()).as(reply.body()).isTrue();
        List<String> out = new ArrayList<>();
        tokens.forEach(t -> out.add(t.asText()));
        return out;
    }

    /** A token made on the server but not stored (here: pass was never set up) is deleted again. */
    @Test
    void aCreatedTokenThatCannotBeStoredDoesNotStayOnTheServer() throws Exception {
        Tools.require("pass");
        askpass("a", null);
        install.with("VCSTOKEN_STORE", "pass").with("PASSWORD_STORE_DIR", dir.resolve("never-initialised").toString());
        int before = tokensOnTheServer();

        Proc.Result clone = install.git(dir, null, "clone", url + "/team/app", "app");

        assertThat(clone.exit()).isNotZero();
        assertThat(asked("Password for alice")).isEqualTo(1);
        // The token was made and then refused by the store: this is the path under test, not an
        // earlier failure that never created one.
        assertThat(clone.err()).contains("could not be put in the pass store");
        assertThat(tokensOnTheServer()).isEqualTo(before);
    }

    @Test
    void aTokenExpiringMidSessionIsReplacedThroughTheFallbackNotAFailedFetch() throws Exception {
        askpass("a", null);
        assertThat(install.git(dir, null, "clone", url + "/team/app", "app").exit()).isZero();
        String first = install.vcstoken("", "token", "list", "--json").out();

        // Both clocks move two hours on: the 1-hour token has expired for the server and for vcstoken.
        sandbox.setTime(Instant.now().plus(Duration.ofHours(2)));
        install.with("VCSTOKEN_CLOCK_OFFSET", Long.toString(Duration.ofHours(2).toSeconds()));
        Proc.Result fetch = install.git(dir.resolve("app"), null, "fetch");

        assertThat(fetch.exit()).as(fetch.toString()).isZero();
        assertThat(fetch.err()).as("the test setting is never in effect unseen")
                .contains("vcstoken: warning: VCSTOKEN_CLOCK_OFFSET=7200 runs vcstoken's clock 7200 s ahead");
        assertThat(asked("Create one now")).isEqualTo(2);
        String after = install.vcstoken("", "token", "list", "--json").out();
        String firstId = first.replaceAll("(?s).*?\"id\" : \"([0-9a-f]+)\".*", "$1");
        assertThat(after).doesNotContain(firstId).contains("\"state\" : \"ok\"");
    }

    @Test
    void sixteenParallelRequestsCauseExactlyOneCreation() throws Exception {
        askpass("a", null);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Proc.Result>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> install.git(dir, "url=" + url + "/team/app\n\n", "credential", "fill")));
            }
            List<String> passwords = new ArrayList<>();
            for (Future<Proc.Result> f : results) {
                Proc.Result r = f.get();
                assertThat(r.exit()).as(r.toString()).isZero();
                passwords.add(r.out().lines().filter(l -> l.startsWith("password=")).findFirst().orElseThrow());
            }
            assertThat(passwords).as("all sixteen got the one new token").containsOnly(passwords.get(0));
        } finally {
            pool.shutdownNow();
        }
        assertThat(asked("Create one now")).isEqualTo(1);
        assertThat(asked("Password")).isEqualTo(1);
    }

    @Test
    void sixteenParallelRequestsAskOnceWhenThePersonSaysNo() throws Exception {
        askpass("n", null);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Proc.Result>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> install.git(dir, "url=" + url + "/team/app\n\n", "credential", "fill")));
            }
            int toldAboutTheEarlierNo = 0;
            for (Future<Proc.Result> f : results) {
                Proc.Result r = f.get();
                assertThat(r.out()).as(r.toString()).doesNotContain("password=");
                if (r.err().contains("another vcstoken process asked at") && r.err().contains("the answer was no")) {
                    toldAboutTheEarlierNo++;
                }
            }
            assertThat(toldAboutTheEarlierNo).as("every process but the one that asked").isEqualTo(15);
        } finally {
            pool.shutdownNow();
        }
        assertThat(asked("Create one now")).isEqualTo(1);
        assertThat(asked("Password for alice")).isZero();
        assertThat(sandbox.now()).isNotNull();
    }

    @Test
    void aParallelSubmoduleUpdateWithNoTokenCreatesOneServerWideToken() throws Exception {
        assertThat(install.vcstoken("", "server", "add", url, "--scope", "host").exit()).isZero();
        IssuedToken setup = sandbox.addToken("alice", "token_role_vcs", -1, "setup", null);
        // Seeding uses git's own inline helper with the setup token, not vcstoken.
        String[] seed = {"-c", "credential.helper=", "-c", "credential.helper=!f() { echo username=alice; echo password="
                + setup.token() + "; }; f", "-c", "user.name=Alice", "-c", "user.email=alice@example.test",
                "-c", "protocol.file.allow=always"};
        sandbox.createRepo("team/super", "git", "alice");
        Path work = Files.createDirectories(dir.resolve("seed"));
        assertThat(install.git(work, null, concat(seed, "clone", url + "/team/super", "super")).exit()).isZero();
        for (int i = 1; i <= 8; i++) {
            String name = "team/sub" + i;
            sandbox.createRepo(name, "git", "alice");
            Path sub = Files.createDirectories(work.resolve("sub" + i));
            install.git(sub, null, "init", "-q");
            Files.writeString(sub.resolve("file"), "sub " + i + "\n");
            install.git(sub, null, concat(seed, "add", "file"));
            install.git(sub, null, concat(seed, "commit", "-qm", "sub " + i));
            Proc.Result pushed = install.git(sub, null, concat(seed, "push", "-q", url + "/" + name, "HEAD:refs/heads/master"));
            assertThat(pushed.exit()).as(pushed.toString()).isZero();
            Proc.Result added = install.git(work.resolve("super"), null, concat(seed, "submodule", "add", "-q",
                    url + "/" + name, "sub" + i));
            assertThat(added.exit()).as(added.toString()).isZero();
        }
        install.git(work.resolve("super"), null, concat(seed, "commit", "-qm", "eight submodules"));
        assertThat(install.git(work.resolve("super"), null, concat(seed, "push", "-q", "origin", "HEAD")).exit()).isZero();
        Proc.Result cloned = install.git(dir, null, concat(seed, "clone", "-q", url + "/team/super", "super"));
        assertThat(cloned.exit()).as(cloned.toString()).isZero();
        askpass("a", null);

        Proc.Result update = install.git(dir.resolve("super"), null, "submodule", "update", "--init", "--jobs", "8");

        assertThat(update.exit()).as(update.toString()).isZero();
        assertThat(asked("Create one now")).isEqualTo(1);
        assertThat(install.vcstoken("", "token", "list", "--json").out()).contains("\"scope\" : null",
                "\"origin\" : \"created\"");
        for (int i = 1; i <= 8; i++) {
            assertThat(dir.resolve("super/sub" + i + "/file")).hasContent("sub " + i);
        }
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = java.util.Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }

    @Test
    void aRefusedLoginSaysSoAndStoresNothing() throws Exception {
        askpass("a", null);
        // The askpass script reads this file at each call, so the wrong password is given.
        Files.writeString(dir.resolve("password"), "not-the-password\n");

        Proc.Result clone = install.git(dir, null, "clone", url + "/team/app", "app");

        assertThat(clone.exit()).isNotZero();
        assertThat(clone.err()).contains("could not create a token", "was refused", "account password");
        assertThat(install.vcstoken("", "token", "list").out()).contains("no tokens");
    }
}
