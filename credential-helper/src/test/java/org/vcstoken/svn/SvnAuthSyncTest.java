package org.vcstoken.svn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.env.StatePaths;
import org.vcstoken.store.TokenStore;
import org.vcstoken.testing.MutableClock;
import org.vcstoken.token.Origin;
import org.vcstoken.token.Role;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;
import org.vcstoken.token.TokenOrigin;

class SvnAuthSyncTest {
    static final String REALM = "<https://code.example.com:443> RhodeCode";
    static final ServerProfile PROFILE = ServerProfile.withDefaults(Origin.of("https", "code.example.com", -1), "", "alice");

    @TempDir
    Path dir;
    TokenStore store;
    MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
    SvnAuthSync sync;
    SvnAuthCache cache;
    List<String> warnings = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        store = new TokenStore(new StatePaths(dir.resolve("state"), dir.resolve("state")), Duration.ofSeconds(5), l -> { });
        store.update(d -> d.withServer(PROFILE));
        sync = new SvnAuthSync(store, clock);
        cache = SvnAuthCache.inConfigDir(dir.resolve("home/.subversion"));
    }

    Token token(String id, String secret, Instant expires, String scope) {
        return new Token(id, PROFILE.baseUrl(), "alice", Role.VCS, scope, expires, "", clock.instant(),
                TokenOrigin.MANUAL, null, null, Secret.of(secret), null);
    }

    void add(Token t) throws Exception {
        store.update(d -> d.withToken(t));
        SvnAuthSync.afterStoreChange(store, clock, warnings::add);
    }

    String cachedPassword() throws Exception {
        return SvnAuthCache.decode(Files.readAllBytes(cache.fileFor(REALM))).get("password");
    }

    @Test
    void configureCachesTheServerWideTokenAndNeverARepositoryToken() throws Exception {
        add(token("app", "repo-secret", null, "grp/app"));
        add(token("wide", "wide-secret", null, null));

        SvnAuthSync.Outcome o = sync.configure(PROFILE, REALM, cache.directory());

        assertThat(o.state()).isEqualTo(SvnAuthSync.State.WRITTEN);
        assertThat(o.tokenId()).isEqualTo("wide");
        assertThat(cachedPassword()).isEqualTo("wide-secret");
        assertThat(sync.configure(PROFILE, REALM, cache.directory()).state()).isEqualTo(SvnAuthSync.State.CURRENT);
    }

    @Test
    void aRotationRewritesTheEntryAndRemovingTheLastTokenDeletesIt() throws Exception {
        add(token("old", "old-secret", null, null));
        sync.configure(PROFILE, REALM, cache.directory());

        add(token("new", "new-secret", clock.instant().plus(Duration.ofDays(400)), null));
        // The never-expiring old token would win; rotation ends with the old one rejected.
        store.update(d -> d.mapToken("old", t -> t.withRejected(clock.instant())));
        SvnAuthSync.afterStoreChange(store, clock, warnings::add);
        String afterRotation = cachedPassword();
        store.update(d -> d.withoutToken("new"));
        SvnAuthSync.afterStoreChange(store, clock, warnings::add);

        assertThat(afterRotation).isEqualTo("new-secret");
        assertThat(cache.fileFor(REALM)).doesNotExist();
        assertThat(warnings).isEmpty();
    }

    @Test
    void anExpiredTokenLeavesTheCacheAtTheNextSync() throws Exception {
        add(token("short", "short-secret", clock.instant().plus(Duration.ofHours(1)), null));
        sync.configure(PROFILE, REALM, cache.directory());
        clock.advance(Duration.ofHours(2));

        List<SvnAuthSync.Outcome> outcomes = sync.sync();

        assertThat(outcomes).extracting(SvnAuthSync.Outcome::state).containsExactly(SvnAuthSync.State.NO_TOKEN);
        assertThat(cache.fileFor(REALM)).doesNotExist();
    }

    @Test
    void anExpiredTokenLeavesTheCacheAtTheNextRunWithoutAStoreChange() throws Exception {
        add(token("short", "short-secret", clock.instant().plus(Duration.ofHours(1)), null));
        sync.configure(PROFILE, REALM, cache.directory());
        Path index = dir.resolve("state").resolve(SvnAuthIndex.FILE_NAME);
        byte[] indexBefore = Files.readAllBytes(index);

        clock.advance(Duration.ofMinutes(30));
        SvnAuthExpiry.syncIfExpired(store, clock, warnings::add);
        boolean keptWhileValid = Files.exists(cache.fileFor(REALM));
        byte[] indexWhileValid = Files.readAllBytes(index);
        // The selector stops handing a token out a clock-skew margin before it expires; so does this.
        clock.advance(Duration.ofMinutes(30).minus(Token.CLOCK_SKEW));
        SvnAuthExpiry.syncIfExpired(store, clock, warnings::add);

        assertThat(keptWhileValid).isTrue();
        assertThat(indexWhileValid).as("nothing rewritten while the token is valid").isEqualTo(indexBefore);
        assertThat(new String(indexBefore, java.nio.charset.StandardCharsets.UTF_8))
                .endsWith("\t" + clock.instant().plus(Token.CLOCK_SKEW).getEpochSecond() + "\n");
        assertThat(cache.fileFor(REALM)).doesNotExist();
        assertThat(Files.readString(index)).as("nothing cached, nothing to expire").endsWith("\t-\t-\n");
        assertThat(warnings).isEmpty();
    }

    @Test
    void anIndexWrittenBeforeTheExpiryColumnIsBroughtInStepAtTheNextRun() throws Exception {
        add(token("wide", "wide-secret", clock.instant().plus(Duration.ofDays(30)), null));
        sync.configure(PROFILE, REALM, cache.directory());
        Path index = dir.resolve("state").resolve(SvnAuthIndex.FILE_NAME);
        String current = Files.readString(index);
        String old = current.substring(0, current.lastIndexOf('\t')) + "\n";
        Files.writeString(index, old);

        SvnAuthExpiry.syncIfExpired(store, clock, warnings::add);

        assertThat(Files.readString(index)).isEqualTo(current);
        assertThat(cachedPassword()).isEqualTo("wide-secret");
        assertThat(warnings).isEmpty();
    }

    @Test
    void aDamagedIndexIsReportedWithWhatToRunAndNothingIsWritten() throws Exception {
        add(token("wide", "wide-secret", null, null));
        sync.configure(PROFILE, REALM, cache.directory());
        Path index = dir.resolve("state").resolve(SvnAuthIndex.FILE_NAME);
        String damaged = Files.readString(index).replaceFirst("\t-\n$", "\tsoon\n");
        Files.writeString(index, damaged);

        SvnAuthExpiry.syncIfExpired(store, clock, warnings::add);

        assertThat(warnings).singleElement().asString().contains("is damaged at line 1", "the expiry 'soon'",
                "vcstoken configure --svn");
        assertThat(Files.readString(index)).isEqualTo(damaged);
        assertThat(cachedPassword()).isEqualTo("wide-secret");
    }

    @Test
    void theIndexSaysWhenAnEntryIsDueAndNeverEarly() {
        long now = 1_000_000;
        long skew = Token.CLOCK_SKEW.getSeconds();
        String line = "https://h\t<https://h:443> R\t/d\tabc\t";

        assertThat(SvnAuthExpiry.due(bytes(""), now)).isFalse();
        assertThat(SvnAuthExpiry.due(bytes(line + "-\n"), now)).as("never expires").isFalse();
        assertThat(SvnAuthExpiry.due(bytes(line + (now + skew + 1) + "\n"), now)).isFalse();
        assertThat(SvnAuthExpiry.due(bytes(line + (now + skew) + "\n"), now)).as("inside the skew margin").isTrue();
        assertThat(SvnAuthExpiry.due(bytes(line + "-\n" + line + (now - 5)), now)).as("the second line").isTrue();
        assertThat(SvnAuthExpiry.due(bytes("https://h\t<https://h:443> R\t/d\tabc\n"), now)).as("four fields").isTrue();
        assertThat(SvnAuthExpiry.due(bytes(line + "?\n"), now)).as("unknown").isTrue();
        assertThat(SvnAuthIndex.expiryOf(Instant.ofEpochSecond(10, 1))).as("rounded up").isEqualTo(11);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void theRecordedRealmIsRelearntAndTheEntryMovesWithIt() throws Exception {
        add(token("wide", "wide-secret", null, null));
        sync.configure(PROFILE, REALM, cache.directory());
        String other = "<https://code.example.com:443> Other";

        Optional<String> before = sync.recordedRealm(PROFILE.baseUrl());
        sync.relearn(PROFILE, other);

        assertThat(before).contains(REALM);
        assertThat(sync.recordedRealm(PROFILE.baseUrl())).contains(other);
        assertThat(cache.fileFor(REALM)).doesNotExist();
        assertThat(SvnAuthCache.decode(Files.readAllBytes(cache.fileFor(other)))).containsEntry("password", "wide-secret");
        assertThat(sync.recordedRealm("https://elsewhere.example.com")).isEmpty();
    }

    @Test
    void anEntryTheUserWroteForTheRealmIsNeverReplacedNorDeleted() throws Exception {
        byte[] theirs = SvnAuthCache.encode(REALM, "alice", "typed-at-svn-prompt");
        cache.write(REALM, theirs);
        add(token("wide", "wide-secret", null, null));

        SvnAuthSync.Outcome o = sync.configure(PROFILE, REALM, cache.directory());
        List<Path> removed = sync.unconfigure();

        assertThat(o.state()).isEqualTo(SvnAuthSync.State.FOREIGN);
        assertThat(removed).isEmpty();
        assertThat(Files.readAllBytes(cache.fileFor(REALM))).isEqualTo(theirs);
    }

    @Test
    void unconfigureDeletesOurEntryAndStopsFurtherSyncs() throws Exception {
        add(token("wide", "wide-secret", null, null));
        sync.configure(PROFILE, REALM, cache.directory());
        String other = "<https://other.example.com:443> Other";
        cache.write(other, SvnAuthCache.encode(other, "bob", "bobs"));

        List<Path> removed = sync.unconfigure();
        add(token("later", "later-secret", null, null));

        assertThat(removed).containsExactly(cache.fileFor(REALM));
        assertThat(cache.fileFor(REALM)).as("no sync writes it back once unconfigured").doesNotExist();
        assertThat(cache.fileFor(other)).exists();
        assertThat(sync.configured()).isFalse();
    }

    @Test
    void removingTheServerProfileDeletesTheEntry() throws Exception {
        add(token("wide", "wide-secret", null, null));
        sync.configure(PROFILE, REALM, cache.directory());
        assertThat(cache.fileFor(REALM)).exists();

        store.update(d -> d.withoutServer(PROFILE.baseUrl()));
        SvnAuthSync.afterStoreChange(store, clock, warnings::add);

        assertThat(cache.fileFor(REALM)).doesNotExist();
    }
}
