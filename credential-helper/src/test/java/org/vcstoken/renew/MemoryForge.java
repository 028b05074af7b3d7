package org.vcstoken.renew;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.vcstoken.server.AccountSession;
import org.vcstoken.server.ApiCreation;
import org.vcstoken.server.ApiOutcome;
import org.vcstoken.server.CreatedToken;
import org.vcstoken.server.GuidedPage;
import org.vcstoken.server.KindRules;
import org.vcstoken.server.OneTimeCodes;
import org.vcstoken.server.PasswordCreation;
import org.vcstoken.server.ProbeResult;
import org.vcstoken.server.RemoteToken;
import org.vcstoken.server.Revocation;
import org.vcstoken.server.Rotation;
import org.vcstoken.server.RotationRefused;
import org.vcstoken.server.ServerException;
import org.vcstoken.server.ServerKind;
import org.vcstoken.server.TokenFacts;
import org.vcstoken.server.TokenInspection;
import org.vcstoken.server.TokenListing;
import org.vcstoken.server.TokenSpec;
import org.vcstoken.server.VcsType;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;

/**
 * A forge that lives in the test's memory: the renewal package's logic is tested against it with
 * a fixed clock, beside the end-to-end tests against the sandbox. Each capability can be switched
 * off, and each can be told to refuse or to fail without an answer, so every path is reachable.
 */
final class MemoryForge implements ServerKind {
    /** A token the forge knows. */
    static final class Live {
        final String id;
        final String secret;
        final String repo;
        Instant expires;
        boolean revoked;
        final boolean api;

        Live(String id, String secret, String repo, Instant expires, boolean api) {
            this.id = id;
            this.secret = secret;
            this.repo = repo;
            this.expires = expires;
            this.api = api;
        }
    }

    final Map<String, Live> tokens = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();
    private final Clock clock;
    private int next = 1;

    KindRules rules = new KindRules(Duration.ofDays(30), null, null, false, false, true, "Memory");
    boolean password = true;
    boolean api = true;
    boolean rotation = true;
    boolean revocation = true;
    boolean inspection = true;
    boolean repoScope = true;
    /** What the API creation path answers instead of creating, or null to create. */
    String apiUnavailable;
    /** A rotation is refused with this message (the old token stays valid). */
    String rotateRefused;
    /** A rotation happens on the server, but the answer never arrives. */
    boolean rotateLosesAnswer;
    /** Deleting tokens fails with this message. */
    String deleteFails;
    /** Probes of created tokens answer this. */
    ProbeResult probeAnswer = ProbeResult.ACCEPTED;
    /** Created tokens carry no expiry (as Forgejo's and Gitea's). */
    boolean keepsTokensForever;

    MemoryForge(Clock clock) {
        this.clock = clock;
    }

    /** Adds a token the forge knows, as if created earlier. */
    Live seed(String secret, String repo, Instant expires, boolean apiToken) {
        Live l = new Live(Integer.toString(next++), secret, repo, expires, apiToken);
        tokens.put(l.id, l);
        return l;
    }

    long activeCount() {
        Instant now = clock.instant();
        return tokens.values().stream().filter(l -> !l.revoked && (l.expires == null || l.expires.isAfter(now))).count();
    }

    Optional<Live> bySecret(String secret) {
        return tokens.values().stream().filter(l -> l.secret.equals(secret)).findFirst();
    }

    private CreatedToken mint(TokenSpec spec, boolean apiToken) {
        String secret = "mem" + "x".repeat(30) + String.format("%07d", next);
        Instant expires = keepsTokensForever || spec.lifetime() == null ? null : clock.instant().plus(spec.lifetime());
        Live l = new Live(Integer.toString(next++), secret, repoScope ? spec.repo() : null, expires, apiToken);
        tokens.put(l.id, l);
        return new CreatedToken(Secret.of(secret), expires, l.id, l.repo);
    }

    @Override
    public String id() {
        return "memory";
    }

    @Override
    public KindRules rules() {
        return rules;
    }

    @Override
    public ProbeResult probe(ServerProfile profile, String repo, VcsType vcs, String username, Secret token) {
        calls.add("probe " + repo);
        Optional<Live> l = bySecret(token.reveal());
        if (l.isEmpty() || l.get().revoked || (l.get().expires != null && !l.get().expires.isAfter(clock.instant()))) {
            return ProbeResult.REJECTED;
        }
        return probeAnswer;
    }

    @Override
    public GuidedPage tokenPage(ServerProfile profile, TokenSpec spec) {
        return new GuidedPage(URI.create(profile.baseUrl() + "/tokens"), "create a token with read and write access");
    }

    @Override
    public Optional<PasswordCreation> passwordCreation() {
        return password ? Optional.of(this::login) : Optional.empty();
    }

    private AccountSession login(ServerProfile profile, String username, char[] pw, OneTimeCodes codes)
            throws ServerException {
        calls.add("login " + username);
        if (!new String(pw).equals("right")) {
            throw new ServerException("wrong password");
        }
        return new AccountSession() {
            @Override
            public boolean supportsRepoScope() {
                return repoScope;
            }

            @Override
            public CreatedToken create(TokenSpec spec) {
                calls.add("create " + spec.repo());
                return mint(spec, false);
            }

            @Override
            public void delete(String serverId) throws ServerException {
                calls.add("delete " + serverId);
                if (deleteFails != null) {
                    throw new ServerException(deleteFails);
                }
                if (tokens.remove(serverId) == null) {
                    throw new ServerException("no such token " + serverId);
                }
            }

            @Override
            public Optional<String> findId(Secret token) {
                return bySecret(token.reveal()).map(l -> l.id);
            }

            @Override
            public void close() {
                calls.add("logout");
            }
        };
    }

    @Override
    public Optional<ApiCreation> apiCreation() {
        return api ? Optional.of((profile, username, apiToken, spec) -> {
            calls.add("api-create " + spec.repo());
            Optional<Live> key = bySecret(apiToken.reveal());
            if (key.isEmpty() || !key.get().api || key.get().revoked) {
                throw new ServerException("the API token is not valid");
            }
            if (apiUnavailable != null) {
                return new ApiOutcome.Unavailable(apiUnavailable);
            }
            return new ApiOutcome.Created(mint(spec, false));
        }) : Optional.empty();
    }

    @Override
    public Optional<TokenInspection> inspection() {
        if (!inspection) {
            return Optional.empty();
        }
        return Optional.of(new TokenInspection() {
            @Override
            public boolean canInspect(Token token) {
                return true;
            }

            @Override
            public TokenFacts inspect(ServerProfile profile, String username, Secret token) {
                Optional<Live> l = bySecret(token.reveal());
                boolean active = l.isPresent() && !l.get().revoked
                        && (l.get().expires == null || l.get().expires.isAfter(clock.instant()));
                return new TokenFacts(active, true, l.map(x -> x.expires).orElse(null), Set.of(), l.map(x -> x.id)
                        .orElse(null), username, l.isPresent() && l.get().api);
            }
        });
    }

    @Override
    public Optional<Rotation> rotation() {
        return rotation ? Optional.of(new Rotation() {
            @Override
            public boolean canRotate(Token token, Token apiToken) {
                return true;
            }

            @Override
            public CreatedToken rotate(ServerProfile profile, Token token, Secret apiToken, Instant expires)
                    throws ServerException {
                calls.add("rotate " + token.id());
                if (rotateRefused != null) {
                    throw new RotationRefused(rotateRefused);
                }
                Live old = bySecret(token.secret().reveal()).orElseThrow(() -> new RotationRefused("unknown token"));
                if (old.revoked) {
                    // GitLab revokes the whole family when a revoked token is rotated again.
                    tokens.values().forEach(l -> l.revoked = true);
                    throw new RotationRefused("token already revoked; every token of its family is revoked now");
                }
                old.revoked = true;
                Live made = new Live(Integer.toString(next++), "rot" + "y".repeat(30) + String.format("%07d", next),
                        old.repo, expires, old.api);
                tokens.put(made.id, made);
                if (rotateLosesAnswer) {
                    throw new ServerException("no answer from the server within 20 s");
                }
                return new CreatedToken(Secret.of(made.secret), expires, made.id, made.repo);
            }
        }) : Optional.empty();
    }

    @Override
    public Optional<Revocation> revocation() {
        return revocation ? Optional.of((profile, token, apiToken) -> {
            calls.add("revoke " + token.serverId());
            if (deleteFails != null) {
                throw new ServerException(deleteFails);
            }
            Live l = tokens.get(token.serverId());
            if (l == null) {
                throw new ServerException("no such token");
            }
            l.revoked = true;
        }) : Optional.empty();
    }

    @Override
    public Optional<TokenListing> listing() {
        return Optional.of((profile, username, apiToken) -> tokens.values().stream()
                .map(l -> new RemoteToken(l.id, null, !l.revoked, l.expires)).toList());
    }
}
