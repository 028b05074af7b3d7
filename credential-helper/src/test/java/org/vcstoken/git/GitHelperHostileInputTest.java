package org.vcstoken.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vcstoken.cli.VcstokenMain;
import org.vcstoken.env.Environment;
import org.vcstoken.testing.MutableClock;

/** Hostile input to the helper: no token leaks, no stack trace, the store stays byte-for-byte the same. */
class GitHelperHostileInputTest {
    static final String SERVER_TOKEN = "5e7e700000000000000000000000000000005e7e";
    static final String REPO_TOKEN = "4e90000000000000000000000000000000004e90";

    @TempDir
    Path dir;
    Environment env;
    MutableClock clock = MutableClock.at("2026-11-27T12:00:00Z");
    byte[] storeBefore;

    record Outcome(int exit, String out, String err) {
    }

    @BeforeEach
    void setUp() throws Exception {
        env = new Environment(Map.of("VCSTOKEN_HOME", dir.resolve("state").toString(), "HOME", dir.toString()));
        cli(SERVER_TOKEN, "token", "add", "https://code.example.com", "--user", "alice");
        cli(REPO_TOKEN, "token", "add", "https://code.example.com/group/repo", "--user", "alice");
        cli("loopbacktoken-000000000", "token", "add", "http://127.0.0.1:8080/group/repo", "--user", "alice");
        cli("plainhttptoken-00000000", "token", "add", "http://plain.example.com/group/repo", "--user", "alice");
        storeBefore = Files.readAllBytes(dir.resolve("state/store.json"));
    }

    private void cli(String stdin, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = VcstokenMain.run(args, new ByteArrayInputStream((stdin + "\n").getBytes(StandardCharsets.UTF_8)),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err), env, FileSystems.getDefault(), clock);
        assertThat(status).as(err.toString()).isZero();
    }

    private Outcome get(byte[] input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = GitCredentialMain.run(new String[] {"get"}, new ByteArrayInputStream(input),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env, FileSystems.getDefault(), clock);
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Outcome get(String input) {
        return get(input.getBytes(StandardCharsets.UTF_8));
    }

    private void assertNothingLeakedAndStoreIntact(Outcome o) throws Exception {
        assertThat(o.out()).doesNotContain(SERVER_TOKEN, REPO_TOKEN, "password=");
        assertThat(o.err()).doesNotContain(SERVER_TOKEN, REPO_TOKEN, "Exception", "\tat ");
        assertThat(o.err().lines().count()).isLessThanOrEqualTo(1);
        assertThat(Files.readAllBytes(dir.resolve("state/store.json"))).isEqualTo(storeBefore);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "protocol=https\nhost=code.example.com.evil.org\n\n",
        "protocol=https\nhost=evil.org\npath=code.example.com/group/repo\n\n",
        "protocol=https\nhost=code.example.com:8443\n\n",
        "protocol=https\nhost=alice@code.example.com\n\n",
        "protocol=https\nhost=code.example.com@evil.org\n\n",
        "protocol=https\nhost=evil.org/code.example.com\n\n",
        "protocol=http\nhost=code.example.com\n\n",
        "protocol=http\nhost=plain.example.com\npath=group/repo\n\n",
        "protocol=https\nhost=code.example.com\npath=group/repo/../other\n\n",
        "protocol=https\nhost=code.example.com\npath=group/%2e%2e/repo\n\n",
        "protocol=https\nhost=code.example.com\npath=group//repo\n\n",
        "protocol=https\nhost=code.example.com\npath=group/repo%00\n\n",
        "protocol=https\nhost=code.example.com\npath=group/repo\u0000x\n\n",
        "protocol=https\nhost=code.example.com\u0000.evil.org\n\n",
        "protocol=https\nhost=code.example.com\rhost=evil\n\n",
        "protocol=https\npath=group/repo\n\n",
        "protocol=https\nhost=\n\n",
        "host=code.example.com\n\n",
        "protocol=ftp\nhost=code.example.com\n\n",
        "protocol=https\nhost=code.example.com\nusername=mallory\n\n",
        "url=https://code.example.com.evil.org/group/repo\n\n",
        "url=https://code.example.com:443@evil.org/\n\n",
        "garbage without equals sign\n\n",
        "=value\n\n",
        // git sends path= decoded: a '%' left was encoded twice (group%252Frepo), never a '/'.
        "protocol=https\nhost=code.example.com\npath=group%2Frepo\n\n",
        "protocol=https\nhost=code.example.com\nusername=al\u001b[31mice\n\n",
        "protocol=https\nhost=code.example.com\nusername=alice:x\n\n",
        "url=https://alice@code.example.com/group/repo\nusername=bob\n\n",
    })
    void hostileRequestsGetNoToken(String input) throws Exception {
        Outcome o = get(input);

        assertNothingLeakedAndStoreIntact(o);
    }

    @Test
    void pathTricksNeverReachTheScopedTokenOfAnotherRepository() throws Exception {
        Outcome o = get("protocol=https\nhost=code.example.com\npath=group/other/../repo\n\n");

        assertThat(o.out()).doesNotContain(REPO_TOKEN);
        assertThat(o.err()).startsWith("vcstoken: error:");
    }

    @Test
    void keysVcstokenDoesNotUseAreSkippedUnreadWhateverTheirBytes() throws Exception {
        java.io.ByteArrayOutputStream in = new java.io.ByteArrayOutputStream();
        in.write("protocol=https\nhost=code.example.com\nwwwauth[]=Basic realm=\"Z".getBytes(StandardCharsets.UTF_8));
        in.write(0xfc); // Latin-1, as a server may send it and git passes it through
        in.write("rich\"\ncapability[]=authtype\nfuture=a\u0000b\rc\n\n".getBytes(StandardCharsets.UTF_8));

        Outcome o = get(in.toByteArray());

        assertThat(o.err()).isEmpty();
        assertThat(o.out()).contains("password=" + SERVER_TOKEN);
    }

    @Test
    void aUrlOfAnotherProtocolIsIgnoredLikeAnyOtherProtocol() throws Exception {
        Outcome o = get("url=smtp://code.example.com/\n\n");

        assertThat(o.exit()).isZero();
        assertThat(o.out()).isEmpty();
        assertThat(o.err()).isEmpty();
    }

    @Test
    void aRequestWithoutPathFindsTheHostsOnlyProfileUnderAPrefixButNeverGuessesBetweenTwo() throws Exception {
        cli("", "server", "add", "https://prefixed.example.com/rhodecode", "--user", "alice");
        cli("prefixedservertoken-0000", "token", "add", "https://prefixed.example.com/rhodecode", "--user", "alice");
        assertThat(get("protocol=https\nhost=prefixed.example.com\n\n").out())
                .contains("password=prefixedservertoken-0000");

        cli("", "server", "add", "https://prefixed.example.com/other", "--user", "alice");
        cli("otherprefixtoken-0000000", "token", "add", "https://prefixed.example.com/other", "--user", "alice");
        Outcome two = get("protocol=https\nhost=prefixed.example.com\n\n");
        assertThat(two.out()).doesNotContain("password=");
        assertThat(get("protocol=https\nhost=prefixed.example.com\npath=other/repo\n\n").out())
                .contains("password=otherprefixtoken-0000000");
    }

    @Test
    void everySpellingOfAnIpv6LoopbackFindsTheOneProfile() throws Exception {
        cli("ipv6looptoken-000000000", "token", "add", "http://[0:0::1]:8080/group/repo", "--user", "alice");
        for (String host : new String[] {"[::1]:8080", "[0:0::1]:8080", "[0000::0001]:8080", "[0:0:0:0:0:0:0:1]:8080"}) {
            assertThat(get("protocol=http\nhost=" + host + "\npath=group/repo\n\n").out())
                    .as(host).contains("password=ipv6looptoken-000000000");
        }
        assertThat(get("protocol=http\nhost=[::2]:8080\npath=group/repo\n\n").out()).doesNotContain("password=");
    }

    @Test
    void aOneMebibyteLineIsRefused() throws Exception {
        String huge = "protocol=https\nhost=code.example.com\npath=" + "a".repeat(1 << 20) + "\n\n";

        Outcome o = get(huge);

        assertNothingLeakedAndStoreIntact(o);
        assertThat(o.err()).contains("longer than 65535");
        assertThat(o.exit()).isEqualTo(1);
    }

    @Test
    void randomBytesNeverCrashOrLeak() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 300; i++) {
            byte[] junk = new byte[random.nextInt(400)];
            random.nextBytes(junk);
            Outcome o = get(junk);
            assertNothingLeakedAndStoreIntact(o);
        }
    }

    @Test
    void theGenuineRequestsStillWork() {
        assertThat(get("protocol=https\nhost=code.example.com\n\n").out()).contains("password=" + SERVER_TOKEN);
        assertThat(get("protocol=https\nhost=CODE.Example.COM:443\npath=group/repo.git\n\n").out())
                .contains("password=" + REPO_TOKEN);
        assertThat(get("protocol=http\nhost=127.0.0.1:8080\npath=group/repo\n\n").out())
                .contains("password=loopbacktoken-000000000");
        assertThat(get("protocol=https\nhost=code.example.com\r\npath=group/repo\r\n\r\n").out())
                .as("CRLF line ends are accepted, as git accepts them").contains("password=" + REPO_TOKEN);
    }

    @Test
    void plainHttpToARemoteHostIsRefusedWithAMessageSayingHowToAllowIt() {
        Outcome o = get("protocol=http\nhost=plain.example.com\npath=group/repo\n\n");

        assertThat(o.out()).isEmpty();
        assertThat(o.err()).contains("plain http", "--allow-http");
    }
}
