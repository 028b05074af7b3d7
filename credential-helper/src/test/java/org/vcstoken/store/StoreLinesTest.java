package org.vcstoken.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vcstoken.token.Origin;
import org.vcstoken.token.Role;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;
import org.vcstoken.token.TokenOrigin;

/** The credential lookup's line shortcut reads exactly what the full parser reads for that host. */
class StoreLinesTest {
    static final Origin A = Origin.of("https", "a.example.com", -1);
    static final Origin B = Origin.of("https", "b.example.com", 8443);

    private static StoreData sample() {
        List<Token> tokens = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String server = switch (i % 3) {
                case 0 -> "https://a.example.com";
                case 1 -> "https://a.example.com/code";
                default -> "https://b.example.com:8443";
            };
            tokens.add(new Token("t" + i, server, "alice", Role.VCS, i % 2 == 0 ? null : "g/r" + i, null,
                    "mentions \"server\":\"https://a.example.com\" in text " + i, StoreFixtures.CREATED, TokenOrigin.MANUAL,
                    null, null, Secret.of("secret-" + i)));
        }
        return new StoreData(List.of(ServerProfile.withDefaults(A, "", "alice"), ServerProfile.withDefaults(A, "code", "alice"),
                ServerProfile.withDefaults(B, "", "alice")), tokens);
    }

    /** What TokenStore does for a lookup: the shortcut when it applies, else the full parser. */
    private static StoreData readFile(byte[] file, Origin origin) throws Exception {
        byte[] selected = StoreLines.select(file, origin.url());
        return selected != null ? StoreCodec.readSelected(selected, origin, ExternalSecrets.FILE_ONLY)
                : StoreCodec.read(file, origin, ExternalSecrets.FILE_ONLY);
    }

    private static byte[] written(StoreData data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StoreCodec.write(data, out);
        return out.toByteArray();
    }

    @Test
    void theStoreFileIsOpenedWithoutFollowingALinkNotOnlyCheckedBefore(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path real = java.nio.file.Files.write(dir.resolve("real.json"), written(sample()));
        java.nio.file.Path link = java.nio.file.Files.createSymbolicLink(dir.resolve("store.json"), real);
        // The check before the open and the open are two steps; the open itself must refuse a link
        // that appeared in between.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StoreLines.open(link).close())
                .isInstanceOf(java.io.IOException.class);
        try (StoreLines.OpenFile in = StoreLines.open(real)) {
            assertThat(in.size()).isEqualTo(java.nio.file.Files.size(real));
        }
    }

    @Test
    void writesOneServerOrTokenPerLineGroupedByOriginWithAnIndexLast() throws Exception {
        String text = new String(written(sample()), StandardCharsets.UTF_8);

        assertThat(text).startsWith("{\"version\":1,\n\"servers\":[\n{\"url\":\"https://a.example.com\"");
        assertThat(text.lines().filter(l -> l.startsWith("{\"id\":"))).hasSize(30);
        List<String> servers = text.lines().filter(l -> l.startsWith("{\"id\":"))
                .map(l -> l.replaceAll(".*\"server\":\"(https://[^/\"]*).*", "$1")).toList();
        assertThat(servers.subList(0, 20)).containsOnly("https://a.example.com");
        assertThat(servers.subList(20, 30)).containsOnly("https://b.example.com:8443");
        String index = text.lines().reduce((a, b) -> b).orElseThrow();
        assertThat(index).startsWith("\"index\":{\"origins\":{\"https://a.example.com\":[")
                .contains("\"https://b.example.com:8443\":[")
                .containsPattern("\\},\"crc\":[0-9]+,\"at\":" + text.lastIndexOf("\"index\"") + "}}$");
    }

    @Test
    void anEditBeforeTheIndexVoidsItAndTheFullParserRefusesTheIndexUntilItIsReplacedByNull() throws Exception {
        String text = new String(written(sample()), StandardCharsets.UTF_8);
        String edited = text.replace("\"description\":\"mentions", "\"description\":\"now mentions");

        assertThat(StoreLines.select(edited.getBytes(StandardCharsets.UTF_8), A.url())).isNull();
        int indexLine = (int) edited.lines().count();
        assertThatThrownBy(() -> readFile(edited.getBytes(StandardCharsets.UTF_8), A))
                .isInstanceOfSatisfying(StoreFormatException.class, e -> assertThat(e.line()).isEqualTo(indexLine))
                .hasMessageContaining("the index does not match the lines")
                .hasMessageContaining("\"index\":null}");

        // What the message says to do.
        String fixed = edited.substring(0, edited.lastIndexOf("\"index\"")) + "\"index\":null}\n";
        StoreData read = readFile(fixed.getBytes(StandardCharsets.UTF_8), A);
        assertThat(read.tokens()).hasSize(20).allMatch(t -> t.description().startsWith("now mentions"));
        assertThat(read.servers()).isEqualTo(readFile(written(sample()), A).servers());
    }

    @Test
    void anIndexEditedInPlaceIsNotTrustedByTheLookupForItsChecksumNoLongerFits() throws Exception {
        String text = new String(written(sample()), StandardCharsets.UTF_8);
        int at = text.lastIndexOf("\"index\"");
        // A renamed to c.example.com in the index, keeping the line's length: "at" still fits.
        String index = text.substring(at);
        String edited = text.substring(0, at) + index.replace("\"https://a.example.com\"", "\"https://c.example.com\"");
        byte[] file = edited.getBytes(StandardCharsets.UTF_8);

        assertThat(edited).hasSameSizeAs(text).isNotEqualTo(text);
        assertThat(StoreLines.select(file, A.url())).as("A's lookup").isNull();
        assertThat(StoreLines.select(file, B.url())).as("B's lookup").isNull();
        assertThatThrownBy(() -> readFile(file, A)).hasMessageContaining("the index does not match the lines");
    }

    @Test
    void aLineMovedToAnotherHostWithoutChangingItsLengthIsRefusedByTheHostWhoseRangeHoldsIt() throws Exception {
        String text = new String(written(sample()), StandardCharsets.UTF_8);
        // t2 is on b.example.com:8443; "a.example.com:8443" has the same length.
        String line = text.lines().filter(l -> l.contains("\"id\":\"t2\"")).findFirst().orElseThrow();
        byte[] moved = text.replace(line, line.replace("https://b.example.com:8443", "https://a.example.com:8443"))
                .getBytes(StandardCharsets.UTF_8);

        assertThat(StoreLines.select(moved, B.url())).as("the index still fits the file's length").isNotNull();
        assertThatThrownBy(() -> readFile(moved, B)).hasMessageContaining("the index does not match the lines");
        assertThatThrownBy(() -> StoreCodec.read(moved, null, ExternalSecrets.FILE_ONLY))
                .hasMessageContaining("the index does not match the lines");
    }

    @Test
    void theShortcutKeepsExactlyTheServersAndTokensOfTheOrigin() throws Exception {
        StoreData data = sample();
        byte[] file = written(data);

        for (Origin o : List.of(A, B, Origin.of("https", "c.example.com", -1))) {
            StoreData fast = readFile(file, o);
            StoreData full = StoreCodec.read(file, o, ExternalSecrets.FILE_ONLY);
            assertThat(StoreLines.select(file, o.url())).as("our own layout takes the shortcut").isNotNull();
            assertThat(fast).isEqualTo(full);
            assertThat(fast.servers()).allMatch(s -> s.origin().equals(o));
            assertThat(fast.tokens()).allMatch(t -> t.server().equals(o.url()) || t.server().startsWith(o.url() + "/"));
        }
        assertThat(readFile(file, A).tokens()).hasSize(20);
        assertThat(readFile(file, A).servers()).hasSize(2);
        assertThat(readFile(file, B).tokens()).hasSize(10);
    }

    @Test
    void aFileInAnotherLayoutIsReadByTheFullParser() throws Exception {
        // e.g. reformatted by hand with jq, which keeps the fields and drops nothing but the layout
        String pretty = "{\n  \"version\" : 1,\n  \"servers\" : [ { \"url\" : \"https://a.example.com\", \"kind\" : \"gitea\","
                + " \"user\" : null, \"scope\" : \"host\", \"lifetime\" : \"PT24H\", \"renew_before\" : null,"
                + " \"allow_http\" : false } ],\n"
                + "  \"tokens\" : [ { \"id\" : \"x\", \"server\" : \"https://a.example.com\", \"user\" : \"alice\","
                + " \"role\" : \"vcs\", \"scope\" : null, \"expires\" : null, \"description\" : \"\", \"origin\" : \"manual\","
                + " \"confirmed\" : null, \"rejected\" : null,"
                + " \"created\" : \"2026-01-01T00:00:00Z\", \"secret\" : \"s3cr3t-value\" } ]\n}\n";
        byte[] file = pretty.getBytes(StandardCharsets.UTF_8);

        assertThat(StoreLines.select(file, A.url())).isNull();
        assertThat(readFile(file, A).tokens()).extracting(Token::id).containsExactly("x");
    }

    @Test
    void aThousandHostsAreFoundThroughTheSortedIndex() throws Exception {
        List<ServerProfile> many = new ArrayList<>();
        List<Token> tokens = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Origin o = Origin.of("https", "host" + (i * 7919 % 1000) + ".example.com", i % 3 == 0 ? 8443 : -1);
            many.add(ServerProfile.withDefaults(o, "", "alice"));
            tokens.add(new Token("t" + i, o.url(), "alice", Role.VCS, null, null, "", StoreFixtures.CREATED,
                    TokenOrigin.MANUAL, null, null, Secret.of("secret-" + i)));
        }
        byte[] file = written(new StoreData(many, tokens));

        for (int i = 0; i < 1000; i += 37) {
            Origin o = many.get(i).origin();
            assertThat(StoreLines.select(file, o.url())).as(o.url()).isNotNull();
            assertThat(readFile(file, o).tokens()).extracting(Token::id).containsExactly("t" + i);
        }
        assertThat(readFile(file, Origin.of("https", "host5.example.com", 9)).tokens()).isEmpty();
        assertThat(readFile(file, Origin.of("https", "a", -1)).tokens()).isEmpty();
        assertThat(readFile(file, Origin.of("https", "zzz.example.com", -1)).tokens()).isEmpty();
    }

    @Test
    void aStoreInTheEarlierIndexLayoutIsReadByTheFullParser() throws Exception {
        // Written by the first versions: the offset first, origins in the order met.
        String text = new String(written(sample()), StandardCharsets.UTF_8);
        int at = text.lastIndexOf("\"index\"");
        String origins = text.substring(text.indexOf("\"origins\":{", at) + "\"origins\":{".length(), text.lastIndexOf("},\"crc\""));
        List<String> entries = new ArrayList<>(List.of(origins.split("(?<=\\]),")));
        java.util.Collections.reverse(entries);
        String older = text.substring(0, at) + "\"index\":{\"at\":" + at
                + ",\"origins\":{" + String.join(",", entries) + "}}}\n";
        byte[] file = older.getBytes(StandardCharsets.UTF_8);

        assertThat(entries).hasSize(2);
        assertThat(StoreLines.select(file, B.url())).isNull();
        assertThat(readFile(file, B).tokens()).hasSize(10);
        assertThat(StoreCodec.read(file, null, ExternalSecrets.FILE_ONLY)).isEqualTo(StoreCodec.grouped(sample()));
    }

    @Test
    void emptyStoresAndTruncatedFilesAreNotTakenForOurLayout() throws Exception {
        byte[] empty = written(StoreData.EMPTY);
        byte[] full = written(sample());
        byte[] cut = java.util.Arrays.copyOf(full, full.length / 2);

        assertThat(readFile(empty, A)).isEqualTo(StoreData.EMPTY);
        assertThat(StoreLines.select(cut, A.url())).isNull();
    }
}
