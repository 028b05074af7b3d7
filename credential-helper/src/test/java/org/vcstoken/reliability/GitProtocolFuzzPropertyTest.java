package org.vcstoken.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.vcstoken.reliability.InProcessHelper.Outcome;
import org.vcstoken.reliability.InProcessHelper.Stored;

/**
 * The git credential protocol under fire: requests built from every trick (case, default ports,
 * trailing dots, IDN, IPv6, percent-encoding, userinfo, duplicate and unknown keys, CR/NUL/LF
 * injection, CRLF, junk after the blank line) and plain random bytes. The oracle computes
 * independently which stored tokens the request may receive; the helper may answer with one of
 * those or nothing, never with another, never with a stack trace, and never touches the store.
 */
class GitProtocolFuzzPropertyTest {
    private static Path dir;
    private static InProcessHelper helper;

    @BeforeContainer
    static void seed() throws Exception {
        dir = Files.createTempDirectory("vcstoken-fuzz");
        helper = new InProcessHelper(dir);
    }

    @AfterContainer
    static void cleanUp() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** A place a request may be aimed at, and the origin it really is (null: nothing of ours). */
    record Target(String scheme, String[] hostForms, String origin) {
    }

    static final Target[] TARGETS = {
        new Target("https", new String[] {"code.example.com", "CODE.Example.COM", "code.example.com:443",
            "code.example.com.", "Code.Example.Com.:443", "code\uFF0Eexample.com", "code\u3002example\u3002com"}, "https://code.example.com:443"),
        new Target("https", new String[] {"code.example.com:8443", "CODE.EXAMPLE.COM:8443", "code.example.com.:8443"},
            "https://code.example.com:8443"),
        new Target("https", new String[] {"bücher.example", "xn--bcher-kva.example", "BÜCHER.example",
            "XN--BCHER-KVA.EXAMPLE:443"}, "https://xn--bcher-kva.example:443"),
        new Target("https", new String[] {"fass.example", "FASS.Example", "fass.example.:443"}, "https://fass.example:443"),
        new Target("https", new String[] {"[::1]:8443", "[::1]:08443"}, "https://[::1]:8443"),
        new Target("http", new String[] {"127.0.0.1:8080", "127.0.0.1:08080"}, "http://127.0.0.1:8080"),
        // Look-alikes: none of them is ours.
        new Target("https", new String[] {"code.example.com.evil.org", "evil.code.example.com", "code.example.co",
            "code-example.com", "code.example.com:444", "code%2eexample.com", "code.example.com%00",
            "code.example.com%2f", "xn--code-example.com", "bucher.example", "büchers.example",
            "fa\u00DF.example", "FA\u00DF.example", "fa\u00DF.example:443", "fas\u00ADs.example", "fass\u200B.example",
            "fass.exam\u200Dple", "\uFF46ass.example", "code.example.com\u200B", "c\u00ADode.example.com",
            "[::1]", "[::1]:443", "[0:0:0:0:0:0:0:1]:8443", "[::2]:8443", "[::ffff:127.0.0.1]:8443",
            "[::1%25eth0]:8443", "[::1]8443", "::1:8443", "code.example.com:8443:443", "code.example.com:65536",
            "code.example.com:-443", "code.example.com: 443", "code.example.com\t", " code.example.com",
            "127.0.0.1:8080"}, null),
        new Target("http", new String[] {"code.example.com", "code.example.com:443", "127.0.0.1", "127.0.0.1:8443",
            "localhost:8080", "[::1]:8443", "127.0.0.2:8080", "0x7f.0.0.1:8080", "2130706433:8080"}, null),
        new Target("ftp", new String[] {"code.example.com"}, null),
        new Target("HTTPS", new String[] {"code.example.com"}, null),
    };

    /**
     * A path as it appears in a URL, and the repository it names; REFUSED for one that must be
     * refused. As {@code path=} it is taken as git sends it, already decoded: any '%' left in it
     * is refused.
     */
    static final String REFUSED = "\u0000refused";
    static final String[][] PATHS = {
        {null, ""}, {"group/repo", "group/repo"}, {"group/repo.git", "group/repo"}, {"/group/repo/", "group/repo"},
        {"group%2Frepo", "group/repo"}, {"group/repo.git/", "group/repo"}, {"group%2frepo.git", "group/repo"},
        {"Group/Repo", "Group/Repo"}, {"group/other", "group/other"}, {"group/repo/sub", "group/repo/sub"},
        {"group/repository", "group/repository"}, {"group", "group"}, {"grou%70/repo", "group/repo"},
        {"group/repo/../other", REFUSED}, {"group/other/../repo", REFUSED}, {"group/%2e%2e/repo", REFUSED},
        {"group//repo", REFUSED}, {"group/repo%00", REFUSED}, {"group/repo%0a", REFUSED}, {"group/repo%0d", REFUSED},
        {"group/repo%2500", REFUSED}, {"group/./repo", REFUSED}, {"group\\repo", REFUSED}, {"group/repo%", REFUSED},
        {"group/repo%zz", REFUSED}, {"group/repo%c2%85", REFUSED}, {"group/repo%ff", REFUSED},
    };

    static final String[] USERS = {null, "alice", "mallory", "Alice", "alice%0a"};

    /** One generated request: its bytes and which secrets it may receive. */
    record Case(String description, byte[] bytes, Set<String> allowed, boolean canonical, String origin) {
        @Override
        public String toString() {
            return description;
        }
    }

    @Provide
    Arbitrary<Case> requests() {
        return Arbitraries.longs().map(GitProtocolFuzzPropertyTest::build);
    }

    /** Builds a case from a seed, so a failure is reproducible from its description. */
    static Case build(long seed) {
        Random r = new Random(seed);
        Target target = TARGETS[r.nextInt(TARGETS.length)];
        String host = target.hostForms()[r.nextInt(target.hostForms().length)];
        String[] path = PATHS[r.nextInt(PATHS.length)];
        String user = USERS[r.nextInt(USERS.length)];
        String origin = target.origin();
        String repo = path[1];
        String expectedUser = user;
        boolean canonical = true;

        List<String> lines = new ArrayList<>();
        boolean viaUrl = r.nextInt(4) == 0;
        if (viaUrl) {
            if (target.scheme().equals("HTTPS")) {
                origin = "https://code.example.com:443"; // URL schemes are case-insensitive; protocol= is not
            }
            String userinfo = switch (r.nextInt(5)) {
                case 0 -> "alice@";
                case 1 -> "alice:pw@";
                case 2 -> "mallory@";
                case 3 -> "al%69ce@";
                default -> "";
            };
            if (!userinfo.isEmpty()) {
                String u = userinfo.substring(0, userinfo.length() - 1).replace("%69", "i").replaceAll(":.*", "");
                expectedUser = u;
            }
            String p = path[0] == null ? "" : (path[0].startsWith("/") ? path[0] : "/" + path[0]);
            lines.add("url=" + target.scheme() + "://" + userinfo + host + p);
            if (user != null && userinfo.isEmpty()) {
                lines.add("username=" + user);
                expectedUser = user;
            }
            switch (r.nextInt(4)) {
                case 0 -> {
                    // A host= beside url= that disagrees: git lets the later line win; a helper must not guess.
                    lines.add(r.nextBoolean() ? 0 : lines.size(), "host=evil.example.org");
                    origin = null;
                    canonical = false;
                }
                case 1 -> {
                    lines.add(r.nextBoolean() ? 0 : lines.size(), "protocol=" + (target.scheme().equals("http") ? "https" : "http"));
                    origin = null;
                    canonical = false;
                }
                default -> {
                }
            }
        } else {
            lines.add("protocol=" + target.scheme());
            lines.add("host=" + host);
            if (path[0] != null) {
                lines.add("path=" + path[0]);
                if (path[0].indexOf('%') >= 0) {
                    repo = REFUSED;
                }
            }
            if (user != null) {
                lines.add("username=" + user);
            }
            java.util.Collections.shuffle(lines, r);
            switch (r.nextInt(6)) {
                case 0 -> {
                    // A duplicate before the real line: last wins, nothing changes.
                    lines.add(0, "host=evil.example.org");
                    canonical = false;
                }
                case 1 -> {
                    // A duplicate after it: the request is for the decoy now.
                    lines.add("host=evil.example.org");
                    origin = null;
                    canonical = false;
                }
                case 2 -> {
                    lines.add("path=group/other");
                    repo = "group/other";
                    canonical = false;
                }
                case 3 -> {
                    String missing = r.nextBoolean() ? "host=" : "protocol=";
                    lines.removeIf(l -> l.startsWith(missing));
                    origin = null;
                    canonical = false;
                }
                default -> {
                }
            }
        }
        // Unknown keys and list keys the helper must ignore.
        int noise = r.nextInt(4);
        for (int i = 0; i < noise; i++) {
            String[] junk = {"wwwauth[]=Basic realm=\"RhodeCode\"", "capability[]=authtype", "capability[]=",
                "password_expiry_utc=0", "oauth_refresh_token=zzz", "x-unknown=1", "ephemeral=1", "state[]=a",
                "key_without_meaning=host=evil.org", "password=guess"};
            lines.add(r.nextInt(lines.size() + 1), junk[r.nextInt(junk.length)]);
        }
        // Control characters smuggled into a value.
        int inject = r.nextInt(8);
        if (inject < 3 && !lines.isEmpty()) {
            int i = r.nextInt(lines.size());
            String bad = switch (inject) {
                case 0 -> "\u0000";
                case 1 -> "\rx"; // a CR right before LF is a CRLF line end, not an injection
                default -> "\rhost=evil.example.org";
            };
            // The codec refuses NUL and CR in the value of a key it reads: no answer at all. Lines
            // of other keys are skipped unread, whatever they hold.
            lines.set(i, lines.get(i) + bad);
            String key = lines.get(i).substring(0, Math.max(0, lines.get(i).indexOf('=')));
            if (Set.of("protocol", "host", "path", "username", "password", "url", "password_expiry_utc", "vcs")
                    .contains(key)) {
                origin = null;
            }
            canonical = false;
        }
        String eol = r.nextInt(5) == 0 ? "\r\n" : "\n";
        StringBuilder b = new StringBuilder();
        for (String l : lines) {
            b.append(l).append(eol);
        }
        int end = r.nextInt(4);
        if (end == 0) {
            b.append(eol).append("host=evil.example.org").append(eol).append(eol); // junk after the message
        } else if (end != 1) {
            b.append(eol);
        }
        Set<String> allowed = new HashSet<>();
        boolean userOk = expectedUser == null || expectedUser.equals("alice");
        if (origin != null && !REFUSED.equals(repo) && userOk) {
            for (Stored s : InProcessHelper.ALL) {
                if (s.origin().equals(origin) && (s.scope() == null || s.scope().equals(repo))) {
                    allowed.add(s.secret());
                }
            }
        }
        String text = b.toString();
        return new Case("seed " + seed + ": " + text.replace("\r", "\\r").replace("\n", "\\n").replace("\u0000", "\\0"),
                text.getBytes(StandardCharsets.UTF_8), allowed, canonical && !viaUrl, origin);
    }

    @Property(tries = 1500, seed = "20261127", generation = GenerationMode.RANDOMIZED, shrinking = ShrinkingMode.OFF)
    void aTokenIsOnlyEverReturnedForTheExactOriginAndRepositoryItBelongsTo(@ForAll("requests") Case c)
            throws Exception {
        Outcome o = helper.run("get", c.bytes());

        String returned = InProcessHelper.password(o);
        if (returned != null) {
            assertThat(c.allowed()).as("%s%nanswered %s", c, o.out()).contains(returned);
        }
        if (c.canonical() && !c.allowed().isEmpty()) {
            assertThat(returned).as("a genuine request still gets its token: %s%n%s", c, o.err()).isNotNull();
        }
        helper.assertSafe(o, c.toString());
        Files.deleteIfExists(helper.traceFile);
    }

    @Property(tries = 600, seed = "4242", generation = GenerationMode.RANDOMIZED, shrinking = ShrinkingMode.OFF)
    void randomBytesNeverYieldATokenAStackTraceOrAStoreChange(@ForAll("junk") byte[] junk) throws Exception {
        for (String action : new String[] {"get", "erase", "store"}) {
            Outcome o = helper.run(action, junk);

            assertThat(InProcessHelper.password(o)).as("answer to %s", action)
                    .isIn(null, InProcessHelper.SERVER_WIDE.secret()); // junk after "path=" may still be a path
            helper.assertSafe(o);
        }
        Files.deleteIfExists(helper.traceFile);
    }

    @Provide
    Arbitrary<byte[]> junk() {
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(3000);
        // A believable beginning followed by junk exercises the parser past its first line.
        Arbitrary<byte[]> prefixed = raw.map(tail -> {
            byte[] head = "protocol=https\nhost=code.example.com\npath=".getBytes(StandardCharsets.UTF_8);
            byte[] all = new byte[head.length + tail.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(tail, 0, all, head.length, tail.length);
            return all;
        });
        Arbitrary<byte[]> controls = Arbitraries.bytes().between((byte) 0, (byte) 0x3f).array(byte[].class).ofMaxSize(400);
        return Arbitraries.oneOf(raw, prefixed, controls);
    }

    @Property(tries = 300, seed = "77", generation = GenerationMode.RANDOMIZED, shrinking = ShrinkingMode.OFF)
    void anEraseForAnotherOriginNeverRejectsAToken(@ForAll("requests") Case c) throws Exception {
        // The secret of a token, reported as refused by a request that may not have received it.
        for (Stored s : InProcessHelper.ALL) {
            if (s.origin().equals(c.origin())) {
                continue; // same origin, other user or repository: the server's refusal counts there
            }
            String text = new String(c.bytes(), StandardCharsets.UTF_8);
            int blank = text.indexOf("\n\n");
            String message = (blank < 0 ? text : text.substring(0, blank + 1)) + "password=" + s.secret() + "\n\n";
            Outcome o = helper.run("erase", message.getBytes(StandardCharsets.UTF_8));

            helper.assertSafe(o, c + " with the secret of " + s.origin());
        }
        Files.deleteIfExists(helper.traceFile);
    }

    @Property(tries = 40, seed = "9", generation = GenerationMode.RANDOMIZED, shrinking = ShrinkingMode.OFF)
    void linesAtAndPastGitsLimitNeverCrash(@ForAll("lineLengths") int length) throws Exception {
        String prefix = "protocol=https\nhost=code.example.com\npath=";
        String line = "path=" + "a".repeat(Math.max(0, length - 5));
        byte[] input = (prefix.substring(0, prefix.length() - 5) + line + "\n\n").getBytes(StandardCharsets.UTF_8);

        Outcome o = helper.run("get", input);

        helper.assertSafe(o);
        if (line.length() > 65535) {
            assertThat(o.err()).contains("longer than 65535");
            assertThat(o.exit()).isEqualTo(1);
        }
        assertThat(InProcessHelper.password(o)).as("a path of %d bytes is no repository of ours", length)
                .isIn(null, InProcessHelper.SERVER_WIDE.secret());
        Files.deleteIfExists(helper.traceFile);
    }

    @Provide
    Arbitrary<Integer> lineLengths() {
        return Arbitraries.oneOf(Arbitraries.of(65534, 65535, 65536, 65537, 1 << 20, 3 << 20),
                Arbitraries.integers().between(60000, 200000));
    }
}
