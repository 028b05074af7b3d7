package org.vcstoken.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
import org.vcstoken.request.Request;
import org.vcstoken.store.StoreData;
import org.vcstoken.store.TokenStore;
import org.vcstoken.testing.MutableClock;
import org.vcstoken.token.Origin;
import org.vcstoken.token.Role;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;
import org.vcstoken.token.TokenIds;
import org.vcstoken.token.TokenOrigin;
import org.vcstoken.trace.Trace;

class BrokerTest {
    private static final Instant NOW = Instant.parse("2026-04-01T08:00:00Z");
    private static final Origin EXAMPLE = Origin.of("https", "example.com", -1);
    private static final Origin OTHER = Origin.of("https", "other.example", -1);
    private static final ServerProfile SERVER = ServerProfile.withDefaults(EXAMPLE, "", "alice");
    private static final ServerProfile OTHER_SERVER = ServerProfile.withDefaults(OTHER, "", "alice");

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(NOW);
    private final List<String> warnings = new ArrayList<>();
    private final ByteArrayOutputStream traceBytes = new ByteArrayOutputStream();
    private TokenStore store;
    private Broker broker;

    @BeforeEach
    void setUp() {
        store = new TokenStore(new StatePaths(tmp.resolve("data"), tmp.resolve("config")), Duration.ofSeconds(10),
                line -> { });
        Trace trace = Trace.to(new PrintStream(traceBytes, true, StandardCharsets.UTF_8), clock);
        broker = new Broker(store, clock, trace, warnings::add, new TokenIds());
    }

    @Test
    void getAnswersWithTheBestTokenAndItsExpiry() throws Exception {
        Instant expiry = NOW.plus(Duration.ofDays(20));
        seed(List.of(SERVER), token("t1", "s-one", null, expiry), token("t2", "s-two", "group/repo", expiry));

        Optional<Answer> a = broker.get(new Request(EXAMPLE, "group/repo", null));

        assertThat(a).hasValueSatisfying(answer -> {
            assertThat(answer.tokenId()).isEqualTo("t2");
            assertThat(answer.username()).isEqualTo("alice");
            assertThat(answer.secret().reveal()).isEqualTo("s-two");
            assertThat(answer.expires()).isEqualTo(expiry);
        });
        assertThat(warnings).isEmpty();
        assertThat(trace()).contains("chose token t2").doesNotContain("s-two").doesNotContain("s-one");
    }

    @Test
    void getWithoutAProfileAnswersNothingAndCreatesNoState() throws Exception {
        assertThat(broker.get(new Request(EXAMPLE, "r", null))).isEmpty();
        assertThat(warnings).isEmpty();
        assertThat(tmp.resolve("data")).doesNotExist();
    }

    @Test
    void getOfATokenExpiringSoonMarksTheAnswerDueForRenewalAndLeavesTheWordToTheFrontDoor() throws Exception {
        Token t = new Token("soon1", SERVER.baseUrl(), "alice", Role.VCS, null, NOW.plus(Duration.ofDays(2)), "",
                NOW.minus(Duration.ofDays(28)), TokenOrigin.MANUAL, null, null, Secret.of("secret-expiring"));
        seed(List.of(SERVER), t);

        Answer a = broker.get(new Request(EXAMPLE, "r", null)).orElseThrow();

        assertThat(a.tokenId()).isEqualTo("soon1");
        assertThat(a.renewDue()).isTrue();
        // The front door renews it (renew.Renewal) or prints the one line; the lean get path loads no family.
        assertThat(warnings).isEmpty();
    }

    @Test
    void getOfATokenOutsideItsRenewWindowWarnsNothing() throws Exception {
        seed(List.of(SERVER), new Token("fresh", SERVER.baseUrl(), "alice", Role.VCS, null,
                NOW.plus(Duration.ofDays(4)), "", NOW.minus(Duration.ofDays(26)), TokenOrigin.MANUAL, null, null,
                Secret.of("secret-fresh")));
        assertThat(broker.get(new Request(EXAMPLE, "r", null))).map(Answer::renewDue).hasValue(false);
        assertThat(warnings).isEmpty();
    }

    @Test
    void getRefusesPlainHttpToARemoteServerWithAWarning() throws Exception {
        Origin http = Origin.of("http", "example.com", -1);
        ServerProfile profile = ServerProfile.withDefaults(http, "", "alice");
        seed(List.of(profile), token("t1", "secret-http", null, null, profile));

        assertThat(broker.get(new Request(http, "r", null))).isEmpty();

        assertThat(warnings).singleElement().satisfies(w -> assertThat(w).startsWith("vcstoken: warning: ")
                .contains("plain http").contains("--allow-http").doesNotContain("secret-http"));
    }

    @Test
    void getAnswersOverPlainHttpToLoopback() throws Exception {
        Origin http = Origin.of("http", "127.0.0.1", 8080);
        ServerProfile profile = ServerProfile.withDefaults(http, "", "alice");
        seed(List.of(profile), token("t1", "secret-local", null, null, profile));
        assertThat(broker.get(new Request(http, "r", null))).map(Answer::tokenId).hasValue("t1");
        assertThat(warnings).isEmpty();
    }

    @Test
    void rejectMarksOnlyTheTokenWhoseSecretMatches() throws Exception {
        seed(List.of(SERVER, OTHER_SERVER),
                token("a", "shared-secret", null, null),
                token("b", "other-secret", null, NOW.plus(Duration.ofDays(1))),
                token("c", "shared-secret", null, null, OTHER_SERVER));
        clock.advance(Duration.ofSeconds(5));

        broker.reject(new Request(EXAMPLE, "r", "alice"), "shared-secret");

        StoreData after = store.read();
        assertThat(after.token("a").orElseThrow().rejected()).isEqualTo(NOW.plusSeconds(5));
        assertThat(after.token("b").orElseThrow().rejected()).isNull();
        assertThat(after.token("c").orElseThrow().rejected()).isNull();
        assertThat(broker.get(new Request(EXAMPLE, "r", null))).map(Answer::tokenId).hasValue("b");
        assertThat(broker.get(new Request(OTHER, "r", null))).map(Answer::tokenId).hasValue("c");
        assertThat(trace()).doesNotContain("shared-secret");
    }

    @Test
    void rejectMarksEveryEntryOfTheRejectedSecretOnThatServer() throws Exception {
        seed(List.of(SERVER), token("a", "one-secret", "group/a", null), token("b", "one-secret", "group/b", null),
                token("c", "another-secret", "group/b", NOW.plus(Duration.ofDays(2))));

        broker.reject(new Request(EXAMPLE, "group/a", "alice"), "one-secret");

        StoreData after = store.read();
        assertThat(after.token("a").orElseThrow().isRejected()).isTrue();
        assertThat(after.token("b").orElseThrow().isRejected()).isTrue();
        assertThat(after.token("c").orElseThrow().isRejected()).isFalse();
        assertThat(broker.get(new Request(EXAMPLE, "group/b", null))).map(Answer::tokenId).hasValue("c");
    }

    @Test
    void rejectOfAPasswordThatMatchesNoTokenChangesNothing() throws Exception {
        seed(List.of(SERVER, OTHER_SERVER), token("a", "known-secret", null, null),
                token("c", "secret-elsewhere", null, null, OTHER_SERVER));
        Snapshot before = snapshot();

        broker.reject(new Request(EXAMPLE, "r", "alice"), "wrong-secret");
        broker.reject(new Request(EXAMPLE, "r", "alice"), "secret-elsewhere");
        broker.reject(new Request(EXAMPLE, "r", "alice"), "known-secre");
        broker.reject(new Request(Origin.of("https", "example.com", 8443), "r", "alice"), "known-secret");
        broker.reject(new Request(EXAMPLE, "r", "alice"), "");
        broker.reject(new Request(EXAMPLE, "r", "alice"), null);

        assertThat(snapshot()).isEqualTo(before);
        assertThat(store.read().tokens()).allSatisfy(t -> assertThat(t.isRejected()).isFalse());
    }

    @Test
    void approveRecordsThatATokenWorked() throws Exception {
        seed(List.of(SERVER), token("a", "known-secret", null, null));
        clock.advance(Duration.ofMinutes(3));

        broker.approve(new Request(EXAMPLE, "r", "alice"), "known-secret", null);

        Token t = store.read().token("a").orElseThrow();
        assertThat(t.confirmed()).isEqualTo(NOW.plus(Duration.ofMinutes(3)));
        assertThat(store.read().tokens()).hasSize(1);
    }

    @Test
    void aSecondApproveWithinAMinuteWritesNothing() throws Exception {
        seed(List.of(SERVER), token("a", "known-secret", null, null));
        broker.approve(new Request(EXAMPLE, "r", "alice"), "known-secret", null);
        Snapshot first = snapshot();

        clock.advance(Duration.ofSeconds(59));
        broker.approve(new Request(EXAMPLE, "r", "alice"), "known-secret", null);
        assertThat(snapshot()).isEqualTo(first);

        clock.advance(Duration.ofSeconds(1));
        broker.approve(new Request(EXAMPLE, "r", "alice"), "known-secret", null);
        assertThat(snapshot()).isNotEqualTo(first);
        assertThat(store.read().token("a").orElseThrow().confirmed()).isEqualTo(NOW.plus(Duration.ofMinutes(1)));
    }

    @Test
    void approveOfARejectedTokenMakesItUsableAgain() throws Exception {
        seed(List.of(SERVER), token("a", "known-secret", null, null));
        broker.reject(new Request(EXAMPLE, "r", "alice"), "known-secret");
        assertThat(broker.get(new Request(EXAMPLE, "r", null))).isEmpty();

        broker.approve(new Request(EXAMPLE, "r", "alice"), "known-secret", null);

        assertThat(broker.get(new Request(EXAMPLE, "r", null))).map(Answer::tokenId).hasValue("a");
    }

    @Test
    void approveOfATypedPasswordCapturesARepoScopedToken() throws Exception {
        seed(List.of(SERVER, OTHER_SERVER));
        Instant expiry = NOW.plus(Duration.ofDays(9));

        broker.approve(new Request(EXAMPLE, "group/repo", "alice"), "typed-token-value", expiry);

        Token t = store.read().tokens().get(0);
        assertThat(store.read().tokens()).hasSize(1);
        assertThat(t.server()).isEqualTo("https://example.com");
        assertThat(t.scope()).isEqualTo("group/repo");
        assertThat(t.username()).isEqualTo("alice");
        assertThat(t.role()).isEqualTo(Role.VCS);
        assertThat(t.origin()).isEqualTo(TokenOrigin.CAPTURED);
        assertThat(t.expires()).isEqualTo(expiry);
        assertThat(t.created()).isEqualTo(NOW);
        assertThat(t.confirmed()).isEqualTo(NOW);
        assertThat(t.rejected()).isNull();
        assertThat(t.secret().reveal()).isEqualTo("typed-token-value");
        assertThat(t.id()).matches("[0-9a-f]{8}");
        assertThat(trace()).doesNotContain("typed-token-value");

        assertThat(broker.get(new Request(EXAMPLE, "group/repo", "alice"))).map(Answer::tokenId).hasValue(t.id());
        assertThat(broker.get(new Request(EXAMPLE, "group/other", "alice"))).isEmpty();
    }

    @Test
    void approveOfATypedPasswordWithoutAPathCapturesAServerWideToken() throws Exception {
        seed(List.of(SERVER));
        broker.approve(new Request(EXAMPLE, "", "alice"), "typed-token-value", null);

        assertThat(store.read().tokens()).singleElement().satisfies(t -> {
            assertThat(t.isServerWide()).isTrue();
            assertThat(t.expires()).isNull();
            assertThat(t.origin()).isEqualTo(TokenOrigin.CAPTURED);
        });
    }

    @Test
    void aCapturedTokenIsScopedToTheRepositoryUnderTheServerPrefix() throws Exception {
        ServerProfile rc = ServerProfile.withDefaults(EXAMPLE, "rhodecode", "alice");
        seed(List.of(SERVER, rc));

        broker.approve(new Request(EXAMPLE, "rhodecode/group/repo", "alice"), "typed-in-rc", null);
        broker.approve(new Request(EXAMPLE, "rhodecode", "alice"), "typed-at-rc-root", null);

        assertThat(store.read().tokens()).extracting(Token::server, Token::scope).containsExactly(
                org.assertj.core.groups.Tuple.tuple("https://example.com/rhodecode", "group/repo"),
                org.assertj.core.groups.Tuple.tuple("https://example.com/rhodecode", null));
    }

    @Test
    void approveWithoutAProfileCapturesNothing() throws Exception {
        seed(List.of(OTHER_SERVER));
        Snapshot before = snapshot();
        broker.approve(new Request(EXAMPLE, "group/repo", "alice"), "typed-token-value", null);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void approveWithoutAnyStoreCreatesNothing() throws Exception {
        broker.approve(new Request(EXAMPLE, "group/repo", "alice"), "typed-token-value", null);
        assertThat(tmp.resolve("data")).doesNotExist();
    }

    @Test
    void approveWithoutAUserNameCapturesNothing() throws Exception {
        seed(List.of(SERVER));
        Snapshot before = snapshot();
        broker.approve(new Request(EXAMPLE, "group/repo", null), "typed-token-value", null);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void approveOverPlainHttpToARemoteServerCapturesNothing() throws Exception {
        Origin http = Origin.of("http", "example.com", -1);
        seed(List.of(ServerProfile.withDefaults(http, "", "alice")));
        Snapshot before = snapshot();
        broker.approve(new Request(http, "group/repo", "alice"), "typed-token-value", null);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void approveOfAPasswordWithAControlCharacterCapturesNothing() throws Exception {
        seed(List.of(SERVER));
        Snapshot before = snapshot();
        broker.approve(new Request(EXAMPLE, "group/repo", "alice"), "typed\u001bvalue", null);
        broker.approve(new Request(EXAMPLE, "group/repo", "alice"), "", null);
        broker.approve(new Request(EXAMPLE, "group/repo", "alice"), null, null);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void approveOfAKnownSecretOnAnotherServerCapturesItAsNewForThisOne() throws Exception {
        seed(List.of(SERVER, OTHER_SERVER), token("c", "secret-elsewhere", null, null, OTHER_SERVER));
        broker.approve(new Request(EXAMPLE, "", "alice"), "secret-elsewhere", null);
        StoreData after = store.read();
        assertThat(after.token("c").orElseThrow().confirmed()).isNull();
        assertThat(after.tokens()).hasSize(2);
    }

    @Test
    void approveForAnotherUserWithTheSameSecretLeavesTheFirstUsersRejectedTokenRejected() throws Exception {
        seed(List.of(SERVER), token("a", "shared-secret", null, null));
        broker.reject(new Request(EXAMPLE, "", "alice"), "shared-secret");
        clock.advance(Duration.ofMinutes(5));

        broker.approve(new Request(EXAMPLE, "", "bob"), "shared-secret", null);

        StoreData after = store.read();
        assertThat(after.token("a").orElseThrow().isRejected()).as("alice's token is still refused").isTrue();
        assertThat(after.token("a").orElseThrow().confirmed()).isNull();
        assertThat(after.tokens()).filteredOn(t -> t.username().equals("bob")).singleElement()
                .satisfies(t -> assertThat(t.origin()).isEqualTo(TokenOrigin.CAPTURED));
        assertThat(broker.get(new Request(EXAMPLE, "", "alice"))).isEmpty();
        assertThat(broker.get(new Request(EXAMPLE, "", "bob"))).map(Answer::username).hasValue("bob");
    }

    @Test
    void rejectForAnotherUserWithTheSameSecretLeavesTheFirstUsersTokenUsable() throws Exception {
        seed(List.of(SERVER), token("a", "shared-secret", null, null),
                token("b", "bob", "shared-secret", null, TokenOrigin.MANUAL));

        broker.reject(new Request(EXAMPLE, "", "bob"), "shared-secret");

        StoreData after = store.read();
        assertThat(after.token("b").orElseThrow().isRejected()).isTrue();
        assertThat(after.token("a").orElseThrow().isRejected()).isFalse();
        assertThat(broker.get(new Request(EXAMPLE, "", "alice"))).map(Answer::tokenId).hasValue("a");
    }

    @Test
    void rejectWithoutAUserNameMarksEveryUsersTokenHoldingThatSecret() throws Exception {
        seed(List.of(SERVER), token("a", "shared-secret", null, null),
                token("b", "bob", "shared-secret", null, TokenOrigin.MANUAL),
                token("c", "bob", "bobs-other-secret", null, TokenOrigin.MANUAL));

        broker.reject(new Request(EXAMPLE, "", null), "shared-secret");

        StoreData after = store.read();
        assertThat(after.tokens()).filteredOn(Token::isRejected).extracting(Token::id).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void aNewerPasswordTypedForTheSameUserAndRepositoryReplacesTheOneCapturedBefore() throws Exception {
        seed(List.of(SERVER), token("old", "alice", "typed-first", "group/repo", TokenOrigin.CAPTURED),
                token("other", "alice", "typed-for-other", "group/other", TokenOrigin.CAPTURED),
                token("bobs", "bob", "typed-by-bob", "group/repo", TokenOrigin.CAPTURED),
                token("manual", "alice", "added-by-hand", "group/repo", TokenOrigin.MANUAL));
        clock.advance(Duration.ofMinutes(1));

        broker.approve(new Request(EXAMPLE, "group/repo", "alice"), "typed-second", null);

        StoreData after = store.read();
        assertThat(after.token("old")).as("superseded").isEmpty();
        assertThat(after.tokens()).extracting(Token::id).contains("other", "bobs", "manual").hasSize(4);
        Optional<Answer> answer = broker.get(new Request(EXAMPLE, "group/repo", "alice"));
        assertThat(answer).map(a -> a.secret().reveal()).hasValue("typed-second");
        broker.reject(new Request(EXAMPLE, "group/repo", "alice"), "typed-second");
        assertThat(broker.get(new Request(EXAMPLE, "group/repo", "alice"))).as("never the first password again")
                .map(a -> a.secret().reveal()).hasValue("added-by-hand");
    }

    @Test
    void aKnownPasswordTypedForAnotherRepositoryIsKeptForThatRepositoryToo() throws Exception {
        seed(List.of(SERVER), token("foo", "alice", "same-password", "group/foo", TokenOrigin.CAPTURED));
        clock.advance(Duration.ofMinutes(2));

        broker.approve(new Request(EXAMPLE, "group/bar", "alice"), "same-password", null);

        StoreData after = store.read();
        assertThat(after.tokens()).extracting(Token::scope).containsExactlyInAnyOrder("group/foo", "group/bar");
        assertThat(after.token("foo").orElseThrow().confirmed()).isEqualTo(NOW.plus(Duration.ofMinutes(2)));
        assertThat(broker.get(new Request(EXAMPLE, "group/bar", "alice"))).map(a -> a.secret().reveal())
                .hasValue("same-password");
    }

    @Test
    void aRepositoryTokenTypedWithoutARepositoryIsNeverWidenedToTheWholeServer() throws Exception {
        seed(List.of(SERVER), token("foo", "alice", "repo-secret", "group/foo", TokenOrigin.MANUAL));
        clock.advance(Duration.ofMinutes(2));

        broker.approve(new Request(EXAMPLE, "", "alice"), "repo-secret", null);

        StoreData after = store.read();
        assertThat(after.tokens()).singleElement().satisfies(t -> {
            assertThat(t.scope()).isEqualTo("group/foo");
            assertThat(t.confirmed()).isEqualTo(NOW.plus(Duration.ofMinutes(2)));
        });
        assertThat(broker.get(new Request(EXAMPLE, "group/other", "alice"))).isEmpty();
    }

    private void seed(List<ServerProfile> servers, Token... tokens) throws Exception {
        store.update(d -> new StoreData(servers, List.of(tokens)));
        traceBytes.reset();
    }

    private static Token token(String id, String secret, String scope, Instant expires) {
        return token(id, secret, scope, expires, SERVER);
    }

    private static Token token(String id, String secret, String scope, Instant expires, ServerProfile server) {
        return new Token(id, server.baseUrl(), "alice", Role.VCS, scope, expires, "", NOW.minus(Duration.ofDays(1)),
                TokenOrigin.MANUAL, null, null, Secret.of(secret));
    }

    private static Token token(String id, String user, String secret, String scope, TokenOrigin origin) {
        return new Token(id, SERVER.baseUrl(), user, Role.VCS, scope, null, "", NOW.minus(Duration.ofDays(1)), origin,
                null, null, Secret.of(secret));
    }

    private String trace() {
        return traceBytes.toString(StandardCharsets.UTF_8);
    }

    private record Snapshot(String content, Object inode, Object modified) {
    }

    private Snapshot snapshot() throws Exception {
        Path file = store.file();
        if (!Files.exists(file)) {
            return new Snapshot(null, null, null);
        }
        return new Snapshot(Files.readString(file), Files.getAttribute(file, "unix:ino"),
                Files.getLastModifiedTime(file));
    }
}
