package org.vcstoken.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.testing.Proc;
import org.vcstoken.testing.TestInstall;
import org.vcstoken.testing.Tools;

/**
 * The helper driven by the real {@code git credential fill|approve|reject}, covering what git's
 * t0300-credentials.sh and lib-credential.sh expect of a storing helper. The scenarios of
 * lib-credential.sh's {@code helper_test} (as t0303-credential-external.sh runs it, git 2.39 and
 * current) each have a test below; where vcstoken answers differently by design, the test shows
 * what it does instead and docs/git-helper-conformance.md says why.
 */
class GitCredentialConformanceTest {
    static final String HOST = "https://code.example.com";
    static final String ALICE = "a11ce0000000000000000000000000000000a11c";
    static final String BOB = "b0b00000000000000000000000000000000000b0";
    static final String REPO_TOKEN = "4e90000000000000000000000000000000004e90";

    @TempDir
    Path dir;
    TestInstall install;

    @BeforeAll
    static void needsGit() {
        Tools.require("git");
    }

    @BeforeEach
    void setUp() throws Exception {
        install = TestInstall.in(dir);
    }

    private Proc.Result credential(String action, String input, String... config) throws Exception {
        List<String> args = new ArrayList<>();
        args.add("-c");
        args.add("credential.helper=");
        args.add("-c");
        args.add("credential.helper=" + install.helper());
        for (String c : config) {
            args.add("-c");
            args.add(c);
        }
        args.add("credential");
        args.add(action);
        return install.git(null, input, args.toArray(String[]::new));
    }

    private static String fill(String url) {
        return "url=" + url + "\n\n";
    }

    /** Runs the helper itself, as git would, for what git 2.39 does not pass on (password_expiry_utc). */
    private Proc.Result helper(String action, String input) throws Exception {
        return Proc.run(List.of(install.helper(), action), install.env(), dir, input, Duration.ofSeconds(60));
    }

    private static Proc.Result ok(Proc.Result r) {
        assertThat(r.exit()).as(r.toString()).isZero();
        return r;
    }

    /**
     * An askpass program like the one git's tests use: it logs each question on stderr and answers
     * "askpass-" and the question's first word; it declines vcstoken's offer to create a token, so
     * that git's own prompt follows, as with a storage helper that has nothing.
     */
    private TestInstall withAskpass() throws Exception {
        Path script = dir.resolve("askpass");
        Files.writeString(script, "#!/bin/sh\n"
                + "echo >&2 \"askpass: $*\"\n"
                + "case \"$1\" in\n"
                + "  *'Create one now'*) echo n ;;\n"
                + "  *) echo \"askpass-$(echo \"$1\" | cut -d' ' -f1 | tr A-Z a-z | tr -cd a-z)\" ;;\n"
                + "esac\n");
        Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        return install.with("GIT_ASKPASS", script.toString());
    }

    /** A server profile without a user, so that every user's typed password can be kept. */
    private void profile(String url, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("server", "add", url));
        args.addAll(List.of(more));
        ok(install.vcstoken(null, args.toArray(String[]::new)));
    }

    private void approve(String user, String password, String... more) throws Exception {
        ok(credential("approve", "protocol=https\nhost=code.example.com\nusername=" + user + "\npassword=" + password
                + "\n\n", more));
    }

    private static String answer(String user, String password) {
        return "protocol=https\nhost=code.example.com\nusername=" + user + "\npassword=" + password + "\n";
    }

    /** What git prints after vcstoken declined and git asked through askpass for {@code user}'s password. */
    private static String declinedThenAsked(String user) {
        return "askpass: vcstoken: no usable token for https://code.example.com. Create one now? [a]ssisted with your "
                + "account password, [g]uided in the browser, [n]o [a]: \n"
                + "askpass: Password for 'https://" + user + "@code.example.com': \n";
    }

    @Test
    void fillReturnsTheServerWideTokenWithItsExpiry() throws Exception {
        Instant expires = Instant.now().plus(Duration.ofDays(10)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        install.addToken(HOST, "alice", ALICE, "--expires", expires.toString());

        Proc.Result r = credential("fill", fill(HOST + "/group/repo.git"));
        // git older than 2.40 does not print password_expiry_utc from fill, so read the helper's own answer.
        Proc.Result direct = Proc.run(List.of(install.helper(), "get"), install.env(), dir,
                "protocol=https\nhost=code.example.com\n\n", Duration.ofSeconds(60));

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("username=alice\n", "password=" + ALICE + "\n");
        assertThat(direct.out()).isEqualTo("username=alice\npassword=" + ALICE + "\npassword_expiry_utc="
                + expires.getEpochSecond() + "\n");
    }

    @Test
    void eachUserGetsTheirOwnToken() throws Exception {
        install.addToken(HOST, "alice", ALICE);
        install.addToken(HOST, "bob", BOB);

        Proc.Result forBob = credential("fill", fill("https://bob@code.example.com/repo"));
        Proc.Result forAlice = credential("fill", "protocol=https\nhost=code.example.com\nusername=alice\n\n");

        assertThat(forBob.out()).contains("username=bob\n", "password=" + BOB + "\n");
        assertThat(forAlice.out()).contains("username=alice\n", "password=" + ALICE + "\n");
    }

    @Test
    void withUseHttpPathTheRepositoryTokenWinsAndOtherRepositoriesGetTheServerWideOne() throws Exception {
        install.addToken(HOST, "alice", ALICE);
        install.addToken(HOST + "/group/repo", "alice", REPO_TOKEN);

        Proc.Result repo = credential("fill", fill(HOST + "/group/repo.git"), "credential.useHttpPath=true");
        Proc.Result other = credential("fill", fill(HOST + "/group/other.git"), "credential.useHttpPath=true");
        Proc.Result noPath = credential("fill", fill(HOST + "/group/repo.git"));

        assertThat(repo.out()).contains("password=" + REPO_TOKEN + "\n");
        assertThat(other.out()).contains("password=" + ALICE + "\n");
        assertThat(noPath.out()).as("without useHttpPath git sends no path: only server-wide tokens qualify")
                .contains("password=" + ALICE + "\n");
    }

    @Test
    void rejectWithTheMatchingPasswordRetiresThatTokenAndTheNextCandidateFollows() throws Exception {
        install.addToken(HOST, "alice", ALICE);
        install.addToken(HOST + "/group/repo", "alice", REPO_TOKEN);
        String request = "protocol=https\nhost=code.example.com\npath=group/repo.git\nusername=alice\n";

        Proc.Result reject = credential("reject", request + "password=" + REPO_TOKEN + "\n\n", "credential.useHttpPath=true");
        Proc.Result next = credential("fill", request + "\n", "credential.useHttpPath=true");

        assertThat(reject.exit()).as(reject.toString()).isZero();
        assertThat(next.out()).contains("password=" + ALICE + "\n").doesNotContain(REPO_TOKEN);
        assertThat(install.vcstoken(null, "token", "list").out()).contains("rejected");
    }

    @Test
    void rejectWithAnotherPasswordChangesNothing() throws Exception {
        install.addToken(HOST, "alice", ALICE);
        byte[] before = Files.readAllBytes(install.storeFile());

        Proc.Result r = credential("reject", "protocol=https\nhost=code.example.com\nusername=alice\npassword=wrong\n\n");

        assertThat(r.exit()).isZero();
        assertThat(Files.readAllBytes(install.storeFile())).isEqualTo(before);
        assertThat(credential("fill", fill(HOST)).out()).contains("password=" + ALICE);
    }

    @Test
    void aTokenAboutToExpireIsNeverHandedOut() throws Exception {
        // Expires within the 60 s clock-skew margin: the server may already consider it expired.
        install.addToken(HOST, "alice", ALICE, "--expires", Instant.now().plusSeconds(30).toString());

        Proc.Result r = credential("fill", fill(HOST));

        assertThat(r.exit()).as("git finds no credential and may not prompt").isNotZero();
        assertThat(r.out()).isEmpty();
        // No terminal and no askpass: vcstoken says what to do and stops git (quit=1) rather than
        // leaving it to fail at a disabled prompt.
        assertThat(r.err()).contains("vcstoken: error: no usable token for https://code.example.com")
                .contains("told us to quit").doesNotContain("terminal prompts disabled");
    }

    @Test
    void unknownKeysAndListAttributesAreIgnored() throws Exception {
        install.addToken(HOST, "alice", ALICE);
        String input = "capability[]=authtype\nprotocol=https\nhost=code.example.com\nwwwauth[]=Basic realm=\"RhodeCode\"\n"
                + "frobnicate=yes\nstate[]=x\n\n";

        Proc.Result direct = Proc.run(List.of(install.helper(), "get"), install.env(), dir, input, Duration.ofSeconds(60));

        assertThat(direct.exit()).as(direct.toString()).isZero();
        assertThat(direct.out()).isEqualTo("username=alice\npassword=" + ALICE + "\n");
    }

    @Test
    void unknownActionsAreIgnoredSilently() throws Exception {
        Proc.Result r = Proc.run(List.of(install.helper(), "frobnicate"), install.env(), dir, "protocol=https\n\n",
                Duration.ofSeconds(60));

        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEmpty();
    }

    @Test
    void aCarriageReturnInsideAValueGetsNoCredentialAndAOneLineError() throws Exception {
        install.addToken(HOST, "alice", ALICE);
        byte[] before = Files.readAllBytes(install.storeFile());

        Proc.Result r = Proc.run(List.of(install.helper(), "get"), install.env(), dir,
                "protocol=https\nhost=code.example.com\rx\n\n", Duration.ofSeconds(60));

        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).startsWith("vcstoken: error:").doesNotContain("\n").doesNotContain("Exception");
        assertThat(Files.readAllBytes(install.storeFile())).isEqualTo(before);
    }

    @Test
    void gitItselfRefusesANewlineSmuggledIntoTheUrl() throws Exception {
        install.addToken(HOST, "alice", ALICE);

        Proc.Result r = credential("fill", fill("https://code.example.com%0ahost=evil.example/"));

        assertThat(r.exit()).isEqualTo(128);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("fatal: credential url cannot be parsed");
    }

    @Test
    void approveRecordsConfirmedAndATypedPasswordIsCapturedForItsRepository() throws Exception {
        install.addToken(HOST, "alice", ALICE);

        credential("approve", "protocol=https\nhost=code.example.com\nusername=alice\npassword=" + ALICE + "\n\n");
        credential("approve", "protocol=https\nhost=code.example.com\npath=group/typed\nusername=alice\n"
                + "password=typed-at-the-prompt-1234\n\n", "credential.useHttpPath=true");
        String json = install.vcstoken(null, "token", "list", "--json").out();

        assertThat(json).contains("\"confirmed\" : \"20").contains("\"origin\" : \"captured\"")
                .contains("\"scope\" : \"group/typed\"").doesNotContain("typed-at-the-prompt-1234");
        Proc.Result fill = credential("fill", fill(HOST + "/group/typed"), "credential.useHttpPath=true");
        assertThat(fill.out()).contains("password=typed-at-the-prompt-1234");
    }

    @Test
    void approveForAHostWithoutProfileStoresNothing() throws Exception {
        Proc.Result r = credential("approve", "protocol=https\nhost=other.example\nusername=alice\npassword=secret-typed\n\n");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out() + r.err()).isEmpty();
        assertThat(Files.exists(install.storeFile())).isFalse();
    }

    @Test
    void inAChainOurTokenComesFirstAndAnotherHelperStillAnswersWhenWeHaveNothing() throws Exception {
        install.addToken(HOST, "alice", ALICE);
        Path storeFile = dir.resolve("git-credentials");
        Files.writeString(storeFile, "https://carol:carols-password@other.example\n"
                + "https://alice:old-password@code.example.com\n");
        String store = "credential.helper=store --file=" + storeFile;

        Proc.Result ours = install.git(null, fill(HOST), "-c", "credential.helper=",
                "-c", "credential.helper=" + install.helper(), "-c", store, "credential", "fill");
        Proc.Result theirs = install.git(null, fill("https://other.example"), "-c", "credential.helper=",
                "-c", "credential.helper=" + install.helper(), "-c", store, "credential", "fill");

        assertThat(ours.out()).contains("password=" + ALICE);
        assertThat(theirs.out()).contains("username=carol", "password=carols-password");
    }

    @Test
    void hostConfusionGetsNothing() throws Exception {
        install.addToken(HOST, "alice", ALICE);

        withAskpass();

        for (String url : List.of("https://code.example.com.evil.org/", "https://code.example.com:8443/",
                "http://code.example.com/", "https://evil.org/code.example.com/", "https://xcode.example.com/")) {
            Proc.Result r = credential("fill", fill(url));
            // The helper stays silent (no answer, no error) and git asks its own questions.
            String prompt = url.substring(0, url.indexOf('/', 8));
            assertThat(r.out()).as(url).doesNotContain(ALICE).contains("username=askpass-username\npassword=askpass-password\n");
            assertThat(r.err()).as(url).isEqualTo("askpass: Username for '" + prompt + "': \n"
                    + "askpass: Password for '" + prompt.replace("://", "://askpass-username@") + "': \n");
        }
    }

    @Test
    void theClockOffsetTestSettingMovesTheHelpersClockAndSaysSoOnceARun() throws Exception {
        install.addToken(HOST, "alice", ALICE, "--lifetime", "10d");
        install.with("VCSTOKEN_INTERACTIVE", "never");
        String request = "protocol=https\nhost=code.example.com\n\n";

        Proc.Result now = ok(helper("get", request));
        install.with("VCSTOKEN_CLOCK_OFFSET", Long.toString(Duration.ofDays(11).toSeconds()));
        Proc.Result later = helper("get", request);

        assertThat(now.out()).startsWith("username=alice\npassword=" + ALICE + "\n");
        assertThat(now.err()).isEmpty();
        assertThat(later.out()).as(later.toString()).isEqualTo("quit=1\n");
        assertThat(later.err().lines().toList()).hasSize(2).satisfies(lines -> {
            assertThat(lines.get(0)).startsWith("vcstoken: warning: VCSTOKEN_CLOCK_OFFSET=950400 runs vcstoken's clock");
            assertThat(lines.get(1)).startsWith("vcstoken: error: no usable token for https://code.example.com");
        });
    }

    // --- git's helper_test scenarios (t/lib-credential.sh) ---

    @Test
    void aFreshStoreAnswersNothingSoGitAsksItsOwnQuestionsAndNothingIsWritten() throws Exception {
        withAskpass();

        Proc.Result r = ok(credential("fill", "protocol=https\nhost=code.example.com\n\n"));

        assertThat(r.out()).isEqualTo(answer("askpass-username", "askpass-password"));
        assertThat(r.err()).isEqualTo("askpass: Username for 'https://code.example.com': \n"
                + "askpass: Password for 'https://askpass-username@code.example.com': \n");
        assertThat(install.state()).doesNotExist();
    }

    @Test
    void aPasswordStoredForAConfiguredServerIsRetrievedWithItsUser() throws Exception {
        profile(HOST);

        Proc.Result stored = ok(credential("approve", "protocol=https\nhost=code.example.com\nusername=store-user\n"
                + "password=store-pass\n\n"));
        Proc.Result r = ok(credential("fill", "protocol=https\nhost=code.example.com\n\n"));

        assertThat(stored.out() + stored.err()).isEmpty();
        assertThat(r.out()).isEqualTo(answer("store-user", "store-pass"));
        assertThat(r.err()).isEmpty();
    }

    @Test
    void aPasswordIsNeverStoredForAServerWithoutAProfile() throws Exception {
        install.addToken("https://other.example", "alice", ALICE);
        byte[] before = Files.readAllBytes(install.storeFile());

        Proc.Result stored = ok(credential("approve", "protocol=https\nhost=code.example.com\nusername=store-user\n"
                + "password=store-pass\n\n"));

        assertThat(stored.err()).isEmpty();
        assertThat(Files.readAllBytes(install.storeFile())).isEqualTo(before);
    }

    @Test
    void aStoredPasswordGoesToNoOtherProtocolOrHost() throws Exception {
        profile(HOST);
        approve("store-user", "store-pass");
        withAskpass();

        Proc.Result http = ok(credential("fill", "protocol=http\nhost=code.example.com\n\n"));
        Proc.Result other = ok(credential("fill", "protocol=https\nhost=other.tld\n\n"));

        assertThat(http.out()).isEqualTo("protocol=http\nhost=code.example.com\nusername=askpass-username\n"
                + "password=askpass-password\n");
        assertThat(http.err()).isEqualTo("askpass: Username for 'http://code.example.com': \n"
                + "askpass: Password for 'http://askpass-username@code.example.com': \n");
        assertThat(other.out()).isEqualTo("protocol=https\nhost=other.tld\nusername=askpass-username\n"
                + "password=askpass-password\n");
    }

    @Test
    void anotherUsersPasswordIsNotGivenAndVcstokenOffersToCreateOneBeforeGitAsks() throws Exception {
        profile(HOST);
        approve("store-user", "store-pass");
        withAskpass();

        Proc.Result r = ok(credential("fill", "protocol=https\nhost=code.example.com\nusername=other\n\n"));

        assertThat(r.out()).isEqualTo(answer("other", "askpass-password"));
        assertThat(r.err()).isEqualTo(declinedThenAsked("other"));
    }

    @Test
    void withUseHttpPathAPasswordStoredForOneRepositoryIsNotGivenForAnother() throws Exception {
        profile("http://path.tld", "--allow-http");
        String path = "credential.useHttpPath=true";
        ok(credential("approve", "protocol=http\nhost=path.tld\npath=foo.git\nusername=user\npassword=pass\n\n", path));
        install.with("VCSTOKEN_INTERACTIVE", "never");

        Proc.Result foo = ok(credential("fill", "protocol=http\nhost=path.tld\npath=foo.git\n\n", path));
        Proc.Result bar = credential("fill", "protocol=http\nhost=path.tld\npath=bar.git\n\n", path);

        assertThat(foo.out()).isEqualTo("protocol=http\nhost=path.tld\npath=foo.git\nusername=user\npassword=pass\n");
        assertThat(bar.exit()).as(bar.toString()).isNotZero();
        assertThat(bar.out()).isEmpty();
        assertThat(bar.err()).as("vcstoken says what to do and stops git's prompt (quit=1)")
                .contains("vcstoken: error: no usable token for http://path.tld repository bar")
                .contains("told us to quit");
    }

    @Test
    void withUseHttpPathTheSamePasswordTypedForASecondRepositoryIsKeptForItToo() throws Exception {
        profile(HOST);
        String path = "credential.useHttpPath=true";
        for (String repo : List.of("group/foo.git", "group/bar.git")) {
            ok(credential("approve", "protocol=https\nhost=code.example.com\npath=" + repo
                    + "\nusername=alice\npassword=" + ALICE + "\n\n", path));
        }

        Proc.Result bar = ok(credential("fill", fill(HOST + "/group/bar.git"), path));
        String json = ok(install.vcstoken(null, "token", "list", "--json")).out();

        assertThat(bar.out()).contains("username=alice\npassword=" + ALICE + "\n");
        assertThat(json).contains("\"scope\" : \"group/foo\"").contains("\"scope\" : \"group/bar\"");
    }

    @Test
    void aNewerPasswordForTheSameUserReplacesTheOlderOneEvenAfterTheNewerIsRefused() throws Exception {
        profile(HOST);
        approve("user-overwrite", "pass1");
        approve("user-overwrite", "pass2");
        Proc.Result newer = ok(credential("fill", "protocol=https\nhost=code.example.com\nusername=user-overwrite\n\n"));

        ok(credential("reject", answer("user-overwrite", "pass2") + "\n"));
        withAskpass();
        Proc.Result after = ok(credential("fill", "protocol=https\nhost=code.example.com\nusername=user-overwrite\n\n"));

        String json = ok(install.vcstoken(null, "token", "list", "--json")).out();
        String id = json.replaceAll("(?s).*\"id\" : \"([0-9a-f]+)\".*", "$1");

        assertThat(newer.out()).isEqualTo(answer("user-overwrite", "pass2"));
        assertThat(json).as("pass1 was replaced, not kept").containsOnlyOnce("\"id\"").contains("\"state\" : \"rejected\"");
        assertThat(after.out()).isEqualTo(answer("user-overwrite", "askpass-password"));
        assertThat(after.err()).isEqualTo("askpass: vcstoken: the token " + id + " was rejected for https://code.example.com."
                + " Create one now? [a]ssisted with your account password, [g]uided in the browser, [n]o [a]: \n"
                + "askpass: Password for 'https://user-overwrite@code.example.com': \n");
    }

    @Test
    void eraseWithoutThePasswordForgetsNothing() throws Exception {
        profile(HOST);
        approve("user1", "pass1");
        approve("user2", "pass2");
        byte[] before = Files.readAllBytes(install.storeFile());

        Proc.Result host = ok(credential("reject", "protocol=https\nhost=code.example.com\n\n"));
        Proc.Result user = ok(credential("reject", "protocol=https\nhost=code.example.com\nusername=user1\n\n"));

        assertThat(host.err() + user.err()).isEmpty();
        assertThat(Files.readAllBytes(install.storeFile())).isEqualTo(before);
        assertThat(ok(credential("fill", "protocol=https\nhost=code.example.com\nusername=user1\n\n")).out())
                .isEqualTo(answer("user1", "pass1"));
    }

    @Test
    void severalUsersOnOneHostKeepTheirOwnPasswordsAndRefusingOneLeavesTheOther() throws Exception {
        profile(HOST);
        approve("user1", "pass1");
        approve("user2", "pass2");

        Proc.Result first = ok(credential("fill", "protocol=https\nhost=code.example.com\nusername=user1\n\n"));
        Proc.Result second = ok(credential("fill", "protocol=https\nhost=code.example.com\nusername=user2\n\n"));
        ok(credential("reject", answer("user1", "pass1") + "\n"));
        Proc.Result remembered = ok(credential("fill", "protocol=https\nhost=code.example.com\nusername=user2\n\n"));

        assertThat(first.out()).isEqualTo(answer("user1", "pass1"));
        assertThat(second.out()).isEqualTo(answer("user2", "pass2"));
        assertThat(remembered.out()).isEqualTo(answer("user2", "pass2"));
    }

    @Test
    void erasingADifferentPasswordForTheUserKeepsTheStoredOne() throws Exception {
        profile(HOST);
        approve("user-distinct-pass", "pass1");
        byte[] before = Files.readAllBytes(install.storeFile());

        ok(credential("reject", answer("user-distinct-pass", "pass2") + "\n"));

        assertThat(Files.readAllBytes(install.storeFile())).isEqualTo(before);
        assertThat(ok(credential("fill", "protocol=https\nhost=code.example.com\nusername=user-distinct-pass\n\n"))
                .out()).isEqualTo(answer("user-distinct-pass", "pass1"));
    }

    @Test
    void eraseForOneUserNeverMarksAnotherUsersTokenWithTheSameSecret() throws Exception {
        install.addToken(HOST, "alice", ALICE);

        ok(credential("reject", answer("bob", ALICE) + "\n"));

        assertThat(ok(install.vcstoken(null, "token", "list", "--json")).out()).contains("\"state\" : \"ok\"")
                .contains("\"rejected\" : null");
        assertThat(ok(credential("fill", fill(HOST))).out()).isEqualTo(answer("alice", ALICE));
    }

    @Test
    void storeForOneUserNeverRevivesAnotherUsersRefusedTokenWithTheSameSecret() throws Exception {
        install.addToken(HOST, "alice", ALICE);
        ok(credential("reject", answer("alice", ALICE) + "\n"));

        ok(credential("approve", answer("bob", ALICE) + "\n"));
        String json = ok(install.vcstoken(null, "token", "list", "--json")).out();
        Proc.Result forAlice = credential("fill", "protocol=https\nhost=code.example.com\nusername=alice\n\n");

        assertThat(json).contains("\"user\" : \"alice\"").contains("\"state\" : \"rejected\"");
        assertThat(forAlice.out()).as(forAlice.toString()).isEmpty();
        assertThat(forAlice.err()).contains("vcstoken: error: no usable token for https://code.example.com");
    }

    @Test
    void eraseWithThePasswordAndNoUserMarksEveryEntryHoldingIt() throws Exception {
        profile(HOST);
        approve("user-erase1", "pass1");
        approve("user-erase2", "pass1");
        approve("user-keep", "pass2");

        ok(credential("reject", "protocol=https\nhost=code.example.com\npassword=pass1\n\n"));
        String json = ok(install.vcstoken(null, "token", "list", "--json")).out();

        assertThat(json.split("\"state\" : \"rejected\"", -1)).hasSize(3);
        assertThat(ok(credential("fill", fill(HOST))).out()).isEqualTo(answer("user-keep", "pass2"));
    }

    @Test
    void anEmptyUserNameAndPasswordAreNeverStored() throws Exception {
        profile("https://sso.tld");
        byte[] before = Files.readAllBytes(install.storeFile());

        Proc.Result r = ok(credential("approve", "protocol=https\nhost=sso.tld\nusername=\npassword=\n\n"));

        assertThat(r.err()).isEmpty();
        assertThat(Files.readAllBytes(install.storeFile())).isEqualTo(before);
    }

    @Test
    void aStoredExpiryComesBackWithThePasswordAndANewerOneReplacesIt() throws Exception {
        profile(HOST);
        String request = "protocol=https\nhost=code.example.com\nusername=user-expiry\n";

        ok(helper("store", request + "password=pass1\npassword_expiry_utc=9999999998\n\n"));
        ok(helper("store", request + "password=pass2\npassword_expiry_utc=9999999999\n\n"));
        Proc.Result got = ok(helper("get", request + "\n"));

        assertThat(got.out()).isEqualTo("username=user-expiry\npassword=pass2\npassword_expiry_utc=9999999999\n");
        ok(helper("erase", request + "password=pass2\n\n"));
        assertThat(ok(helper("get", request + "\n")).out()).as("not pass1 again").doesNotContain("password=");
    }

    @Test
    void anExpiryOfZeroMeansTheStoredPasswordNeverExpires() throws Exception {
        profile(HOST);
        String request = "protocol=https\nhost=code.example.com\nusername=alice\n";

        Proc.Result stored = ok(helper("store", request + "password=" + ALICE + "\npassword_expiry_utc=0\n\n"));
        Proc.Result got = ok(helper("get", request + "\n"));

        assertThat(stored.err()).isEmpty();
        assertThat(got.out()).isEqualTo("username=alice\npassword=" + ALICE + "\n");
        assertThat(ok(install.vcstoken(null, "token", "list", "--json")).out()).contains("\"expires\" : null")
                .contains("\"state\" : \"ok\"");
    }

    @Test
    void aStoredPasswordPastItsExpiryIsNeverHandedOut() throws Exception {
        profile(HOST);
        install.with("VCSTOKEN_INTERACTIVE", "never");
        long soon = Instant.now().plusSeconds(30).getEpochSecond();
        String request = "protocol=https\nhost=code.example.com\nusername=alice\n";

        ok(helper("store", request + "password=" + ALICE + "\npassword_expiry_utc=" + soon + "\n\n"));
        Proc.Result got = helper("get", request + "\n");

        assertThat(got.out()).as(got.toString()).isEqualTo("quit=1\n");
        assertThat(got.err()).contains("vcstoken: error: no usable token for https://code.example.com");
    }

    @Test
    void anOAuthRefreshTokenIsNeitherKeptNorGivenBack() throws Exception {
        profile(HOST);
        String request = "protocol=https\nhost=code.example.com\nusername=user4\n";

        ok(helper("store", request + "password=pass\noauth_refresh_token=xyzzy-refresh\n\n"));
        Proc.Result got = ok(helper("get", request + "\n"));

        assertThat(got.out()).isEqualTo("username=user4\npassword=pass\n");
        assertThat(Files.readString(install.storeFile())).doesNotContain("xyzzy-refresh");
    }

    @Test
    void aLongHeaderNamingAnotherHostGetsThatHostNothing() throws Exception {
        profile("https://victim.example.com");
        ok(credential("approve", "protocol=https\nhost=victim.example.com\nusername=user\npassword=to-be-stolen\n\n"));
        String header = "wwwauth[]=basic realm=" + "a".repeat(1001) + "host=victim.example.com\n";

        Proc.Result direct = ok(helper("get", "protocol=https\nhost=badguy.example.com\n" + header + "\n"));
        withAskpass();
        Proc.Result throughGit = ok(credential("fill", "protocol=https\nhost=badguy.example.com\n" + header + "\n"));

        assertThat(direct.out() + direct.err()).isEmpty();
        assertThat(throughGit.out()).contains("username=askpass-username\npassword=askpass-password\n")
                .doesNotContain("to-be-stolen");
        assertThat(throughGit.err()).isEqualTo("askpass: Username for 'https://badguy.example.com': \n"
                + "askpass: Password for 'https://askpass-username@badguy.example.com': \n");
    }
}
