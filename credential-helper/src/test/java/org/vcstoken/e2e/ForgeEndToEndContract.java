package org.vcstoken.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.sandbox.forgejo.Flavor;
import org.vcstoken.sandbox.forgejo.ForgeOptions;
import org.vcstoken.sandbox.forgejo.ForgeSandbox;
import org.vcstoken.sandbox.forgejo.ForgeToken;
import org.vcstoken.sandbox.forgejo.IssuedForgeToken;
import org.vcstoken.testing.MutableClock;
import org.vcstoken.testing.Proc;
import org.vcstoken.testing.TestInstall;
import org.vcstoken.testing.Tools;

/**
 * Forgejo and Gitea end to end, with the real git against the imitation, run per flavor by
 * {@link ForgejoEndToEndTest} and {@link GiteaEndToEndTest}: first use through the askpass-driven
 * assisted path, two-factor authentication, renewal that deletes the old token on the server (by
 * {@code vcstoken renew} and by the fallback once vcstoken's own expiry has passed), a failed
 * delete, sixteen parallel requests, and security keys sending the person to the token page.
 */
abstract class ForgeEndToEndContract {
    static final String PASSWORD = "alice-forge-password-7391";
    static final String CAROL_PASSWORD = "carol-two-factor-password";

    @TempDir
    Path dir;
    /** The forge's clock, still unless a test moves it, so that a one-time code read now stays valid. */
    final MutableClock serverClock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    ForgeSandbox fj;
    TestInstall install;
    String url;
    Path askpassLog;

    abstract Flavor flavor();

    /** The scope a first use records: the repository on Forgejo, none (every repository) on Gitea. */
    abstract String expectedScope();

    @BeforeAll
    static void needsGit() {
        Tools.require("git");
    }

    @BeforeEach
    void setUp() throws Exception {
        fj = ForgeSandbox.start(ForgeOptions.defaults(dir.resolve("forge"), flavor()).withClock(serverClock));
        url = fj.url().toString();
        fj.createUser("alice", PASSWORD);
        fj.createRepo("alice", "app");
        install = TestInstall.in(dir.resolve("client"));
        install.with("VCSTOKEN_TRACE", dir.resolve("trace.log").toString());
        seed("alice", "app");
        askpassLog = dir.resolve("askpass.log");
    }

    @AfterEach
    void tearDown() {
        if (fj != null) {
            fj.close();
        }
    }

    /** Adds the server as a person would (the family detected, not named) and enables the helper. */
    Proc.Result addServer(String server, String user) throws Exception {
        Proc.Result added = install.vcstoken("", "server", "add", server, "--user", user);
        assertThat(added.exit()).as(added.toString()).isZero();
        Proc.Result configured = install.vcstoken("", "configure", "--git");
        assertThat(configured.exit()).as(configured.toString()).isZero();
        return added;
    }

    /** One commit on the repository, pushed by the site admin with git's own inline helper. */
    private void seed(String owner, String repo) throws Exception {
        Path work = Files.createDirectories(dir.resolve("seed-" + repo));
        String[] as = {"-c", "credential.helper=", "-c", "credential.helper=!f() { echo username=admin; echo password="
                + fj.adminToken() + "; }; f", "-c", "user.name=Admin", "-c", "user.email=admin@example.test"};
        install.git(work, null, "init", "-q", "-b", "master");
        Files.writeString(work.resolve("README"), "hello from " + owner + "/" + repo + "\n");
        install.git(work, null, concat(as, "add", "README"));
        install.git(work, null, concat(as, "commit", "-qm", "first"));
        // The imitation's bare repositories start with HEAD at master.
        Proc.Result pushed = install.git(work, null, concat(as, "push", "-q", url + "/" + owner + "/" + repo + ".git",
                "master"));
        assertThat(pushed.exit()).as(pushed.toString()).isZero();
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = java.util.Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }

    /** An askpass program answering vcstoken's questions from files, and logging each question. */
    void askpass(String mode, String password, String code, String pasted) throws Exception {
        Files.writeString(dir.resolve("password"), password + "\n");
        Files.writeString(dir.resolve("code"), (code == null ? "" : code) + "\n");
        Files.writeString(dir.resolve("pasted"), (pasted == null ? "" : pasted) + "\n");
        Path script = dir.resolve("askpass.sh");
        Files.writeString(script, "#!/bin/sh\n"
                + "printf '%s\\n' \"$1\" >> '" + askpassLog + "'\n"
                + "case \"$1\" in\n"
                + "  *'Create one now'*) echo " + mode + " ;;\n"
                + "  *Password*) cat '" + dir.resolve("password") + "' ;;\n"
                + "  *one-time*|*One-time*) cat '" + dir.resolve("code") + "' ;;\n"
                + "  *'Paste the new token'*) cat '" + dir.resolve("pasted") + "' ;;\n"
                + "  *lifetime*) echo 90d ;;\n"
                + "  *'Did you limit'*) echo y ;;\n"
                + "  *) exit 1 ;;\n"
                + "esac\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        install.with("GIT_ASKPASS", script.toString());
    }

    long asked(String question) throws Exception {
        if (!Files.exists(askpassLog)) {
            return 0;
        }
        return Files.readAllLines(askpassLog).stream().filter(l -> l.contains(question)).count();
    }

    /** The tokens vcstoken made on the server for {@code user}. */
    List<ForgeToken> vcstokenTokens(String user) {
        return fj.tokens(user).stream().filter(t -> t.name().startsWith("vcstoken on ")).toList();
    }

    /** The server id of the one stored token. */
    String storedServerId() throws Exception {
        Matcher id = Pattern.compile("\"server_id\" ?: ?\"(\\d+)\"").matcher(Files.readString(install.storeFile()));
        assertThat(id.find()).as("a server id in the store").isTrue();
        String found = id.group(1);
        assertThat(id.find()).as("one token stored").isFalse();
        return found;
    }

    void assertPasswordWrittenNowhere(String password) throws Exception {
        try (Stream<Path> files = Files.walk(install.root())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f, StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(password);
            }
        }
        assertThat(Files.readString(dir.resolve("trace.log"))).doesNotContain(password);
    }

    @Test
    void firstUseCreatesATokenThroughTheAssistedPathAndTheCloneWorks() throws Exception {
        Proc.Result added = addServer(url, "alice");
        askpass("a", PASSWORD, null, null);

        Proc.Result clone = install.git(dir, null, "clone", url + "/alice/app.git", "app");

        assertThat(added.out()).contains("detected kind " + flavor().wireName());
        assertThat(clone.exit()).as(clone.toString()).isZero();
        assertThat(dir.resolve("app/README")).hasContent("hello from alice/app");
        assertThat(asked("Create one now")).isEqualTo(1);
        assertThat(asked("Password for alice")).isEqualTo(1);
        List<ForgeToken> made = vcstokenTokens("alice");
        assertThat(made).singleElement().satisfies(t -> {
            assertThat(t.scopes()).containsExactly("write:repository");
            assertThat(t.repositories()).isEqualTo(expectedScope() == null ? null : List.of(expectedScope()));
            assertThat(t.name()).contains(expectedScope() == null ? "all repositories" : expectedScope());
            assertThat(String.valueOf(t.id())).isEqualTo(storedServerIdUnchecked());
        });
        String json = install.vcstoken("", "token", "list", "--json").out();
        assertThat(json).contains("\"origin\" : \"created\"", "\"state\" : \"ok\"",
                "\"scope\" : " + (expectedScope() == null ? "null" : "\"" + expectedScope() + "\""));
        Instant expires = Instant.parse(json.replaceAll("(?s).*\"expires\" : \"([^\"]+)\".*", "$1"));
        assertThat(expires).as("the profile's lifetime, 90 days: the forge would keep it forever")
                .isBetween(Instant.now().plus(Duration.ofDays(90)).minus(Duration.ofMinutes(10)),
                        Instant.now().plus(Duration.ofDays(90)).plus(Duration.ofMinutes(1)));
        assertPasswordWrittenNowhere(PASSWORD);

        // The forge ignores the user name: a URL that carries another one still gets alice's token.
        Proc.Result other = install.git(dir, null, "clone", url.replace("://", "://oauth2@") + "/alice/app.git", "again");

        assertThat(other.exit()).as(other.toString()).isZero();
        assertThat(asked("Create one now")).as("no second prompt").isEqualTo(1);
        assertThat(vcstokenTokens("alice")).hasSize(1);
    }

    private String storedServerIdUnchecked() {
        try {
            return storedServerId();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void twoFactorAuthenticationAsksForTheCodeOnceAndTheTokenIsMade() throws Exception {
        fj.createUser("carol", CAROL_PASSWORD);
        fj.enrollTotp("carol");
        fj.createRepo("carol", "notes");
        seed("carol", "notes");
        addServer(url, "carol");
        // The code an authenticator would show now, on the forge's (still) clock.
        askpass("a", CAROL_PASSWORD, fj.totpCode("carol"), null);

        Proc.Result clone = install.git(dir, null, "clone", url + "/carol/notes.git", "notes");

        assertThat(clone.exit()).as(clone.toString()).isZero();
        assertThat(dir.resolve("notes/README")).hasContent("hello from carol/notes");
        assertThat(asked("ne-time code")).isEqualTo(1);
        assertThat(vcstokenTokens("carol")).hasSize(1);
        assertPasswordWrittenNowhere(CAROL_PASSWORD);
    }

    @Test
    void renewCreatesTheNewTokenAndDeletesTheOldOneOnTheServer() throws Exception {
        addServer(url, "alice");
        askpass("a", PASSWORD, null, null);
        assertThat(install.git(dir, null, "clone", url + "/alice/app.git", "app").exit()).isZero();
        long old = Long.parseLong(storedServerId());

        Proc.Result renew = install.vcstoken("", "renew", url + "/alice/app");

        assertThat(renew.exit()).as(renew.toString()).isZero();
        assertThat(renew.out()).contains("renewed ");
        assertThat(fj.hasToken("alice", old)).as("the old token is gone from the server").isFalse();
        assertThat(vcstokenTokens("alice")).singleElement().satisfies(t -> assertThat(t.id()).isNotEqualTo(old));
        assertThat(storedServerId()).isNotEqualTo(Long.toString(old));
        assertThat(install.git(dir.resolve("app"), null, "fetch").exit()).isZero();
        assertThat(asked("Create one now")).isEqualTo(2);
    }

    @Test
    void pastVcstokensExpiryTheTokenIsNeverHandedOutAndTheFallbackReplacesAndDeletesIt() throws Exception {
        addServer(url, "alice");
        askpass("a", PASSWORD, null, null);
        assertThat(install.git(dir, null, "clone", url + "/alice/app.git", "app").exit()).isZero();
        long old = Long.parseLong(storedServerId());

        // 91 days on for vcstoken only: the forge would still take the token.
        install.with("VCSTOKEN_CLOCK_OFFSET", Long.toString(Duration.ofDays(91).toSeconds()));
        Proc.Result fetch = install.git(dir.resolve("app"), null, "fetch");

        assertThat(fetch.exit()).as(fetch.toString()).isZero();
        assertThat(asked("Create one now")).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("trace.log"))).contains("expired at");
        assertThat(fj.hasToken("alice", old)).as("deleted on the server, not left valid there").isFalse();
        assertThat(vcstokenTokens("alice")).hasSize(1);
    }

    @Test
    void aFailedDeleteLeavesTheOldTokenRetiredAndListedWithHowToDeleteIt() throws Exception {
        try (DeleteRefusingProxy proxy = new DeleteRefusingProxy(fj.url())) {
            addServer(proxy.url(), "alice");
            askpass("a", PASSWORD, null, null);
            assertThat(install.git(dir, null, "clone", proxy.url() + "/alice/app.git", "app").exit()).isZero();
            long old = Long.parseLong(storedServerId());

            Proc.Result renew = install.vcstoken("", "renew", proxy.url() + "/alice/app");
            Proc.Result list = install.vcstoken("", "token", "list");
            Proc.Result json = install.vcstoken("", "token", "list", "--json");
            Proc.Result fetch = install.git(dir.resolve("app"), null, "fetch");

            assertThat(renew.exit()).as(renew.toString()).isZero();
            assertThat(proxy.refused.get()).isEqualTo(1);
            assertThat(renew.err()).contains("could not be deleted on the server", "still works there",
                    "/user/settings/applications");
            assertThat(fj.hasToken("alice", old)).as("still valid on the server").isTrue();
            assertThat(list.out()).contains("retired", "still valid on " + proxy.url(), "(server id " + old + ")",
                    "vcstoken token remove");
            assertThat(json.out()).contains("\"still_valid_on_server\" : true", "\"expiry_by\" : \"vcstoken\"");
            assertThat(fetch.exit()).as("the new token works").isZero();
            assertThat(asked("Create one now")).isEqualTo(2);
        }
    }

    @Test
    void aTokenDeletedOnTheForgeIsFoundByTokenCheckAndNeverHandedOutAgain() throws Exception {
        addServer(url, "alice");
        askpass("a", PASSWORD, null, null);
        assertThat(install.git(dir, null, "clone", url + "/alice/app.git", "app").exit()).isZero();
        String id = storedServerId();
        Proc.Result healthy = install.vcstoken("", "doctor", url);

        // The person deletes it on the token page (here: the same API call the page makes).
        var deleted = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(url + "/api/v1/users/alice/tokens/" + id)).DELETE().header("Authorization",
                "Basic " + java.util.Base64.getEncoder().encodeToString(("alice:" + PASSWORD)
                        .getBytes(StandardCharsets.UTF_8))).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        Proc.Result check = install.vcstoken("", "token", "check");
        Proc.Result fill = install.git(null, "url=" + url + "/alice/app.git\n\n", "-c", "credential.interactive=never",
                "credential", "fill");

        assertThat(healthy.out()).containsAnyOf("accepted on alice/app", "accepted by the server");
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(check.out()).contains("refused by the server (revoked, expired or deleted); marked rejected");
        assertThat(fill.exit()).as("nothing to hand out, and no prompt allowed").isNotZero();
        assertThat(fill.out()).doesNotContain("password=");
    }

    @Test
    void sixteenParallelAsksCreateOneToken() throws Exception {
        addServer(url, "alice");
        askpass("a", PASSWORD, null, null);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Proc.Result>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> install.git(dir, "url=" + url + "/alice/app.git\n\n", "credential",
                        "fill")));
            }
            List<String> passwords = new ArrayList<>();
            for (Future<Proc.Result> f : results) {
                Proc.Result r = f.get();
                assertThat(r.exit()).as(r.toString()).isZero();
                assertThat(r.out()).contains("username=alice");
                passwords.add(r.out().lines().filter(l -> l.startsWith("password=")).findFirst().orElseThrow());
            }
            assertThat(passwords).as("all sixteen got the one new token").containsOnly(passwords.get(0));
        } finally {
            pool.shutdownNow();
        }
        assertThat(asked("Create one now")).isEqualTo(1);
        assertThat(asked("Password")).isEqualTo(1);
        assertThat(vcstokenTokens("alice")).hasSize(1);
    }

    @Test
    void enrolledSecurityKeysSayWhyAndSendThePersonToTheTokenPage() throws Exception {
        fj.createUser("dave", "dave-has-a-security-key");
        fj.enrollWebAuthn("dave");
        fj.createRepo("dave", "site");
        seed("dave", "site");
        addServer(url, "dave");
        IssuedForgeToken byHand = fj.createToken("dave", "made on the page", List.of("write:repository"));
        askpass("a", "dave-has-a-security-key", null, byHand.secret());

        Proc.Result clone = install.git(dir, null, "clone", url + "/dave/site.git", "site");

        assertThat(clone.exit()).as(clone.toString()).isZero();
        assertThat(clone.err()).contains("security keys (WebAuthn)", url + "/user/settings/applications");
        assertThat(asked("Paste the new token")).isEqualTo(1);
        assertThat(vcstokenTokens("dave")).as("nothing created with the password").isEmpty();
        assertThat(install.vcstoken("", "token", "list", "--json").out()).contains("\"origin\" : \"manual\"");
    }
}
