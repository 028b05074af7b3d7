package org.vcstoken.select;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vcstoken.request.Request;
import org.vcstoken.store.StoreData;
import org.vcstoken.testing.MutableClock;
import org.vcstoken.token.Origin;
import org.vcstoken.token.Role;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;
import org.vcstoken.token.TokenOrigin;
import org.vcstoken.token.TokenState;

class TokenSelectorTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Origin EXAMPLE = Origin.of("https", "example.com", -1);
    private static final ServerProfile SERVER = ServerProfile.withDefaults(EXAMPLE, "", "alice");

    private final MutableClock clock = new MutableClock(NOW);
    private final TokenSelector selector = new TokenSelector(clock);
    private final List<Token> tokens = new ArrayList<>();
    private final List<ServerProfile> servers = new ArrayList<>(List.of(SERVER));

    @Test
    void selectsRepoScopedTokenOverServerWide() {
        add(token("wide").build());
        add(token("scoped").scope("group/repo").build());
        add(token("wide2").expires(NOW.plus(Duration.ofDays(900))).build());

        assertThat(bestFor(request("group/repo"))).isEqualTo("scoped");
    }

    @Test
    void skipsATokenExpiringWithinTheClockSkewMargin() {
        add(token("soon").expires(NOW.plusSeconds(59)).build());
        assertThat(bestFor(request("group/repo"))).isNull();
        assertThat(select(request("group/repo")).skipped()).singleElement()
                .satisfies(s -> assertThat(s.reason()).startsWith("expired"));
    }

    @Test
    void usesATokenExpiringJustOutsideTheClockSkewMargin() {
        add(token("later").expires(NOW.plusSeconds(61)).build());
        assertThat(bestFor(request("group/repo"))).isEqualTo("later");
    }

    @Test
    void stopsUsingATokenWhenTheClockReachesItsSkewMargin() {
        add(token("t").expires(NOW.plus(Duration.ofHours(1))).build());
        assertThat(bestFor(request("r"))).isEqualTo("t");
        clock.advance(Duration.ofMinutes(59));
        assertThat(bestFor(request("r"))).isNull();
    }

    @Test
    void skipsRejectedTokens() {
        add(token("bad").rejected(NOW.minusSeconds(10)).expires(NOW.plus(Duration.ofDays(60))).build());
        add(token("good").build());
        assertThat(bestFor(request("r"))).isEqualTo("good");
        assertThat(select(request("r")).skipped()).singleElement()
                .satisfies(s -> assertThat(s.token().id()).isEqualTo("bad"));
    }

    @Test
    void skipsRetiredTokensEvenWhenTheyWouldWin() {
        add(token("retired").expires(NOW.plus(Duration.ofDays(90))).build()
                .withState(TokenState.NONE.withRetired(NOW.minusSeconds(60))));
        add(token("current").expires(NOW.plus(Duration.ofDays(30))).build());

        Selection s = select(request("r"));

        assertThat(s.candidates()).extracting(Token::id).containsExactly("current");
        assertThat(s.skipped()).singleElement().satisfies(k -> assertThat(k.reason()).startsWith("retired at "));
    }

    @Test
    void givesNothingToAnotherPort() {
        add(token("t").build());
        assertThat(bestFor(new Request(Origin.of("https", "example.com", 8443), "r", null))).isNull();
    }

    @Test
    void givesNothingOverHttpForAnHttpsServer() {
        add(token("t").build());
        assertThat(bestFor(new Request(Origin.of("http", "example.com", 443), "r", null))).isNull();
        assertThat(bestFor(new Request(Origin.of("http", "example.com", -1), "r", null))).isNull();
    }

    @Test
    void givesNothingToAHostThatMerelyStartsOrEndsWithTheServerName() {
        add(token("t").build());
        for (String host : List.of("example.com.evil.org", "evil-example.com", "www.example.com", "xample.com")) {
            assertThat(bestFor(new Request(Origin.of("https", host, -1), "r", null))).as(host).isNull();
        }
    }

    @Test
    void matchesTheHostWhateverItsCase() {
        add(token("t").build());
        assertThat(bestFor(new Request(Origin.of("https", "EXAMPLE.Com", 443), "r", null))).isEqualTo("t");
    }

    @Test
    void selectsOnlyTokensOfTheRequestedUser() {
        add(token("alice").user("alice").build());
        add(token("bob").user("bob").expires(NOW.plus(Duration.ofDays(99))).build());
        assertThat(bestFor(new Request(EXAMPLE, "r", "alice"))).isEqualTo("alice");
        assertThat(bestFor(new Request(EXAMPLE, "r", "bob"))).isEqualTo("bob");
        assertThat(bestFor(new Request(EXAMPLE, "r", "carol"))).isNull();
        assertThat(bestFor(new Request(EXAMPLE, "r", null))).isEqualTo("bob");
    }

    @Test
    void aRequestsUserNameDoesNotNarrowTheChoiceWhereTheForgeIgnoresIt() {
        servers.clear();
        servers.add(new ServerProfile(EXAMPLE, "", "forgejo", "alice", null, null, null, false, true));
        add(token("alice").user("alice").build());

        // git sends whatever user name the remote URL carries ("git@", "oauth2@"); Forgejo ignores it.
        assertThat(bestFor(new Request(EXAMPLE, "r", "git"))).isEqualTo("alice");
        assertThat(servers.get(0).answerUser("alice")).isEqualTo("alice");
        assertThat(servers.get(0).answerUser("someone")).as("answers carry the profile's user").isEqualTo("alice");
        assertThat(SERVER.answerUser("someone")).as("elsewhere the token's").isEqualTo("someone");
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = {"API", "FEED", "HTTP"})
    void skipsTokensWhoseRoleCannotOpenRepositories(Role role) {
        add(token("t").role(role).build());
        assertThat(bestFor(request("r"))).isNull();
        assertThat(select(request("r")).skipped()).singleElement()
                .satisfies(s -> assertThat(s.reason()).contains("role " + role.id()));
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = {"VCS", "ALL"})
    void usesTokensWhoseRoleOpensRepositories(Role role) {
        add(token("t").role(role).build());
        assertThat(bestFor(request("r"))).isEqualTo("t");
    }

    @Test
    void withoutAPathOnlyServerWideTokensQualify() {
        add(token("scoped").scope("group/repo").expires(null).build());
        add(token("wide").build());
        assertThat(bestFor(request(""))).isEqualTo("wide");
        assertThat(select(request("")).skipped()).singleElement()
                .satisfies(s -> assertThat(s.reason()).contains("vcstoken configure --git"));
    }

    @Test
    void withoutAPathAScopedTokenAloneGivesNothing() {
        add(token("scoped").scope("group/repo").build());
        assertThat(bestFor(request(""))).isNull();
    }

    @Test
    void skipsATokenScopedToAnotherRepository() {
        add(token("other").scope("group/other").build());
        add(token("parent").scope("group").build());
        add(token("child").scope("group/repo/sub").build());
        add(token("case").scope("Group/Repo").build());
        assertThat(bestFor(request("group/repo"))).isNull();
        assertThat(select(request("group/repo")).skipped()).hasSize(4);
    }

    @Test
    void amongEqualsTheLatestExpiringWins() {
        add(token("early").expires(NOW.plus(Duration.ofDays(5))).build());
        add(token("late").expires(NOW.plus(Duration.ofDays(50))).build());
        add(token("middle").expires(NOW.plus(Duration.ofDays(20))).build());
        assertThat(select(request("r")).candidates()).extracting(Token::id).containsExactly("late", "middle", "early");
    }

    @Test
    void aNeverExpiringTokenCountsAsExpiringLast() {
        add(token("late").expires(NOW.plus(Duration.ofDays(5000))).build());
        add(token("never").expires(null).build());
        assertThat(bestFor(request("r"))).isEqualTo("never");
    }

    @Test
    void amongEqualExpiriesTheNewestWins() {
        Instant expiry = NOW.plus(Duration.ofDays(10));
        add(token("old").expires(expiry).created(NOW.minus(Duration.ofDays(9))).build());
        add(token("new").expires(expiry).created(NOW.minus(Duration.ofDays(1))).build());
        add(token("mid").expires(expiry).created(NOW.minus(Duration.ofDays(5))).build());
        assertThat(select(request("r")).candidates()).extracting(Token::id).containsExactly("new", "mid", "old");
    }

    @Test
    void aScopedTokenBeatsALaterExpiringServerWideOne() {
        add(token("wide").expires(null).build());
        add(token("scoped").scope("r").expires(NOW.plus(Duration.ofHours(2))).build());
        assertThat(select(request("r")).candidates()).extracting(Token::id).containsExactly("scoped", "wide");
    }

    @Test
    void stripsTheServerPrefixFromTheRequestPath() {
        servers.clear();
        ServerProfile rc = ServerProfile.withDefaults(EXAMPLE, "rhodecode", "alice");
        servers.add(rc);
        add(token("t").server(rc.baseUrl()).scope("group/repo").build());
        Selection s = select(request("rhodecode/group/repo"));
        assertThat(s.repo()).isEqualTo("group/repo");
        assertThat(s.best()).map(Token::id).hasValue("t");
        assertThat(select(request("group/repo")).server()).isEmpty();
        assertThat(select(request("rhodecodex/group/repo")).best()).isEmpty();
    }

    @Test
    void theLongestServerPrefixWins() {
        servers.clear();
        ServerProfile root = ServerProfile.withDefaults(EXAMPLE, "", "alice");
        ServerProfile rc = ServerProfile.withDefaults(EXAMPLE, "rhodecode", "alice");
        servers.add(root);
        servers.add(rc);
        add(token("rootToken").server(root.baseUrl()).expires(null).build());
        add(token("rcToken").server(rc.baseUrl()).build());

        Selection s = select(request("rhodecode/group/repo"));
        assertThat(s.server()).hasValue(rc);
        assertThat(s.best()).map(Token::id).hasValue("rcToken");
        Selection other = select(request("elsewhere/repo"));
        assertThat(other.server()).hasValue(root);
        assertThat(other.best()).map(Token::id).hasValue("rootToken");
    }

    @Test
    void theLongestPrefixWinsWhicheverOrderTheProfilesAreIn() {
        servers.clear();
        ServerProfile rc = ServerProfile.withDefaults(EXAMPLE, "rhodecode", "alice");
        servers.add(rc);
        servers.add(ServerProfile.withDefaults(EXAMPLE, "", "alice"));
        assertThat(select(request("rhodecode/group/repo")).server()).hasValue(rc);
    }

    @Test
    void tokensOfAnotherServerProfileOnTheSameHostAreNotUsed() {
        add(token("rcToken").server("https://example.com/rhodecode").build());
        assertThat(bestFor(request("rhodecode/repo"))).isNull();
    }

    @Test
    void refusesPlainHttpToARemoteHost() {
        Origin http = Origin.of("http", "example.com", -1);
        servers.clear();
        servers.add(ServerProfile.withDefaults(http, "", "alice"));
        add(token("t").server("http://example.com").build());
        Selection s = select(new Request(http, "r", null));
        assertThat(s.best()).isEmpty();
        assertThat(s.refusal()).contains("plain http").contains("--allow-http").contains("http://example.com");
    }

    @Test
    void allowsPlainHttpToARemoteHostWhenTheProfileSaysSo() {
        Origin http = Origin.of("http", "example.com", -1);
        servers.clear();
        servers.add(new ServerProfile(http, "", null, "alice", null, null, null, true));
        add(token("t").server("http://example.com").build());
        Selection s = select(new Request(http, "r", null));
        assertThat(s.refusal()).isNull();
        assertThat(s.best()).map(Token::id).hasValue("t");
    }

    @Test
    void allowsPlainHttpToLoopback() {
        for (String host : List.of("127.0.0.1", "localhost", "[::1]")) {
            Origin http = Origin.of("http", host, 8080);
            servers.clear();
            tokens.clear();
            servers.add(ServerProfile.withDefaults(http, "", "alice"));
            add(token("t").server(http.url()).build());
            Selection s = select(new Request(http, "r", null));
            assertThat(s.refusal()).as(host).isNull();
            assertThat(s.best()).as(host).map(Token::id).hasValue("t");
        }
    }

    @Test
    void noProfileMeansNoToken() {
        servers.clear();
        add(token("t").build());
        Selection s = select(request("r"));
        assertThat(s.server()).isEmpty();
        assertThat(s.best()).isEmpty();
        assertThat(s.refusal()).isNull();
    }

    private void add(Token t) {
        tokens.add(t);
    }

    private Selection select(Request r) {
        return selector.select(new StoreData(servers, tokens), r);
    }

    private String bestFor(Request r) {
        return select(r).best().map(Token::id).orElse(null);
    }

    private static Request request(String path) {
        return new Request(EXAMPLE, path, null);
    }

    static TokenBuilder token(String id) {
        return new TokenBuilder(id);
    }

    /** Defaults: a server-wide VCS token of alice on https://example.com, 30 days left. */
    static final class TokenBuilder {
        private final String id;
        private String server = "https://example.com";
        private String user = "alice";
        private Role role = Role.VCS;
        private String scope;
        private Instant expires = NOW.plus(Duration.ofDays(30));
        private Instant created = NOW.minus(Duration.ofDays(1));
        private Instant rejected;

        TokenBuilder(String id) {
            this.id = id;
        }

        TokenBuilder server(String v) {
            server = v;
            return this;
        }

        TokenBuilder user(String v) {
            user = v;
            return this;
        }

        TokenBuilder role(Role v) {
            role = v;
            return this;
        }

        TokenBuilder scope(String v) {
            scope = v;
            return this;
        }

        TokenBuilder expires(Instant v) {
            expires = v;
            return this;
        }

        TokenBuilder created(Instant v) {
            created = v;
            return this;
        }

        TokenBuilder rejected(Instant v) {
            rejected = v;
            return this;
        }

        Token build() {
            return new Token(id, server, user, role, scope, expires, "", created, TokenOrigin.MANUAL, null, rejected,
                    Secret.of("secret-of-" + id));
        }
    }
}
