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
 * t0300-credentials.sh and lib-credential.sh expect of a storing helper.
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
        assertThat(r.out()).doesNotContain(ALICE);
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

        assertThat(r.out()).doesNotContain(ALICE);
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
        credential("approve", "protocol=https\nhost=other.example\nusername=alice\npassword=secret-typed\n\n");

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

        for (String url : List.of("https://code.example.com.evil.org/", "https://code.example.com:8443/",
                "http://code.example.com/", "https://evil.org/code.example.com/", "https://xcode.example.com/")) {
            Proc.Result r = credential("fill", fill(url));
            assertThat(r.out()).as(url).doesNotContain(ALICE);
        }
    }
}
