package org.vcstoken.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vcstoken.store.StoreFixtures.chmod;
import static org.vcstoken.store.StoreFixtures.mode;
import static org.vcstoken.store.StoreFixtures.token;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vcstoken.env.StatePaths;
import org.vcstoken.token.Origin;
import org.vcstoken.token.Role;
import org.vcstoken.token.ScopePolicy;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;
import org.vcstoken.token.TokenOrigin;
import org.vcstoken.token.TokenState;

class TokenStoreTest {
    @TempDir
    Path tmp;

    private Path dir;
    private Path file;
    private final List<String> notices = Collections.synchronizedList(new ArrayList<>());
    private TokenStore store;

    @BeforeEach
    void setUp() {
        dir = tmp.resolve("state").resolve("vcstoken");
        file = dir.resolve("store.json");
        store = StoreFixtures.store(dir, notices::add);
    }

    @Test
    void aMissingStoreReadsAsEmpty() throws Exception {
        assertThat(store.read()).isEqualTo(StoreData.EMPTY);
        assertThat(dir).doesNotExist();
        Files.createDirectories(dir);
        chmod(dir, "rwx------");
        assertThat(store.read()).isEqualTo(StoreData.EMPTY);
        assertThat(file).doesNotExist();
    }

    @Test
    void aTemporaryCopyLeftByAKilledWriterIsRemovedByTheNextWrite() throws Exception {
        store.update(x -> x.withToken(token("t1")));
        Path leftover = dir.resolve(".store-4242.tmp");
        Files.copy(file, leftover);
        Path unrelated = Files.writeString(dir.resolve("store.json.bak"), "mine");

        store.update(x -> x.withToken(token("t2")));

        assertThat(leftover).as("a full copy of the secrets").doesNotExist();
        assertThat(unrelated).hasContent("mine");
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void aCorruptLineIsNamedByItsLineInTheFileEvenWhenALookupReadsOnlyItsHost() throws Exception {
        Origin example = Origin.of("https", "example.com", 443);
        store.update(x -> x.withServer(org.vcstoken.token.ServerProfile.withDefaults(example, "", "alice"))
                .withToken(token("t1")).withToken(token("t2")));
        assertThat(Files.readString(file)).as("the lookup below reads only this host's part")
                .contains("\"origins\":{\"https://example.com\":[");
        List<String> lines = Files.readAllLines(file);
        int corrupt = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("\"id\":\"t2\"")) {
                corrupt = i;
            }
        }
        assertThat(corrupt).isPositive();
        // Same length, so the index still points at the right bytes.
        lines.set(corrupt, lines.get(corrupt).replace("\"role\":", "\"role\";"));
        Files.write(file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> store.readFor(example))
                .isInstanceOf(StoreException.class).hasMessageContaining("(line " + (corrupt + 1) + ":");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void roundTripsEveryField() throws Exception {
        ServerProfile full = new ServerProfile(Origin.of("http", "xn--bcher-kva.example", 8080), "rhodecode/ee",
                "gitlab", "alice", ScopePolicy.HOST, Duration.ofDays(7), Duration.ofHours(36), true);
        ServerProfile bare = ServerProfile.withDefaults(Origin.of("https", "[::1]", 8443), "", null);
        ServerProfile forge = new ServerProfile(Origin.of("https", "codeberg.example", -1), "", "forgejo", "alice",
                ScopePolicy.REPO, Duration.ofDays(90), null, false, true);
        TokenState state = new TokenState(true, true, Instant.parse("2026-02-04T00:00:00Z"),
                Instant.parse("2026-02-05T00:00:00.5Z"));
        Token everything = new Token("a1b2c3d4", full.baseUrl(), "alice", Role.ALL, "group/sub/repo",
                Instant.parse("2026-03-01T00:00:00.123Z"), "laptop \"quoted\" \\ ünïcode\u0001\t\n\u2028 \uD83D\uDE00",
                StoreFixtures.CREATED, TokenOrigin.CAPTURED, Instant.parse("2026-02-02T00:00:00Z"),
                Instant.parse("2026-02-03T00:00:00Z"), Secret.of("s3cr3t \"with\" \\ quotes and ünïcode"), "42", state);
        Token minimal = new Token("e5f6", bare.baseUrl(), "bob", Role.FEED, null, null, null, StoreFixtures.CREATED,
                TokenOrigin.ENVIRONMENT, null, null, Secret.of("x"));
        StoreData data = new StoreData(List.of(full, bare, forge), List.of(everything, minimal));

        assertThat(store.update(d -> data)).isEqualTo(data);
        StoreData back = StoreFixtures.store(dir, notices::add).read();

        assertThat(back).isEqualTo(data);
        Token t = back.token("a1b2c3d4").orElseThrow();
        assertThat(t.secret().reveal()).isEqualTo("s3cr3t \"with\" \\ quotes and ünïcode");
        assertThat(t.expires()).isEqualTo(Instant.parse("2026-03-01T00:00:00.123Z"));
        assertThat(t.confirmed()).isEqualTo(Instant.parse("2026-02-02T00:00:00Z"));
        assertThat(t.rejected()).isEqualTo(Instant.parse("2026-02-03T00:00:00Z"));
        assertThat(back.servers().get(0).renewBefore()).isEqualTo(Duration.ofHours(36));
        assertThat(back.servers().get(0).allowHttp()).isTrue();
        assertThat(back.servers().get(0).prefix()).isEqualTo("rhodecode/ee");
        assertThat(back.server(full.baseUrl()).orElseThrow().ignoresUsername()).isFalse();
        assertThat(back.server(forge.baseUrl()).orElseThrow().ignoresUsername()).isTrue();
        assertThat(Files.readString(file)).as("written only where true").containsOnlyOnce("ignores_username");
        assertThat(back.token("e5f6").orElseThrow().description()).isEmpty();
        assertThat(t.state()).isEqualTo(state);
        assertThat(t.serverId()).isEqualTo("42");
        assertThat(t.description()).endsWith("\u0001\t\n\u2028 \uD83D\uDE00");
    }

    @Test
    void createsTheStore0600InsideA0700DirectoryEvenUnderALooseParent() throws Exception {
        Path loose = tmp.resolve("loose");
        Files.createDirectories(loose);
        chmod(loose, "rwxrwxrwx");
        Path d = loose.resolve("vcstoken");
        TokenStore s = StoreFixtures.store(d, notices::add);

        s.update(x -> x.withToken(token("t1")));

        assertThat(mode(d)).isEqualTo("rwx------");
        assertThat(mode(d.resolve("store.json"))).isEqualTo("rw-------");
        assertThat(mode(d.resolve("store.lock"))).isEqualTo("rw-------");
        s.update(x -> x.withToken(token("t2")));
        assertThat(mode(d.resolve("store.json"))).isEqualTo("rw-------");
    }

    @Test
    void createsTheStorePrivateEvenInAProcessWithUmask000() throws Exception {
        Path d = tmp.resolve("open").resolve("vcstoken");
        List<String> java = javaProcess(StoreWriterMain.class, d.toString(), "u", "2").command();
        String quoted = String.join(" ", java.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").toList());
        Process child = new ProcessBuilder("/bin/sh", "-c", "umask 000 && exec " + quoted)
                .redirectErrorStream(true).redirectOutput(tmp.resolve("umask.out").toFile()).start();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(Files.readString(tmp.resolve("umask.out"))).isZero();

        assertThat(mode(d.getParent())).as("the parent really was created under umask 000").isEqualTo("rwxrwxrwx");
        assertThat(mode(d)).isEqualTo("rwx------");
        assertThat(mode(d.resolve("store.json"))).isEqualTo("rw-------");
        assertThat(mode(d.resolve("store.lock"))).isEqualTo("rw-------");
        assertThat(StoreFixtures.store(d, notices::add).read().tokens()).hasSize(2);
    }

    @Test
    void createsMissingParentDirectories() throws Exception {
        store.update(d -> d.withToken(token("t1")));
        assertThat(store.read().tokens()).extracting(Token::id).containsExactly("t1");
        assertThat(mode(dir)).isEqualTo("rwx------");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r-----", "rw----r--", "rw-rw----", "rw-----w-", "r--r--r--"})
    void refusesAStoreOthersCanReadOrWrite(String loose) throws Exception {
        store.update(d -> d.withToken(token("t1")));
        chmod(file, loose);
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> store.read())
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("chmod 600 " + file)
                .hasMessageNotContaining("secret-t1");
        assertThatThrownBy(() -> store.update(d -> d.withToken(token("t2"))))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("chmod 600");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(mode(file)).isEqualTo(loose);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rwxrwx---", "rwx---rwx", "rwx-w----"})
    void refusesADirectoryOthersCanWrite(String loose) throws Exception {
        store.update(d -> d.withToken(token("t1")));
        chmod(dir, loose);
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> store.read())
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("chmod 700 " + dir);
        assertThatThrownBy(() -> store.update(d -> d.withToken(token("t2"))))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("chmod 700");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void refusesASymlinkedStoreFile() throws Exception {
        Path elsewhere = tmp.resolve("elsewhere");
        StoreFixtures.store(elsewhere, notices::add).update(d -> d.withToken(token("t1")));
        Path target = elsewhere.resolve("store.json");
        byte[] before = Files.readAllBytes(target);
        Files.createDirectories(dir);
        chmod(dir, "rwx------");
        Files.createSymbolicLink(file, target);

        assertThatThrownBy(() -> store.read())
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> store.update(d -> d.withToken(token("t2"))))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("symbolic link");
        assertThat(Files.readAllBytes(target)).isEqualTo(before);
        assertThat(Files.isSymbolicLink(file)).isTrue();
    }

    @Test
    void refusesASymlinkedStoreDirectory() throws Exception {
        Path real = tmp.resolve("real");
        StoreFixtures.store(real, notices::add).update(d -> d.withToken(token("t1")));
        byte[] before = Files.readAllBytes(real.resolve("store.json"));
        Files.createDirectories(dir.getParent());
        Files.createSymbolicLink(dir, real);

        assertThatThrownBy(() -> store.read())
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> store.update(d -> d.withToken(token("t2"))))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("symbolic link");
        assertThat(Files.readAllBytes(real.resolve("store.json"))).isEqualTo(before);
        assertThat(real.resolve("store.lock")).exists();
        try (Stream<Path> files = Files.list(real)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("store.json", "store.lock");
        }
    }

    @Test
    void refusesADataDirectoryThatIsAFile() throws Exception {
        Files.createDirectories(dir.getParent());
        Files.writeString(dir, "not a directory");
        assertThatThrownBy(() -> store.read()).isInstanceOf(StoreException.class).hasMessageContaining("not a directory");
        assertThatThrownBy(() -> store.update(d -> d)).isInstanceOf(StoreException.class)
                .hasMessageContaining("not a directory");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "",
            "garbage",
            "{",
            "[]",
            "null",
            "{\"version\":1,\"servers\":[],\"tokens\":[]} {}",
            "{\"version\":1,\"tokens\":{}}",
            "{\"version\":1,\"tokens\":[1]}",
            "{\"version\":1,\"servers\":\"https://example.com\"}",
            "{\"version\":\"one\"}",
            "{\"version\":99999999999}",
            "{\"servers\":[],\"tokens\":[]}",
            "{\"version\":3,\"servers\":[],\"tokens\":[]}",
            "{\"version\":1,\"tokens\":[{\"id\":\"a\",\"server\":\"https://h\",\"user\":\"u\",\"created\":\"yesterday\",\"secret\":\"x\"}]}",
            "{\"version\":1,\"tokens\":[{\"id\":\"a\",\"server\":\"https://h\",\"user\":\"u\",\"created\":12,\"secret\":\"x\"}]}",
            "{\"version\":1,\"tokens\":[{\"id\":\"a\",\"server\":\"https://h\",\"user\":\"u\",\"created\":\"2026-01-01T00:00:00Z\"}]}",
            "{\"version\":1,\"tokens\":[{\"server\":\"https://h\",\"user\":\"u\",\"created\":\"2026-01-01T00:00:00Z\",\"secret\":\"x\"}]}",
            "{\"version\":1,\"servers\":[{\"url\":\"ftp://h\"}]}",
            "{\"version\":1,\"servers\":[{\"kind\":\"rhodecode\"}]}",
            "{\"version\":1,\"servers\":[{\"url\":\"https://h\",\"lifetime\":\"30 days\"}]}",
    })
    void aCorruptStoreIsReportedAndLeftUntouched(String content) throws Exception {
        writeRaw(content.getBytes(StandardCharsets.UTF_8));
        assertCorruptAndUntouched();
    }

    @Test
    void aTruncatedStoreIsReportedAndLeftUntouched() throws Exception {
        store.update(d -> d.withToken(token("t1")).withToken(token("t2")));
        byte[] whole = Files.readAllBytes(file);
        writeRaw(java.util.Arrays.copyOf(whole, whole.length / 2));
        assertCorruptAndUntouched();
    }

    @Test
    void aNewerSchemaVersionIsRefusedWithThatReason() throws Exception {
        writeRaw("{\"version\":3,\"servers\":[],\"tokens\":[]}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> store.read()).hasMessageContaining("newer vcstoken").hasMessageContaining("Upgrade");
    }

    private static final String SECRET = "rcS3cr3tV4lue9876";
    private static final String GOOD_TOKEN_START = "{\"version\":1,\"servers\":[],\"tokens\":[{\"id\":\"a1\","
            + "\"server\":\"https://h\",\"user\":\"u\",\"role\":\"vcs\",\"created\":\"2026-01-01T00:00:00Z\",";

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "\"secret\": " + SECRET + "}]}",
            "\"secret\": \"" + SECRET + "}]}",
            "\"secret\": \"" + SECRET,
            "\"secret\": \"" + SECRET + "\"",
            "\"secret\": \"" + SECRET + "\" \"id\": \"a1\"}]}",
            "\"secret\" \"" + SECRET + "\"}]}",
            "\"secret\": \"" + SECRET + "\u0001\"}]}",
            "\"secret\": \"" + SECRET + "\\u0001\"}]}",
            "\"secret\": [\"" + SECRET + "\"], \"x\": }]}",
            "\"secret\": \"x\", \"expires\": \"" + SECRET + "\"}]}",
            "\"secret\": \"x\", \"expires\": \"2026-01-01T00:00:00Z\\\", \\\"secret\\\": \\\"" + SECRET + "\"}]}",
            "\"secret\": \"x\", \"confirmed\": \"" + SECRET + "\"}]}",
            "\"secret\": \"x\", \"origin\": \"" + SECRET + "\"}]}",
            "\"secret\": \"x\", \"role\": \"" + SECRET + "\"}]}",
            "\"secret\": \"" + SECRET + "\"}], \"servers\": [{\"url\": \"https://alice:" + SECRET + "@h\"}]}",
            "\"secret\": \"" + SECRET + "\"}], \"servers\": [{\"url\": \"https://h\", \"lifetime\": \"" + SECRET + "\"}]}",
            "\"secret\": \"" + SECRET + "\"}], \"servers\": [{\"url\": \"https://h\", \"scope\": \"" + SECRET + "\"}]}",
    })
    void theCorruptStoreMessageNeverContainsASecret(String tail) throws Exception {
        writeRaw((GOOD_TOKEN_START + tail).getBytes(StandardCharsets.UTF_8));
        StoreException e = assertCorruptAndUntouched();
        assertThat(e.getMessage()).doesNotContainIgnoringCase(SECRET).doesNotContainIgnoringCase(SECRET.substring(0, 8));
        assertThat(e.getCause()).isNull();
    }

    /** One server and one token with every required field, one per line; {@code %s} marks where a test edits. */
    private static final String VALID = "{\"version\":1,\n\"servers\":[\n"
            + "{\"url\":\"https://h/rc\",\"kind\":\"rhodecode\",\"user\":\"u\",\"scope\":\"repo\",\"lifetime\":\"PT720H\","
            + "\"renew_before\":null,\"allow_http\":false%s}\n],\n\"tokens\":[\n"
            + "{\"id\":\"a1\",\"server\":\"https://h/rc\",\"user\":\"u\",\"role\":\"vcs\",\"scope\":null,\"expires\":null,"
            + "\"description\":\"\",\"created\":\"2026-01-01T00:00:00Z\",\"origin\":\"manual\",\"confirmed\":null,"
            + "\"rejected\":null,\"secret\":\"s\"%s}\n]}\n";

    @Test
    void aHandWrittenStoreWithEveryFieldAndNoIndexIsRead() throws Exception {
        writeRaw(VALID.formatted("", "").getBytes(StandardCharsets.UTF_8));

        StoreData data = store.read();

        assertThat(data.servers()).singleElement().satisfies(s -> assertThat(s.baseUrl()).isEqualTo("https://h/rc"));
        assertThat(data.tokens()).singleElement().satisfies(t -> {
            assertThat(t.id()).isEqualTo("a1");
            assertThat(t.secret().reveal()).isEqualTo("s");
            assertThat(t.state()).isEqualTo(TokenState.NONE);
        });
        assertThat(store.readFor(Origin.of("https", "h", -1)).tokens()).hasSize(1);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {",\"colour\":\"blue\"|", "|,\"labels\":[\"x\"]", "|,\"renewal\":{\"state\":\"idle\"}"})
    void anUnknownFieldIsRefusedNamingItAndSayingWhatToDo(String edit) throws Exception {
        String[] parts = edit.split("\\|", -1);
        writeRaw(VALID.formatted(parts[0], parts[1]).getBytes(StandardCharsets.UTF_8));
        String name = edit.replaceAll("^[^\"]*\"(\\w+)\".*", "$1");

        StoreException e = assertCorruptAndUntouched();

        assertThat(e.getMessage()).contains("unknown field \"" + name + "\"").contains("delete the field")
                .contains("(line " + (parts[0].isEmpty() ? 6 : 3) + ":");
    }

    @Test
    void anUnknownFieldThatLooksLikeASecretIsNotNamed() throws Exception {
        String secret = "3f9a0c77e1b24d5a8e6f0b1c2d3e4f5a6b7c8d9e";
        writeRaw(VALID.formatted("", ",\"" + secret + "\":1").getBytes(StandardCharsets.UTF_8));

        StoreException e = assertCorruptAndUntouched();

        assertThat(e.getMessage()).contains("unknown field").doesNotContain(secret).doesNotContain(secret.substring(0, 8));
    }

    @Test
    void aListWhereABooleanBelongsIsRefusedNamingTheFieldTheLineAndTheFile() throws Exception {
        // Issue 16: this edit once read as an empty store, and the next `token add` wrote over it.
        writeRaw(VALID.formatted("", "").replace("\"allow_http\":false", "\"allow_http\": [true]")
                .getBytes(StandardCharsets.UTF_8));

        StoreException e = assertCorruptAndUntouched();

        assertThat(e.getMessage()).contains(file.toString()).contains("(line 3:").contains("\"allow_http\"")
                .contains("is a list; it must be true or false");
    }

    @Test
    void aFieldOfALaterStoreVersionNeedsThatVersion() throws Exception {
        writeRaw(VALID.formatted("", ",\"retired\":\"2026-02-01T00:00:00Z\"").getBytes(StandardCharsets.UTF_8));
        StoreException e = assertCorruptAndUntouched();
        assertThat(e.getMessage()).contains("\"retired\" is part of store version 2").contains("(line 6:");

        writeRaw(VALID.formatted("", ",\"retired\":\"2026-02-01T00:00:00Z\"").replace("\"version\":1", "\"version\":2")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(store.read().tokens().get(0).state().retired()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
    }

    @Test
    void aStoreWithoutTokenStatesIsWrittenAsVersion1AndOneWithAStateAsVersion2() throws Exception {
        store.update(d -> d.withToken(token("t1")));
        assertThat(Files.readString(file)).startsWith("{\"version\":1,");

        TokenState retired = TokenState.NONE.withRetired(Instant.parse("2026-02-01T00:00:00Z"));
        store.update(d -> d.mapToken("t1", t -> t.withState(retired)));
        assertThat(Files.readString(file)).startsWith("{\"version\":2,").contains("\"retired\":\"2026-02-01T00:00:00Z\"");
        assertThat(store.read().token("t1").orElseThrow().state()).isEqualTo(retired);

        store.update(d -> d.mapToken("t1", t -> t.withState(TokenState.NONE)));
        assertThat(Files.readString(file)).startsWith("{\"version\":1,").doesNotContain("retired");
    }

    @Test
    void aChangeTheFileCannotHoldIsRefusedBeforeAnythingIsWritten() throws Exception {
        store.update(d -> d.withToken(token("t1")));
        byte[] before = Files.readAllBytes(file);
        Token colon = new Token("t2", "https://example.com", "a:b", Role.VCS, null, null, "", StoreFixtures.CREATED,
                TokenOrigin.MANUAL, null, null, Secret.of("x"));
        Token lone = new Token("t3", "https://example.com", "alice", Role.VCS, null, null, "broken \uD800 text",
                StoreFixtures.CREATED, TokenOrigin.MANUAL, null, null, Secret.of("x"));

        for (Token bad : List.of(colon, lone)) {
            assertThatThrownBy(() -> store.update(d -> d.withToken(bad))).isInstanceOf(StoreException.class)
                    .hasMessageContaining("not writing the token store").hasMessageContaining("nothing was changed");
            assertThat(Files.readAllBytes(file)).isEqualTo(before);
        }
    }

    @Test
    void anUpdateThatChangesNothingDoesNotWrite() throws Exception {
        store.update(d -> d.withToken(token("t1")));
        FileTime old = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));
        Files.setLastModifiedTime(file, old);
        Object inode = Files.getAttribute(file, "unix:ino");
        byte[] before = Files.readAllBytes(file);

        store.update(d -> d);
        store.update(d -> new StoreData(d.servers(), d.tokens()).withToken(token("t1")));

        assertThat(Files.getLastModifiedTime(file)).isEqualTo(old);
        assertThat(Files.getAttribute(file, "unix:ino")).isEqualTo(inode);
        assertThat(Files.readAllBytes(file)).isEqualTo(before);

        store.update(d -> d.withToken(token("t2")));
        assertThat(Files.getAttribute(file, "unix:ino")).isNotEqualTo(inode);
        assertThat(Files.getLastModifiedTime(file)).isNotEqualTo(old);
    }

    @Test
    void anUpdateOfAMissingStoreThatAddsNothingCreatesNoStoreFile() throws Exception {
        store.update(d -> d);
        assertThat(file).doesNotExist();
    }

    @Test
    void atomicWritesLeaveNoTemporaryFiles() throws Exception {
        for (int i = 0; i < 20; i++) {
            String id = "t" + i;
            store.update(d -> d.withToken(token(id)));
        }
        store.update(d -> d.withoutToken("t3"));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("store.json", "store.lock");
        }
        assertThat(store.read().tokens()).hasSize(19);
    }

    @Test
    void aFailingChangeLeavesTheStoreAsItWas() throws Exception {
        store.update(d -> d.withToken(token("t1")));
        byte[] before = Files.readAllBytes(file);
        assertThatThrownBy(() -> store.update(d -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        store.update(d -> d.withToken(token("t2")));
        assertThat(store.read().tokens()).hasSize(2);
    }

    @Test
    void concurrentUpdatesFromManyThreadsOnOneStoreAllLand() throws Exception {
        int threads = 8;
        int each = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Void>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Callable<Void> work = () -> {
                    for (int i = 0; i < each; i++) {
                        String id = "th" + thread + "-" + i;
                        store.update(d -> d.withToken(token(id)));
                    }
                    return null;
                };
                results.add(pool.submit(work));
            }
            for (Future<Void> f : results) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.read().tokens()).hasSize(threads * each);
        assertThat(store.read().tokens()).extracting(Token::id).doesNotHaveDuplicates();
    }

    @Test
    void concurrentUpdatesFromSeveralProcessesAllLand() throws Exception {
        int processes = 4;
        int each = 15;
        List<Process> children = new ArrayList<>();
        for (int p = 0; p < processes; p++) {
            children.add(javaProcess(StoreWriterMain.class, dir.toString(), "proc" + p, String.valueOf(each))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(tmp.resolve("child" + p + ".err").toFile())
                    .start());
        }
        for (int i = 0; i < each; i++) {
            String id = "parent-" + i;
            store.update(d -> d.withToken(token(id)));
        }
        for (int p = 0; p < processes; p++) {
            Process child = children.get(p);
            assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("child %d finished", p).isTrue();
            assertThat(child.exitValue()).as("child %d: %s", p, Files.readString(tmp.resolve("child" + p + ".err")))
                    .isZero();
        }
        List<String> ids = store.read().tokens().stream().map(Token::id).toList();
        assertThat(ids).hasSize((processes + 1) * each).doesNotHaveDuplicates();
        for (int p = 0; p < processes; p++) {
            assertThat(ids).contains("proc" + p + "-0", "proc" + p + "-" + (each - 1));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(x -> x.getFileName().toString())).containsExactlyInAnyOrder("store.json", "store.lock");
        }
    }

    @Test
    void aWriterWaitsForAnotherProcessAndGivesUpAfterTheTimeoutSayingHowToFindIt() throws Exception {
        store.update(d -> d.withToken(token("t1")));
        byte[] before = Files.readAllBytes(file);
        Path lock = dir.resolve("store.lock");
        Process holder = javaProcess(StoreLockHolderMain.class, lock.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Throwable timeout;
        boolean interruptLeftSet;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("locked");
            TokenStore impatient = new TokenStore(new StatePaths(dir, dir), Duration.ofSeconds(1), notices::add);
            timeout = org.assertj.core.api.Assertions.catchThrowable(
                    () -> impatient.update(d -> d.withToken(token("t2"))));
            // Read and clear at once, so that a stray interrupt cannot break the clean-up below.
            interruptLeftSet = Thread.interrupted();
        } finally {
            holder.getOutputStream().close();
            assertThat(holder.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(timeout).isInstanceOf(StoreException.class)
                .hasMessageContaining("fuser -v " + lock)
                .hasMessageContaining("more than 1 s");
        assertThat(interruptLeftSet).as("interrupt status left set on the caller").isFalse();
        assertThat(notices).singleElement().asString().contains("waiting for another vcstoken process");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);

        store.update(d -> d.withToken(token("t2")));
        assertThat(store.read().tokens()).extracting(Token::id).containsExactly("t1", "t2");
    }

    private StoreException assertCorruptAndUntouched() throws IOException {
        byte[] before = Files.readAllBytes(file);
        Throwable readError = org.assertj.core.api.Assertions.catchThrowable(() -> store.read());
        assertThat(readError).isInstanceOf(StoreException.class);
        assertThat(readError.getMessage()).contains(file.toString()).contains("left untouched").contains("mv ");
        assertThatThrownBy(() -> store.update(d -> d.withToken(token("t9"))))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("left untouched");
        assertThatThrownBy(() -> store.update(d -> StoreData.EMPTY))
                .isInstanceOf(StoreException.class);
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).allMatch(n -> n.equals("store.json") || n.equals("store.lock"));
        }
        return (StoreException) readError;
    }

    private void writeRaw(byte[] content) throws IOException {
        Files.createDirectories(dir);
        chmod(dir, "rwx------");
        Files.write(file, content);
        chmod(file, "rw-------");
    }

    private static ProcessBuilder javaProcess(Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }
}
