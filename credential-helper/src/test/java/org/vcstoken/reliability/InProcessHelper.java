package org.vcstoken.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.vcstoken.cli.VcstokenMain;
import org.vcstoken.env.Environment;
import org.vcstoken.git.GitCredentialMain;
import org.vcstoken.testing.MutableClock;

/**
 * The git helper and the CLI run in this JVM against a state directory seeded with one token per
 * kind of origin (server-wide, repo-scoped, other port, IDN host, IPv6 literal, loopback http).
 * Every secret is distinct, so an answer names exactly which token was handed out.
 */
final class InProcessHelper {
    /** A stored token: the secret and what it may be sent to. */
    record Stored(String secret, String origin, String scope) {
    }

    static final Stored SERVER_WIDE = new Stored("aaaa0000000000000000000000000000000server", "https://code.example.com:443", null);
    static final Stored REPO = new Stored("bbbb000000000000000000000000000000000repo", "https://code.example.com:443", "group/repo");
    static final Stored OTHER_PORT = new Stored("cccc000000000000000000000000000000port8443", "https://code.example.com:8443", null);
    static final Stored IDN = new Stored("dddd0000000000000000000000000000000idnhost", "https://xn--bcher-kva.example:443", null);
    static final Stored IPV6 = new Stored("eeee0000000000000000000000000000000ipv6rep", "https://[::1]:8443", "group/repo");
    static final Stored LOOPBACK = new Stored("ffff00000000000000000000000000000loopback", "http://127.0.0.1:8080", null);
    static final Stored FASS = new Stored("9999000000000000000000000000000000fasshost", "https://fass.example:443", null);
    static final Stored[] ALL = {SERVER_WIDE, REPO, OTHER_PORT, IDN, IPV6, LOOPBACK, FASS};

    final Path dir;
    final Environment env;
    final MutableClock clock = MutableClock.at("2026-11-27T12:00:00Z");
    final Path store;
    final Path traceFile;
    final byte[] storeBefore;

    record Outcome(int exit, String out, String err) {
    }

    InProcessHelper(Path dir) throws Exception {
        this.dir = dir;
        this.store = dir.resolve("state/store.json");
        this.traceFile = dir.resolve("trace.log");
        Map<String, String> vars = new HashMap<>();
        vars.put("VCSTOKEN_HOME", dir.resolve("state").toString());
        vars.put("HOME", dir.toString());
        // Tracing on for every fuzzed request: the trace must mask every secret too.
        vars.put("VCSTOKEN_TRACE", traceFile.toString());
        vars.put("GIT_TERMINAL_PROMPT", "0");
        vars.put("CI", "true");
        this.env = new Environment(vars);
        cli(SERVER_WIDE.secret(), "token", "add", "https://code.example.com", "--user", "alice");
        cli(REPO.secret(), "token", "add", "https://code.example.com/group/repo", "--user", "alice");
        cli(OTHER_PORT.secret(), "token", "add", "https://code.example.com:8443", "--user", "alice");
        cli(IDN.secret(), "token", "add", "https://bücher.example", "--user", "alice");
        cli(IPV6.secret(), "token", "add", "https://[::1]:8443/group/repo", "--user", "alice");
        cli(LOOPBACK.secret(), "token", "add", "http://127.0.0.1:8080", "--user", "alice");
        cli(FASS.secret(), "token", "add", "https://fass.example", "--user", "alice");
        this.storeBefore = Files.readAllBytes(store);
        Files.deleteIfExists(traceFile);
    }

    void cli(String stdin, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = VcstokenMain.run(args, new ByteArrayInputStream((stdin + "\n").getBytes(StandardCharsets.UTF_8)),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err), env, FileSystems.getDefault(), clock);
        assertThat(status).as(err.toString()).isZero();
    }

    Outcome run(String action, byte[] input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = GitCredentialMain.run(new String[] {action}, new ByteArrayInputStream(input),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env, FileSystems.getDefault(), clock);
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The secret the helper answered with, or null. */
    static String password(Outcome o) {
        for (String line : o.out().split("\n", -1)) {
            if (line.startsWith("password=")) {
                return line.substring("password=".length());
            }
        }
        return null;
    }

    static Stored bysecret(String secret) {
        for (Stored s : ALL) {
            if (s.secret().equals(secret)) {
                return s;
            }
        }
        return null;
    }

    /** No stack trace, stdout only protocol lines, store and trace without a torn byte or a secret. */
    void assertSafe(Outcome o) throws Exception {
        assertSafe(o, "");
    }

    void assertSafe(Outcome o, String request) throws Exception {
        assertThat(o.err()).as("stderr").doesNotContain("Exception", "\tat ", "Caused by");
        assertThat(o.err().lines().count()).as("stderr lines: %s", o.err()).isLessThanOrEqualTo(2);
        for (String line : o.out().split("\n")) {
            if (!line.isEmpty()) {
                assertThat(line).as("stdout").matches("(username|password|password_expiry_utc|quit)=.*");
            }
        }
        for (Stored s : ALL) {
            assertThat(o.err()).as("stderr").doesNotContain(s.secret());
        }
        assertThat(Files.readString(store, StandardCharsets.ISO_8859_1)).as("the store, after %s%n%s", request, o)
                .isEqualTo(new String(storeBefore, StandardCharsets.ISO_8859_1));
        if (Files.exists(traceFile)) {
            String trace = Files.readString(traceFile, StandardCharsets.ISO_8859_1);
            for (Stored s : ALL) {
                assertThat(trace).as("trace").doesNotContain(s.secret());
            }
        }
    }
}
