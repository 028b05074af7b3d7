package org.vcstoken.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.vcstoken.request.RepoPath;
import org.vcstoken.token.Origin;
import org.vcstoken.token.Role;
import org.vcstoken.token.ScopePolicy;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;
import org.vcstoken.token.TokenOrigin;
import org.vcstoken.token.TokenState;

/**
 * Issue 16, item 2: everything written is escaped. A description, a server URL's prefix, a user
 * name, a server-side id or a secret holding quotes, backslashes, control characters, line
 * separators or any other text is written and read back unchanged, by the whole read and by the
 * lookup of its host through the index; what the schema does not allow (a user name with a colon,
 * half a surrogate pair) is refused before anything is written, so it can never make the next read
 * fail.
 */
class StoreEscapingPropertyTest {
    static final Origin ORIGIN = Origin.of("https", "code.example.com", -1);
    static Path dir;

    @BeforeContainer
    static void createDirectory() throws IOException {
        dir = Files.createTempDirectory("store-escaping");
    }

    @AfterContainer
    static void removeDirectory() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Any text, with the characters that need escaping (or break naive escaping) made frequent. */
    @Provide
    Arbitrary<String> text() {
        Arbitrary<Character> tricky = Arbitraries.of('"', '\\', '/', '\n', '\r', '\t', '\u0000', '\u0001', '\u001f', '\u007f',
                '\u0085', '\u2028', '\u2029', '\ufeff', '\u00fc', '\u20ac', '{', '}', '[', ']', ',', ':', ' ', '\uD83D',
                '\uDE00', '\uDC00');
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(12),
                Arbitraries.strings().withChars("ab").withCharRange('\u0000', '\u00ff').ofMaxLength(12),
                tricky.list().ofMaxSize(8).map(cs -> {
                    StringBuilder b = new StringBuilder();
                    cs.forEach(b::append);
                    return b.toString();
                }),
                Arbitraries.of("\uD83D\uDE00 emoji", "x\"y\\z", "\\u0041", "line\nbreak", "</script>"));
    }

    /** Mostly values the schema allows, so that most tries write; any text now and then. */
    @Provide
    Arbitrary<String> mostlyAllowed() {
        Arbitrary<String> printable = Arbitraries.strings().withChars("aZ09 \"'{}[],.-_\u00fc\u20ac\u2028\uD83D\uDE00#?")
                .ofMinLength(1).ofMaxLength(10).filter(StoreEscapingPropertyTest::wholeCharacters);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(2, Arbitraries.just("")), net.jqwik.api.Tuple.of(5, printable),
                net.jqwik.api.Tuple.of(1, text()));
    }

    @Property(tries = 400)
    void whatIsWrittenReadsBackUnchangedOrIsRefusedBeforeAnythingIsWritten(@ForAll("text") String description,
            @ForAll("mostlyAllowed") String prefix, @ForAll("mostlyAllowed") String user,
            @ForAll("mostlyAllowed") String serverId, @ForAll("text") String secret) throws Exception {
        // Most tries must write, or the round trip would hardly be tested.
        net.jqwik.api.statistics.Statistics.label("outcome").coverage(c -> c.check("written").percentage(p -> p > 25));
        Path home = Files.createTempDirectory(dir, "s");
        TokenStore store = StoreFixtures.store(home, s -> {
        });
        store.update(d -> d.withToken(StoreFixtures.token("first")));
        byte[] before = Files.readAllBytes(home.resolve("store.json"));
        String cleanPrefix = prefix.strip();

        ServerProfile server = new ServerProfile(ORIGIN, cleanPrefix, "gitea", user.isEmpty() ? null : user,
                ScopePolicy.REPO, java.time.Duration.ofDays(1), null, false);
        Secret s;
        try {
            s = Secret.of(secret);
        } catch (IllegalArgumentException e) {
            s = Secret.of("fallback-secret");
        }
        Token token = new Token("t1", server.baseUrl(), user.isEmpty() ? "u" : user, Role.VCS, null, null, description,
                StoreFixtures.CREATED, TokenOrigin.CREATED, null, null, s, serverId.isEmpty() ? null : serverId,
                TokenState.NONE.withUnchecked(true));
        StoreData written;
        try {
            written = store.update(d -> d.withServer(server).withToken(token));
        } catch (StoreException e) {
            assertThat(e.getMessage()).startsWith("not writing the token store").contains("nothing was changed");
            assertThat(Files.readAllBytes(home.resolve("store.json"))).as("nothing written").isEqualTo(before);
            assertThat(allowed(description, cleanPrefix, user, serverId) && wholeCharacters(s.reveal()))
                    .as("refused: %s", e.getMessage()).isFalse();
            net.jqwik.api.statistics.Statistics.label("outcome").collect("refused");
            return;
        }
        assertThat(allowed(description, cleanPrefix, user, serverId) && wholeCharacters(s.reveal())).as("written").isTrue();
        net.jqwik.api.statistics.Statistics.label("outcome").collect("written");
        StoreData again = StoreFixtures.store(home, m -> {
        }).read();
        assertThat(again).isEqualTo(StoreCodec.grouped(written));
        Token back = again.token("t1").orElseThrow();
        assertThat(back.description()).isEqualTo(description);
        assertThat(back.server()).isEqualTo(server.baseUrl());
        assertThat(back.secret().reveal()).isEqualTo(s.reveal());
        assertThat(store.readFor(ORIGIN)).as("the lookup through the index")
                .isEqualTo(new StoreData(List.of(server), List.of(back)));
        assertThat(new String(Files.readAllBytes(home.resolve("store.json")), StandardCharsets.UTF_8))
                .as("the file is JSON text: no raw control character in it but its line ends")
                .doesNotContainPattern("[\\x00-\\x09\\x0b-\\x1f]");
    }

    /** What the schema allows, worked out here without the store's code. */
    private static boolean allowed(String description, String prefix, String user, String serverId) {
        boolean prefixOk = prefix.isEmpty() || canonicalPath(prefix);
        boolean userOk = user.isEmpty() || user.chars().noneMatch(c -> c < 0x20 || c == 0x7f || c == ':');
        boolean idOk = serverId.isEmpty() || serverId.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
        return wholeCharacters(description) && wholeCharacters(prefix) && wholeCharacters(user) && wholeCharacters(serverId)
                && prefixOk && userOk && idOk;
    }

    private static boolean canonicalPath(String p) {
        try {
            return RepoPath.normaliseDecoded(p).equals(p);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** No half of a surrogate pair: such a string is no text, and UTF-8 cannot hold it. */
    private static boolean wholeCharacters(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    @Property(tries = 50)
    void aRefusedWriteNeverQuotesTheValue(@ForAll("text") String description) throws Exception {
        Path home = Files.createTempDirectory(dir, "r");
        TokenStore store = StoreFixtures.store(home, s -> {
        });
        String secretLooking = "ghp_" + "Q".repeat(20) + description + "\uD800";
        Token token = new Token("t1", "https://code.example.com", "u", Role.VCS, null, null, secretLooking,
                StoreFixtures.CREATED, TokenOrigin.MANUAL, null, null, Secret.of("x"));
        try {
            store.update(d -> d.withToken(token));
        } catch (StoreException e) {
            assertThat(e.getMessage()).doesNotContain("QQQQ");
            return;
        }
        throw new AssertionError("half a surrogate pair was written");
    }
}
