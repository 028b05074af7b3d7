package org.vcstoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.env.Environment;
import org.vcstoken.testing.MutableClock;

/** The token and server commands, run in-process with their own environment, clock and streams. */
class CommandsTest {
    static final String SECRET = "5ec4e70000000000000000000000000000005ec4";

    @TempDir
    Path dir;
    Environment env;
    MutableClock clock = MutableClock.at("2026-11-27T12:00:00Z");

    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void setUp() {
        env = new Environment(Map.of("VCSTOKEN_HOME", dir.resolve("state").toString(), "HOME", dir.toString()));
    }

    Run run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = VcstokenMain.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env, FileSystems.getDefault(), clock);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void tokenAddReadsTheSecretFromStdinAndListNeverShowsIt() {
        Run add = run(SECRET + "\n", "token", "add", "https://code.example.com/group/repo", "--user", "alice",
                "--lifetime", "30d", "--description", "laptop");
        Run list = run("", "token", "list");
        Run json = run("", "token", "list", "--json");

        assertThat(add.exit()).as(add.err()).isZero();
        assertThat(add.out()).contains("repository group/repo", "user alice", "2026-12-27T12:00:00Z");
        assertThat(list.out()).contains("https://code.example.com", "group/repo", "alice", "vcs", "2026-12-27T12:00:00Z", "ok")
                .doesNotContain(SECRET).doesNotContain(SECRET.substring(0, 8));
        assertThat(json.out()).contains("\"scope\" : \"group/repo\"", "\"state\" : \"ok\"", "\"description\" : \"laptop\"")
                .doesNotContain(SECRET);
    }

    @Test
    void anArgumentStartingWithAnAtIsNeverReadAsAFileOfArguments() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("args"), "--json\n");
        run(SECRET + "\n", "token", "add", "https://code.example.com", "--user", "alice", "--description", "@" + file);

        Run list = run("", "token", "list", "--json");
        Run at = run("", "token", "list", "@" + file);

        assertThat(list.out()).contains("\"description\" : \"@" + file + "\"");
        assertThat(at.exit()).isEqualTo(2);
        assertThat(at.err()).contains("@" + file);
        assertThat(at.out()).doesNotContain("\"server\"");
    }

    @Test
    void configureAndUnconfigureWithoutOptionsSkipWhatIsNotInstalled() {
        // This environment has no PATH: no git, hg or svn.
        run("", "server", "add", "https://code.example.com", "--user", "alice");

        Run configure = run("", "configure");
        Run unconfigure = run("", "unconfigure");

        assertThat(configure.exit()).as(configure.err()).isZero();
        assertThat(configure.out()).contains("git: not on PATH, skipped");
        assertThat(unconfigure.exit()).as(unconfigure.err()).isZero();
        assertThat(unconfigure.out()).contains("git: not on PATH", "hg: nothing to remove", "svn: nothing to remove");
    }

    @Test
    void aConfigureFailureSaysWhyNotOnlyWhichFile() throws Exception {
        java.nio.file.Path extension = java.nio.file.Files.writeString(dir.resolve("vcstoken.py"), "# extension\n");
        java.nio.file.Files.createDirectories(dir.resolve(".hgrc"));
        env = new Environment(Map.of("VCSTOKEN_HOME", dir.resolve("state").toString(), "HOME", dir.toString(),
                "VCSTOKEN_HG_EXTENSION", extension.toString()));

        Run r = run("", "configure", "--hg");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("vcstoken: error: hg: cannot ").contains(dir.resolve(".hgrc").toString())
                .contains("(Is a directory)");
    }

    /**
     * git's fallback and renew take the same lock: a renew that waited for another process's
     * creation finds the token replaced and makes no second one (it never gets to a prompt).
     */
    @Test
    void renewWaitsForACreationUnderWayAndThenLeavesTheReplacedTokenAlone() throws Exception {
        String id = run(SECRET + "\n", "token", "add", "https://code.example.com", "--user", "alice", "--lifetime", "1h")
                .out().split(" ")[2];
        clock.advance(Duration.ofHours(2));
        // An askpass program that would fail the test's expectations if it were ever asked anything.
        env = new Environment(Map.of("VCSTOKEN_HOME", dir.resolve("state").toString(), "HOME", dir.toString(),
                "GIT_ASKPASS", "/bin/false"));
        Run[] renewed = new Run[1];
        Thread renew = new Thread(() -> renewed[0] = run("", "renew"));
        try (var held = org.vcstoken.renew.Fallback.creationLock(
                org.vcstoken.env.StatePaths.from(env, FileSystems.getDefault()).dataDir(), "https://code.example.com",
                "alice", null, p -> { })) {
            assertThat(held).isNotNull();
            renew.start();
            while (renew.isAlive() && renew.getState() != Thread.State.TIMED_WAITING) {
                Thread.onSpinWait(); // until renew waits for the lock this test holds
            }
            assertThat(run("", "token", "remove", id).exit()).isZero(); // what the other process did
        }
        renew.join();

        assertThat(renewed[0].exit()).as(renewed[0].err()).isZero();
        assertThat(renewed[0].out()).contains(id + " was replaced meanwhile by another vcstoken process");
    }

    @Test
    void tokenAddWithoutAProfileCreatesOneWithDefaults() {
        run(SECRET + "\n", "token", "add", "https://code.example.com", "--user", "alice");

        Run servers = run("", "server", "list");

        assertThat(servers.out()).contains("https://code.example.com", "rhodecode", "alice", "repo", "30d");
    }

    @Test
    void listShowsATokenPastItsExpiryAsExpired() {
        run(SECRET + "\n", "token", "add", "https://code.example.com", "--user", "alice", "--lifetime", "1h");
        assertThat(run("", "token", "list", "--json").out()).contains("\"state\" : \"ok\"");
        clock.advance(Duration.ofHours(2));

        assertThat(run("", "token", "list").out()).containsPattern("(?m)\\bexpired$");
        assertThat(run("", "token", "list", "--json").out()).contains("\"state\" : \"expired\"");
    }

    @Test
    void theSecretIsNeverTakenFromArgumentsAndAMissingOneSaysHowToPipeIt() {
        Run r = run("", "token", "add", "https://code.example.com", "--user", "alice");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("vcstoken: error:", "standard input");
        assertThat(run("", "token", "add", "https://code.example.com", "--user", "alice", "--secret", SECRET).exit())
                .as("no option takes a secret").isEqualTo(2);
    }

    @Test
    void aUrlWithAPasswordIsRefused() {
        Run r = run(SECRET + "\n", "token", "add", "https://alice:hunter2@code.example.com", "--user", "alice");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("never put secrets in URLs").doesNotContain("hunter2");
    }

    @Test
    void badLifetimesAndPastExpiriesSayWhatToType() {
        Run lifetime = run(SECRET + "\n", "token", "add", "https://h.example", "--user", "a", "--lifetime", "soon");
        Run past = run(SECRET + "\n", "token", "add", "https://h.example", "--user", "a", "--expires", "2020-01-01");
        Run both = run(SECRET + "\n", "token", "add", "https://h.example", "--user", "a", "--expires", "2027-01-01",
                "--lifetime", "1d");

        assertThat(lifetime.err()).contains("90m, 12h, 30d, 2w or never");
        assertThat(past.err()).contains("in the past");
        assertThat(both.exit()).isEqualTo(2);
    }

    /** Values so large that date arithmetic overflows were stored, then broke every later lookup. */
    @Test
    void lifetimesAndExpiriesBeyondAnyUseAreRefusedWithTheWayOut() {
        Run renew = run("", "server", "add", "https://h.example", "--user", "a", "--renew-before", "99999999999999d");
        Run never = run("", "server", "add", "https://h.example", "--user", "a", "--renew-before", "never");
        Run far = run(SECRET + "\n", "token", "add", "https://h.example", "--user", "a", "--expires", "+10000-01-01");
        Run farthest = run(SECRET + "\n", "token", "add", "https://h.example", "--user", "a", "--expires",
                "+999999999-12-31");
        Run long_ = run(SECRET + "\n", "token", "add", "https://h.example", "--user", "a", "--lifetime", "36526d");

        assertThat(renew.exit()).isEqualTo(1);
        assertThat(renew.err()).contains("longer than 100 years; use never").doesNotContain("Exception");
        assertThat(never.err()).contains("--renew-before needs a duration");
        assertThat(far.err()).contains("after the year 9999").doesNotContain("Exception");
        assertThat(farthest.err()).contains("cannot read expiry").doesNotContain("Exception");
        assertThat(long_.err()).contains("longer than 100 years");
        assertThat(run("", "token", "list").out()).doesNotContain("h.example");
        assertThat(run(SECRET + "\n", "token", "add", "https://h.example", "--user", "a", "--lifetime", "36525d").exit())
                .as("100 years is still a lifetime").isZero();
    }

    @Test
    void removeDeletesOneTokenAndAnUnknownIdPointsAtTheList() {
        String id = run(SECRET + "\n", "token", "add", "https://code.example.com", "--user", "alice").out().split(" ")[2];

        Run removed = run("", "token", "remove", id);
        Run again = run("", "token", "remove", id);

        assertThat(removed.out()).contains("removed token " + id);
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("vcstoken token list");
        assertThat(run("", "token", "list").out()).contains("no tokens");
    }

    @Test
    void serverAddUpdatesOnlyTheGivenSettingsAndRemoveTakesItsTokens() {
        Run add = run("", "server", "add", "https://code.example.com/rhodecode", "--user", "alice", "--lifetime", "7d");
        Run update = run("", "server", "add", "https://code.example.com/rhodecode", "--scope", "host");
        run(SECRET + "\n", "token", "add", "https://code.example.com/rhodecode/group/repo", "--user", "alice");
        Run json = run("", "server", "list", "--json");
        Run tokens = run("", "token", "list");
        Run remove = run("", "server", "remove", "https://code.example.com/rhodecode");

        assertThat(add.out()).contains("added server https://code.example.com/rhodecode");
        assertThat(update.out()).contains("updated server");
        assertThat(json.out()).contains("\"scope\" : \"host\"", "\"lifetime\" : \"PT168H\"", "\"user\" : \"alice\"",
                "\"tokens\" : 1");
        assertThat(tokens.out()).as("the mount prefix is not part of the repository name").contains(" group/repo ");
        assertThat(remove.out()).contains("and 1 token");
        assertThat(run("", "token", "list").out()).contains("no tokens");
    }

    @Test
    void serverAddWithAForgeKindTakesItsLifetimeAndKeepsThatTheForgeIgnoresUserNames() throws Exception {
        Run add = run("", "server", "add", "https://codeberg.example", "--kind", "forgejo", "--user", "alice");
        Run json = run("", "server", "list", "--json");
        String forgejo = Files.readString(dir.resolve("state/store.json"));
        Run back = run("", "server", "add", "https://codeberg.example", "--kind", "rhodecode");
        String rhodecode = Files.readString(dir.resolve("state/store.json"));

        assertThat(add.exit()).as(add.err()).isZero();
        assertThat(json.out()).contains("\"kind\" : \"forgejo\"", "\"lifetime\" : \"PT2160H\"");
        assertThat(forgejo).contains("\"ignores_username\":true");
        assertThat(back.exit()).as(back.err()).isZero();
        assertThat(rhodecode).doesNotContain("ignores_username");
    }

    @Test
    void tokenListSaysWhichExpiryIsVcstokensAndHowToDeleteARetiredToken() throws Exception {
        run("", "server", "add", "https://codeberg.example", "--kind", "forgejo", "--user", "alice");
        var store = new org.vcstoken.store.TokenStore(new org.vcstoken.env.StatePaths(dir.resolve("state"),
                dir.resolve("state")), Duration.ofSeconds(5), line -> { });
        java.time.Instant now = clock.instant();
        store.update(d -> d.withToken(new org.vcstoken.token.Token("aaaa1111", "https://codeberg.example", "alice",
                org.vcstoken.token.Role.VCS, "alice/app", now.plus(Duration.ofDays(90)), "created by vcstoken", now,
                org.vcstoken.token.TokenOrigin.CREATED, null, null, org.vcstoken.token.Secret.of(SECRET), "41",
                new org.vcstoken.token.TokenState(true, false, null, null)))
                .withToken(new org.vcstoken.token.Token("bbbb2222", "https://codeberg.example", "alice",
                        org.vcstoken.token.Role.VCS, "alice/app", now.plus(Duration.ofDays(1)), "created by vcstoken",
                        now.minus(Duration.ofDays(89)), org.vcstoken.token.TokenOrigin.CREATED, null, null,
                        org.vcstoken.token.Secret.of(SECRET.replace('5', '6')), "17",
                        new org.vcstoken.token.TokenState(true, false, now, null))));

        Run list = run("", "token", "list");
        Run json = run("", "token", "list", "--json");

        assertThat(list.out()).contains("2027-02-25T12:00:00Z (vcstoken)", "retired",
                "token bbbb2222 is retired: replaced, but still valid on https://codeberg.example (server id 17); "
                        + "delete it at https://codeberg.example/user/settings/applications, then: vcstoken token "
                        + "remove bbbb2222").doesNotContain(SECRET);
        assertThat(json.out()).contains("\"expiry_by\" : \"vcstoken\"", "\"still_valid_on_server\" : true",
                "\"delete_at\" : \"https://codeberg.example/user/settings/applications\"", "\"server_id\" : \"17\"");
    }

    @Test
    void tokenCheckNeverCallsATokenPastVcstokensOwnExpiryRejected() throws Exception {
        run("", "server", "add", "https://codeberg.example", "--kind", "forgejo", "--user", "alice");
        var store = new org.vcstoken.store.TokenStore(new org.vcstoken.env.StatePaths(dir.resolve("state"),
                dir.resolve("state")), Duration.ofSeconds(5), line -> { });
        java.time.Instant now = clock.instant();
        store.update(d -> d.withToken(new org.vcstoken.token.Token("cccc3333", "https://codeberg.example", "alice",
                org.vcstoken.token.Role.VCS, "alice/app", now.minus(Duration.ofDays(1)), "created by vcstoken",
                now.minus(Duration.ofDays(91)), org.vcstoken.token.TokenOrigin.CREATED, null, null,
                org.vcstoken.token.Secret.of(SECRET), "41", new org.vcstoken.token.TokenState(true, false, null, null))));

        Run check = run("", "token", "check");

        assertThat(check.out()).contains("token cccc3333 for https://codeberg.example: past vcstoken's lifetime",
                "vcstoken renew https://codeberg.example/alice/app").doesNotContain("marked rejected");
        assertThat(run("", "token", "list").out()).contains("expired").doesNotContain("rejected");
    }

    @Test
    void unknownKindsAndServersAreExplained() {
        assertThat(run("", "server", "add", "https://h.example", "--kind", "bitbucket").err())
                .contains("unknown server kind 'bitbucket'; use one of: ").contains("rhodecode").contains("generic");
        assertThat(run("", "server", "remove", "https://h.example").err()).contains("vcstoken server list");
    }

    @Test
    void helpListsEveryCommandAndMistakesGetASuggestion() {
        // A run that names one command builds only that one; help and mistakes must still see all.
        Run help = run("", "--help");
        for (Class<?> c : VcstokenMain.SUBCOMMANDS) {
            String name = c.getAnnotation(picocli.CommandLine.Command.class).name();
            assertThat(help.out()).as(name).containsPattern("(?m)^  " + java.util.regex.Pattern.quote(name) + " ");
        }
        Run helpToken = run("", "help", "token");
        assertThat(helpToken.exit()).isZero();
        assertThat(helpToken.out()).contains("Usage: vcstoken token");
        Run typo = run("", "tokn", "list");
        assertThat(typo.exit()).isEqualTo(2);
        assertThat(typo.err()).contains("token");
    }

    @Test
    void aCorruptStoreIsReportedAndLeftUntouched() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.setPosixFilePermissions(state, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Path store = state.resolve("store.json");
        byte[] corrupt = "{\"version\":1,\"tokens\":[{\"id\":\"x\",\"secret\":".getBytes(StandardCharsets.UTF_8);
        Files.write(store, corrupt);
        Files.setPosixFilePermissions(store, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

        Run add = run(SECRET + "\n", "token", "add", "https://code.example.com", "--user", "alice");
        Run list = run("", "token", "list");

        assertThat(add.exit()).isEqualTo(1);
        assertThat(add.err()).contains(store.toString(), "left untouched");
        assertThat(list.exit()).isEqualTo(1);
        assertThat(Files.readAllBytes(store)).isEqualTo(corrupt);
    }
}
