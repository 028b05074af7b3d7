package org.vcstoken.select;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.vcstoken.request.RepoPath;
import org.vcstoken.request.Request;
import org.vcstoken.store.StoreData;
import org.vcstoken.testing.MutableClock;
import org.vcstoken.token.Origin;
import org.vcstoken.token.Role;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;
import org.vcstoken.token.TokenOrigin;

/** For any store and any request, a chosen token belongs to exactly the request's origin and repository. */
class TokenSelectorPropertyTest {
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final List<String> HOSTS = List.of("example.com", "EXAMPLE.COM", "example.com.", "example.com.evil.org",
            "evil.org", "www.example.com", "127.0.0.1", "127.0.0.1.evil.com", "localhost", "[::1]", "bücher.example",
            "xn--bcher-kva.example", "0x7f000001", "exa mple.com", "example.com:443", "", "a..b");
    private static final List<String> PATHS = List.of("", "r", "g/r", "g/r", "g/r", "rc/g/r", "rc/g/r", "g/r.git", "/g/r/", "rc", "rc/g/r", "rc/r",
            "g", "g/r/sub", "G/R", "%2e%2e/g/r", "g/%2e%2e/r", "g//r", "rc%2Fg%2Fr", "g/r%00", "%252e", "g\\r",
            "rcx/g/r", "../rc/g/r");
    private static final List<String> SCOPES = java.util.Arrays.asList(null, null, "r", "g/r", "g/r", "g/r", "g",
            "rc/g/r", "g/r/sub", "G/R");

    @Provide
    Arbitrary<ServerProfile> profiles() {
        Arbitrary<Origin> origin = Combinators.combine(Arbitraries.of("https", "http"),
                Arbitraries.of("example.com", "example.com.evil.org", "127.0.0.1", "xn--bcher-kva.example", "[::1]"),
                Arbitraries.of(-1, 443, 80, 8443)).as(Origin::of);
        return Combinators.combine(origin, Arbitraries.of("", "rc"), Arbitraries.of(true, false))
                .as((o, prefix, allowHttp) -> new ServerProfile(o, prefix, null, "alice", null, null, null, allowHttp));
    }

    @Provide
    Arbitrary<StoreData> stores() {
        return profiles().list().ofMinSize(1).ofMaxSize(4).flatMap(servers -> {
            List<String> baseUrls = new java.util.ArrayList<>(servers.stream().map(ServerProfile::baseUrl).toList());
            baseUrls.add("https://example.com");
            baseUrls.add("https://example.com.evil.org");
            Arbitrary<Token> token = Combinators.combine(
                    Arbitraries.of(baseUrls),
                    Arbitraries.of("alice", "alice", "bob"),
                    Arbitraries.frequency(Tuple.of(6, Role.VCS), Tuple.of(2, Role.ALL), Tuple.of(1, Role.API),
                            Tuple.of(1, Role.HTTP), Tuple.of(1, Role.FEED)),
                    Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.of("g/r")), Tuple.of(3, Arbitraries.of(SCOPES))),
                    Arbitraries.longs().between(-7200, 7200 * 24).injectNull(0.2),
                    Arbitraries.of(true, false, false, false, false, false),
                    Arbitraries.integers().between(0, 1_000_000))
                    .as((server, user, role, scope, expiresIn, rejected, n) -> new Token("t" + n, server, user, role,
                            scope, expiresIn == null ? null : NOW.plusSeconds(expiresIn), "", NOW.minusSeconds(n),
                            TokenOrigin.MANUAL, null, rejected ? NOW.minusSeconds(5) : null,
                            Secret.of("secret-" + n)));
            return token.list().ofMinSize(1).ofMaxSize(12).map(tokens -> new StoreData(servers, tokens));
        });
    }

    @Provide
    Arbitrary<Optional<Request>> requests() {
        return Combinators.combine(Arbitraries.of("https", "http", "HTTP"), Arbitraries.of(HOSTS),
                Arbitraries.of(-1, 443, 80, 8443, 8080), Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of("g/r", "rc/g/r")), Tuple.of(3, Arbitraries.of(PATHS))),
                Arbitraries.of("alice", "bob", "").injectNull(0.5))
                .as((scheme, host, port, path, user) -> {
                    try {
                        return Optional.of(new Request(Origin.of(scheme, host, port), RepoPath.normalise(path), user));
                    } catch (IllegalArgumentException refused) {
                        // Hostile input the parsers refuse never reaches selection: that refusal is its own test.
                        return Optional.empty();
                    }
                });
    }

    @Property(tries = 3000)
    void aSelectedTokenHasTheExactOriginAndRepository(@ForAll("stores") StoreData data,
            @ForAll("requests") Optional<Request> maybeRequest, @ForAll boolean aimAtAProfile,
            @ForAll @IntRange(min = 0, max = 9) int which) {
        Assume.that(maybeRequest.isPresent());
        Request request = maybeRequest.get();
        if (aimAtAProfile && !data.servers().isEmpty()) {
            // Half the requests go to a configured origin, or selection would hardly ever happen.
            request = new Request(data.servers().get(which % data.servers().size()).origin(), request.path(),
                    request.username());
        }
        Selection s = new TokenSelector(new MutableClock(NOW)).select(data, request);
        Statistics.label("outcome").collect(s.best().map(t -> t.isServerWide() ? "server-wide" : "scoped").orElse("none"));
        // The property says nothing unless tokens are actually chosen, of both kinds.
        Statistics.label("outcome").coverage(c -> {
            c.check("scoped").percentage(p -> p > 1);
            c.check("server-wide").percentage(p -> p > 1);
        });

        for (Token t : s.candidates()) {
            ServerProfile profile = s.server().orElseThrow();
            assertThat(profile.origin()).isEqualTo(request.origin());
            assertThat(t.server()).isEqualTo(profile.baseUrl());
            assertThat(t.server().equals(request.origin().url()) || t.server().startsWith(request.origin().url() + "/"))
                    .as("token server %s for request %s", t.server(), request.describe()).isTrue();
            assertThat(profile.mayReceiveTokens()).isTrue();
            assertThat(t.role().opensRepositories()).isTrue();
            assertThat(t.isRejected()).isFalse();
            assertThat(t.isExpiredAt(NOW)).isFalse();
            if (t.expires() != null) {
                assertThat(t.expires()).isAfter(NOW.plus(Duration.ofSeconds(60)));
            }
            if (request.username() != null) {
                assertThat(t.username()).isEqualTo(request.username());
            }
            if (!t.isServerWide()) {
                assertThat(request.hasPath()).isTrue();
                assertThat(t.scope()).isEqualTo(profile.repoFor(request.path()));
            }
        }
        if (s.best().isPresent() && !s.best().get().isServerWide()) {
            assertThat(s.candidates()).filteredOn(Token::isServerWide)
                    .allSatisfy(w -> assertThat(s.candidates().indexOf(w)).isPositive());
        }
        if (request.origin().scheme().equals("http") && !request.origin().isLoopback()
                && s.server().map(p -> !p.allowHttp()).orElse(true)) {
            assertThat(s.candidates()).isEmpty();
        }
    }
}
