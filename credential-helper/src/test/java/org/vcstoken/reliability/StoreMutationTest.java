package org.vcstoken.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.reliability.StoreMutants.Expect;
import org.vcstoken.reliability.StoreMutants.Mutant;
import org.vcstoken.reliability.StoreMutants.Seed;
import org.vcstoken.store.StoreData;
import org.vcstoken.store.StoreException;
import org.vcstoken.store.TokenStore;
import org.vcstoken.token.Origin;
import org.vcstoken.token.Role;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;
import org.vcstoken.token.TokenOrigin;

/**
 * Issue 16: the store is read exactly or not at all. Every mutant of {@link StoreMutants} is read
 * as a whole and for each host (the credential lookup's path, through the index when it fits), and
 * must give exactly what its edit says, or be refused with a message naming the file, the line and
 * the field; a read never changes the file.
 */
class StoreMutationTest {
    @TempDir
    static Path dir;
    static Seed withStates;
    static Seed withoutStates;

    @BeforeAll
    static void seed() throws Exception {
        withStates = StoreMutants.written(StoreMutants.seed(true), dir.resolve("seed2"));
        withoutStates = StoreMutants.written(StoreMutants.seed(false), dir.resolve("seed1"));
    }

    @Test
    void theSeedHasServersOfEveryKindAndTokensOfEveryOriginRoleAndState() {
        StoreData d = withStates.data();
        assertThat(d.servers()).extracting(ServerProfile::kind)
                .containsExactlyInAnyOrder("rhodecode", "generic", "gitlab", "forgejo", "gitea");
        assertThat(d.tokens()).extracting(Token::origin).containsAll(EnumSet.allOf(TokenOrigin.class));
        assertThat(d.tokens()).extracting(Token::role).containsAll(EnumSet.allOf(Role.class));
        assertThat(d.tokens()).anyMatch(t -> t.state().expiryEnforced()).anyMatch(t -> t.state().unchecked())
                .anyMatch(t -> t.state().retired() != null).anyMatch(t -> t.state().rotationStarted() != null)
                .anyMatch(t -> t.state().isNone()).anyMatch(Token::isRejected).anyMatch(t -> t.confirmed() != null)
                .anyMatch(t -> t.serverId() != null).anyMatch(t -> t.scope() != null).anyMatch(Token::isServerWide)
                .anyMatch(t -> "pass".equals(t.secret().backend()))
                .anyMatch(t -> "secret-service".equals(t.secret().backend()))
                .anyMatch(t -> t.secret().backend() == null);
        assertThat(new String(withStates.file(), java.nio.charset.StandardCharsets.UTF_8))
                .startsWith("{\"version\":2,").contains("gi\\\"tea/b\u00fccher");
        assertThat(new String(withoutStates.file(), java.nio.charset.StandardCharsets.UTF_8)).startsWith("{\"version\":1,");
    }

    @Test
    void everyMutantIsReadAsItsEditSaysOrRefusedNamingTheFileTheLineAndTheField() throws Exception {
        SoftAssertions soft = new SoftAssertions();
        Map<Expect, Integer> counts = new EnumMap<>(Expect.class);
        Set<String> refusedFields = new TreeSet<>();
        int reads = 0;
        for (Seed seed : List.of(withStates, withoutStates)) {
            // Field by field on the seed with token states (the one with every field); the rest on both.
            List<Mutant> mutants = StoreMutants.all(seed, seed == withStates);
            for (Mutant m : mutants) {
                counts.merge(m.expect(), 1, Integer::sum);
                reads += check(seed, m, soft, refusedFields);
            }
        }
        System.out.println("store mutants: " + counts + ", " + reads + " reads; refusals named " + refusedFields);
        assertThat(counts.get(Expect.REFUSED)).as("refused mutants").isGreaterThan(4000);
        assertThat(counts.get(Expect.VALID)).as("valid edits").isGreaterThan(50);
        soft.assertAll();
    }

    @Test
    void aListWhereABooleanBelongsIsRefusedByEveryReadNamingAllowHttp() throws Exception {
        // The case issue 16 was filed for: `"allow_http": [true]` in a server entry.
        Seed seed = withStates;
        String text = new String(seed.file(), java.nio.charset.StandardCharsets.ISO_8859_1);
        String edited = text.replaceFirst("\"allow_http\":true", "\"allow_http\": [true]");
        assertThat(edited).isNotEqualTo(text);
        Path d = dir.resolve("issue");
        Files.createDirectories(d);
        StoreMutants.install(d, edited.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        TokenStore store = StoreMutants.store(d);
        int line = 1 + (int) text.substring(0, text.indexOf("\"allow_http\":true")).chars().filter(c -> c == '\n').count();

        for (Callable<StoreData> read : List.<Callable<StoreData>>of(store::read,
                () -> store.readFor(Origin.of("http", "git.example.org", 8080)),
                () -> store.readFor(Origin.of("https", "code.example.com", -1)))) {
            Throwable t = org.assertj.core.api.Assertions.catchThrowable(read::call);
            assertThat(t).isInstanceOf(StoreException.class);
            assertThat(t.getMessage()).contains(d.resolve("store.json").toString()).contains("(line " + line + ":")
                    .contains("\"allow_http\" of a server entry is a list; it must be true or false")
                    .contains("left untouched");
        }
        assertThat(Files.readAllBytes(d.resolve("store.json"))).isEqualTo(edited.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    /** Checks one mutant; returns how many reads it made. */
    private static int check(Seed seed, Mutant m, SoftAssertions soft, Set<String> refusedFields) throws Exception {
        Path d = dir.resolve("m");
        Files.createDirectories(d);
        StoreMutants.install(d, m.file());
        TokenStore store = StoreMutants.store(d);
        String file = d.resolve("store.json").toString();

        Object full = outcome(store::read);
        switch (m.expect()) {
            case VALID -> soft.assertThat(full).as("%s: read", m).isEqualTo(m.valid());
            case REFUSED -> {
                soft.assertThat(full).as("%s: read", m).isInstanceOf(StoreException.class);
                if (full instanceof StoreException refused) {
                    String message = refused.getMessage();
                    soft.assertThat(message).as("%s: the message", m).contains(file).contains("left untouched");
                    if (m.line() > 0) {
                        soft.assertThat(message).as("%s: the message", m).contains("(line " + m.line() + ":");
                    }
                    if (m.field() != null) {
                        soft.assertThat(message).as("%s: the message", m).contains("\"" + m.field() + "\"");
                        refusedFields.add(m.field());
                    }
                }
            }
            case EITHER -> {
                if (!(full instanceof StoreException)) {
                    soft.assertThat(full).as("%s: read", m).isEqualTo(m.valid());
                }
            }
        }
        // Lookups: the host of the edited line, the host after it, and a host in no store.
        List<Origin> all = new ArrayList<>();
        for (ServerProfile s : seed.data().servers()) {
            all.add(s.origin());
        }
        int edited = 0;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).url().equals(m.origin())) {
                edited = i;
            }
        }
        List<Origin> origins = List.of(all.get(edited), all.get((edited + 1) % all.size()),
                Origin.of("https", "nowhere.example", -1));
        for (Origin o : origins) {
            Object one = outcome(() -> store.readFor(o));
            String as = m + ": lookup of " + o.url();
            if (m.expect() == Expect.VALID) {
                soft.assertThat(one).as(as).isEqualTo(StoreMutants.restricted(m.valid(), o.url()));
            } else if (m.expect() == Expect.EITHER) {
                if (!(one instanceof StoreException)) {
                    soft.assertThat(one).as(as).isEqualTo(StoreMutants.restricted(m.valid(), o.url()));
                }
            } else if ("*".equals(m.origin()) || o.url().equals(m.origin())) {
                soft.assertThat(one).as(as).isInstanceOf(StoreException.class);
            } else if (!(one instanceof StoreException)) {
                StoreData exact = StoreMutants.restricted(seed.data(), o.url());
                if ("?".equals(m.origin()) && one.equals(StoreData.EMPTY)) {
                    continue; // a forged index that lost this host: see StoreMutants.indexMutants
                }
                soft.assertThat(one).as(as).isEqualTo(exact);
            }
        }
        soft.assertThat(Files.readAllBytes(d.resolve("store.json"))).as("%s: the file after reading", m).isEqualTo(m.file());
        return 1 + origins.size();
    }

    private static Object outcome(Callable<StoreData> read) throws Exception {
        try {
            return read.call();
        } catch (StoreException e) {
            return e;
        }
    }

    @Test
    void theMutantsCoverEveryFieldOfTheSchema() throws Exception {
        Set<String> fields = new TreeSet<>();
        for (Mutant m : StoreMutants.all(withStates, true)) {
            if (m.field() != null) {
                fields.add(m.field());
            }
        }
        assertThat(fields).containsAll(Arrays.asList("version", "servers", "tokens", "url", "kind", "user", "scope",
                "lifetime", "renew_before", "allow_http", "id", "server", "role", "expires", "description", "created",
                "origin", "confirmed", "rejected", "secret", "secret_backend", "server_id", "expiry_enforced", "unchecked",
                "retired", "rotation_started", "ignores_username", "colour"));
    }
}
