package org.vcstoken.server.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.broker.Answer;
import org.vcstoken.env.StatePaths;
import org.vcstoken.prompt.Interaction;
import org.vcstoken.renew.Fallback;
import org.vcstoken.renew.Outcome;
import org.vcstoken.renew.Renewal;
import org.vcstoken.renew.TokenCreation;
import org.vcstoken.request.Request;
import org.vcstoken.sandbox.gitlab.IssuedGitLabToken;
import org.vcstoken.sandbox.gitlab.TokenView;
import org.vcstoken.server.VcsType;
import org.vcstoken.store.TokenStore;
import org.vcstoken.token.Origin;
import org.vcstoken.token.Role;
import org.vcstoken.token.ScopePolicy;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;
import org.vcstoken.token.TokenIds;
import org.vcstoken.token.TokenOrigin;
import org.vcstoken.token.TokenState;

/**
 * Renewal of GitLab tokens through the seam (the fallback, {@code Renewal}, {@code TokenCreation})
 * with a real store, when the answer to a rotate request is lost: GitLab rotated the token, so
 * rotating the old one again would make GitLab revoke the whole family, the new token included.
 */
class GitLabRenewalTest {
    @TempDir
    Path dir;
    GitLabFixture f;
    LosingProxy proxy;
    TokenStore store;
    StatePaths paths;
    ServerProfile profile;
    final List<String> notes = new ArrayList<>();
    IssuedGitLabToken api;

    @BeforeEach
    void setUp() throws Exception {
        f = new GitLabFixture(dir, "17.9");
        proxy = new LosingProxy(f.gl.url());
        profile = new ServerProfile(Origin.of("http", "127.0.0.1", proxy.port()), "", "gitlab", "alice",
                ScopePolicy.REPO, Duration.ofDays(30), null, false);
        paths = new StatePaths(dir.resolve("data"), dir.resolve("config"));
        store = new TokenStore(paths, Duration.ofSeconds(5), notes::add);
        api = f.gl.addPersonalToken("alice", "vcstoken API", List.of("api"), f.gl.today().plusDays(90));
        Token apiToken = new Token("k1", profile.baseUrl(), "alice", Role.API, null,
                f.gl.today().plusDays(90).atStartOfDay(java.time.ZoneOffset.UTC).toInstant(), "", f.clock.instant(),
                TokenOrigin.MANUAL, null, null, Secret.of(api.token()), "personal/" + api.id(), TokenState.NONE);
        store.update(d -> d.withServer(profile).withToken(apiToken));
    }

    @AfterEach
    void tearDown() throws Exception {
        proxy.close();
        f.close();
    }

    private TokenCreation creation() {
        return new TokenCreation(store, f.kinds, f.clock, f.trace, page -> false, new TokenIds(), notes::add);
    }

    private Request request() {
        return new Request(profile.origin(), "alice/app", null);
    }

    /** The first use: the fallback creates alice/app's project token with the API token, nobody asked. */
    private Token firstUse() throws Exception {
        Fallback fallback = new Fallback(store, paths, f.clock, f.trace, notes::add,
                nonInteractive -> new Interaction.Decision.NonInteractive("CI=true"), creation());
        Outcome out = fallback.run(request(), VcsType.GIT, true);
        assertThat(out).as(notes.toString()).isInstanceOf(Outcome.Created.class);
        Answer a = ((Outcome.Created) out).answer();
        return store.read().token(a.tokenId()).orElseThrow();
    }

    private Answer due(Token t) {
        return new Answer(t.username(), t.secret(), t.expires(), t.id(), true);
    }

    @Test
    void aProjectTokenInsideItsWindowIsRotatedAndTheAnswerCarriesTheNewOne() throws Exception {
        Token first = firstUse();
        f.clock.advance(Duration.ofDays(28));

        Answer renewed = new Renewal(store, f.kinds, paths, f.clock, f.trace, notes::add).renewOrWarn(request(),
                due(first));

        assertThat(renewed.secret().reveal()).isNotEqualTo(first.secret().reveal());
        Token stored = store.read().token(first.id()).orElseThrow();
        assertThat(stored.secret().reveal()).isEqualTo(renewed.secret().reveal());
        assertThat(stored.expires()).isEqualTo(f.gl.today().plusDays(30).atStartOfDay(java.time.ZoneOffset.UTC)
                .toInstant());
        List<TokenView> tokens = f.gl.projectTokens("alice/app");
        assertThat(tokens).hasSize(2);
        assertThat(tokens.get(0).revoked()).isTrue();
        assertThat(tokens.get(1).active()).isTrue();
        assertThat(stored.serverId()).endsWith("/" + tokens.get(1).id());
        assertThat(notes).anyMatch(n -> n.contains("renewed token " + first.id()));
    }

    @Test
    void aLostRotationAnswerNeverLeadsToASecondRotationOfTheSameToken() throws Exception {
        Token first = firstUse();
        f.clock.advance(Duration.ofDays(28));
        proxy.startLosing();
        Renewal renewal = new Renewal(store, f.kinds, paths, f.clock, f.trace, notes::add);

        Answer once = renewal.renewOrWarn(request(), due(first));
        Answer twice = renewal.renewOrWarn(request(), due(first));

        assertThat(proxy.rotations.get()).as("one rotate request, ever").isEqualTo(1);
        assertThat(once.secret().reveal()).isEqualTo(first.secret().reveal());
        assertThat(twice.secret().reveal()).isEqualTo(first.secret().reveal());
        assertThat(store.read().token(first.id()).orElseThrow().state().rotationStarted()).isNotNull();
        assertThat(notes).anyMatch(n -> n.contains("not rotated again"));
        // GitLab did rotate: the new token lives, its family was not revoked by a second attempt.
        List<TokenView> tokens = f.gl.projectTokens("alice/app");
        assertThat(tokens).hasSize(2);
        assertThat(tokens.get(1).active()).isTrue();
    }

    @Test
    void aLostAnswerToTheApiTokensSelfRotationNeverRevokesItsFamily() throws Exception {
        f.clock.advance(Duration.ofDays(88));
        proxy.startLosing();
        TokenCreation creation = creation();
        Token k1 = store.read().token("k1").orElseThrow();

        Optional<Token> once = creation.rotate(profile, k1);
        Optional<Token> twice = creation.rotate(profile, store.read().token("k1").orElseThrow());

        assertThat(once).isEmpty();
        assertThat(twice).isEmpty();
        assertThat(proxy.rotations.get()).isEqualTo(1);
        List<TokenView> tokens = f.gl.personalTokens("alice");
        assertThat(tokens).hasSize(2);
        assertThat(tokens.get(0).revoked()).isTrue();
        assertThat(tokens.get(1).previousId()).isEqualTo(api.id());
        assertThat(tokens.get(1).active()).as("the successor GitLab made is not revoked").isTrue();
    }
}
