package org.vcstoken.svn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
