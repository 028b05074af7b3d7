package org.vcstoken.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.vcstoken.cli.VcstokenMain;
import org.vcstoken.env.Environment;
import org.vcstoken.git.GitCredentialMain;
import org.vcstoken.reliability.StoreMutants.Mutant;
import org.vcstoken.reliability.StoreMutants.Seed;
import org.vcstoken.store.StoreData;
import org.vcstoken.store.StoreException;
import org.vcstoken.store.TokenStore;
import org.vcstoken.testing.MutableClock;
import org.vcstoken.testing.Proc;
import org.vcstoken.testing.Tools;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;

/**
 * Issue 16: after any command, the store file is the same bytes, or a valid store holding every
 * token it held, and no secret in pass is deleted. Real commands run in this JVM (the CLI and the
 * git helper, as {@link InProcessHelper} does) on the mutants of {@link StoreMutants}; the seed's
 * pass token has a real entry in a real pass store with a throw-away GPG key.
 */
class StoreMutationCommandsPropertyTest {
    static final String MANUAL_SECRET = "aaaa1111000000000000000000000000000manual";
    static final String CAPTURED_SECRET = "cccc3333000000000000000000000000captured";
    static final String PASS_ENTRY = "vcstoken/code.example.com/alice/t-feed";

    static Path dir;
    static Path state;
    static Path passStore;
    static Environment env;
    static List<Mutant> mutants;
    static Map<String, String> toolEnv;

    /** A command someone may run on a store they edited. */
    enum Command {
        TOKEN_LIST(false, "", "token", "list"),
        TOKEN_LIST_JSON(false, "", "token", "list", "--json"),
        SERVER_LIST(false, "", "server", "list"),
        ENV_CI(false, "", "env", "--ci"),
        TOKEN_ADD(false, "bbbb2222000000000000000000000000addedrepo\n", "token", "add",
                "https://code.example.com/other/repo", "--user", "alice"),
        TOKEN_ADD_NEW_SERVER(false, "bbbb2222000000000000000000000000addedhost\n", "token", "add", "https://new.example.net",
                "--user", "zed"),
        SERVER_ADD(false, "", "server", "add", "https://gitlab.example.com", "--user", "bob", "--lifetime", "14d"),
        TOKEN_REMOVE(false, "", "token", "remove", "t-http"),
        GET(true, "protocol=https\nhost=code.example.com\npath=group/repo\n\n", "get"),
        STORE(true, "protocol=https\nhost=code.example.com\npath=group/repo\nusername=alice\npassword=" + MANUAL_SECRET
                + "\n\n", "store"),
        ERASE(true, "protocol=http\nhost=git.example.org:8080\npath=scm/x\nusername=erin\npassword=" + CAPTURED_SECRET
                + "\n\n", "erase");

        final boolean git;
        final String stdin;
        final String[] args;

        Command(boolean git, String stdin, String... args) {
            this.git = git;
            this.stdin = stdin;
            this.args = args;
        }
    }

    record Outcome(int exit, String out, String err) {
    }

    @BeforeContainer
    static void setUp() throws Exception {
        dir = Files.createTempDirectory("store-mutation-commands");
        state = Files.createDirectories(dir.resolve("state"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx------"));
        Seed withStates = StoreMutants.written(StoreMutants.seed(true), dir.resolve("seed2"));
        Seed withoutStates = StoreMutants.written(StoreMutants.seed(false), dir.resolve("seed1"));
        mutants = new ArrayList<>(StoreMutants.all(withStates, true));
        mutants.addAll(StoreMutants.all(withoutStates, false));
        Tools.require("gpg");
        Tools.require("pass");
        Path gnupg = Files.createDirectories(dir.resolve("gnupg"));
        Files.setPosixFilePermissions(gnupg, PosixFilePermissions.fromString("rwx------"));
        passStore = dir.resolve("password-store");
        toolEnv = new HashMap<>();
        toolEnv.put("GNUPGHOME", gnupg.toString());
        toolEnv.put("PASSWORD_STORE_DIR", passStore.toString());
        toolEnv.put("HOME", dir.toString());
        toolEnv.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        tool(List.of("gpg", "--batch", "--passphrase", "", "--quick-gen-key", "mutants@example.invalid", "default",
                "default", "never"), "");
        tool(List.of("pass", "init", "mutants@example.invalid"), "");
        tool(List.of("pass", "insert", "-m", PASS_ENTRY), "9999888800000000000000000000000000inpass\n");
        Map<String, String> vars = new HashMap<>(toolEnv);
        vars.put("VCSTOKEN_HOME", state.toString());
        vars.put("GIT_TERMINAL_PROMPT", "0");
        vars.put("GIT_CONFIG_NOSYSTEM", "1");
        vars.put("GIT_CONFIG_GLOBAL", dir.resolve("gitconfig").toString());
        vars.put("CI", "true");
        env = new Environment(vars);
    }

    @AfterContainer
    static void tearDown() throws Exception {
        if (toolEnv != null) {
            tool(List.of("gpgconf", "--kill", "all"), "");
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void tool(List<String> command, String stdin) throws IOException, InterruptedException {
        Proc.Result r = Proc.run(command, toolEnv, dir, stdin, Duration.ofSeconds(60));
        assertThat(r.exit()).as(r.toString()).isZero();
    }

    /** Refused mutants outnumber valid edits fifty to one; the commands get both in equal measure. */
    @Provide
    Arbitrary<Mutant> mutants() {
        List<Mutant> refused = mutants.stream().filter(m -> m.expect() == StoreMutants.Expect.REFUSED).toList();
        List<Mutant> valid = mutants.stream().filter(m -> m.expect() != StoreMutants.Expect.REFUSED).toList();
        return Arbitraries.oneOf(Arbitraries.of(refused), Arbitraries.of(valid));
    }

    @Property(tries = 400, seed = "20261204")
    void afterAnyCommandTheStoreIsTheSameBytesOrAValidStoreHoldingEveryTokenItHeld(@ForAll("mutants") Mutant m,
            @ForAll Command command) throws Exception {
        check(m.file(), command, m.toString());
    }

    @Example
    void everyCommandLeavesTheIssuesStoreAsItWasAndSaysWhichFieldToFix() throws Exception {
        // The store of issue 16: a list where allow_http's boolean belongs.
        Seed seed = StoreMutants.written(StoreMutants.seed(true), dir.resolve("issue-seed"));
        byte[] edited = new String(seed.file(), StandardCharsets.ISO_8859_1)
                .replaceFirst("\"allow_http\":true", "\"allow_http\": [true]").getBytes(StandardCharsets.ISO_8859_1);
        for (Command c : Command.values()) {
            Outcome o = check(edited, c, "allow_http as [true]");
            assertThat(o.err()).as("%s", c).contains("vcstoken: error:").contains("\"allow_http\"")
                    .contains(state.resolve("store.json").toString());
        }
    }

    @Example
    void theCommandsDoTheirWorkOnTheUnmutatedSeed() throws Exception {
        // So that "the file is unchanged" above cannot come from commands that never work.
        Seed seed = StoreMutants.written(StoreMutants.seed(true), dir.resolve("plain-seed"));
        for (Command c : Command.values()) {
            Outcome o = check(seed.file(), c, "the seed");
            assertThat(o.exit()).as("%s: %s", c, o).isZero();
            if (c == Command.GET) {
                assertThat(o.out()).contains("password=" + MANUAL_SECRET);
            }
            if (c == Command.TOKEN_ADD || c == Command.TOKEN_REMOVE || c == Command.ERASE || c == Command.SERVER_ADD) {
                assertThat(Files.readAllBytes(state.resolve("store.json"))).as("%s wrote", c).isNotEqualTo(seed.file());
            }
        }
    }

    /** Runs {@code command} on {@code file} as the store and checks what issue 16 promises. */
    private static Outcome check(byte[] file, Command command, String what) throws Exception {
        StoreMutants.install(state, file);
        TokenStore reader = StoreMutants.store(state);
        StoreData before;
        try {
            before = reader.read();
        } catch (StoreException e) {
            before = null;
        }
        Outcome o = run(command);
        String as = what + ", then " + command + ": " + o;
        byte[] after = Files.readAllBytes(state.resolve("store.json"));

        assertThat(o.err()).as(as).doesNotContain("Exception", "\tat ").doesNotContain("is still in the");
        assertThat(passStore.resolve(PASS_ENTRY + ".gpg")).as("%s: the pass entry of t-feed", as).exists();
        String password = o.out().lines().filter(l -> l.startsWith("password=")).findFirst().orElse(null);
        if (password != null) {
            assertThat(password).as(as).isEqualTo("password=" + MANUAL_SECRET);
        }
        if (before == null) {
            assertThat(after).as("%s: a store that cannot be read is left as it was", as).isEqualTo(file);
            if (!command.git) {
                assertThat(o.exit()).as(as).isNotZero();
                assertThat(o.err()).as(as).contains("vcstoken: error:").contains("left untouched");
            }
            return o;
        }
        if (java.util.Arrays.equals(after, file)) {
            return o;
        }
        StoreData now = reader.read(); // a StoreException here fails the test: what was written must read
        for (Token t : before.tokens()) {
            if (command == Command.TOKEN_REMOVE && t.id().equals("t-http")) {
                assertThat(now.token("t-http")).as(as).isEmpty();
                continue;
            }
            Token kept = now.token(t.id()).orElse(null);
            assertThat(kept).as("%s: token %s is still there", as, t.id()).isNotNull();
            // A confirmation or a refusal may change those two; nothing else of a token may change.
            assertThat(kept.withConfirmed(null).withRejected(null)).as("%s: token %s", as, t.id())
                    .isEqualTo(t.withConfirmed(null).withRejected(null));
        }
        for (ServerProfile s : before.servers()) {
            assertThat(now.server(s.baseUrl())).as("%s: server %s", as, s.baseUrl()).isPresent();
        }
        return o;
    }

    private static Outcome run(Command c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayInputStream in = new ByteArrayInputStream(c.stdin.getBytes(StandardCharsets.UTF_8));
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        MutableClock clock = new MutableClock(StoreMutants.T0);
        int exit = c.git ? GitCredentialMain.run(c.args, in, o, e, env, FileSystems.getDefault(), clock)
                : VcstokenMain.run(c.args, in, o, e, env, FileSystems.getDefault(), clock);
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
