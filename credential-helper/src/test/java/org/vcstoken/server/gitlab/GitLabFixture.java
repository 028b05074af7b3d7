package org.vcstoken.server.gitlab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.vcstoken.sandbox.gitlab.GitLabOptions;
import org.vcstoken.sandbox.gitlab.GitLabSandbox;
import org.vcstoken.sandbox.gitlab.IssuedGitLabToken;
import org.vcstoken.server.HttpTransport;
import org.vcstoken.server.KindContext;
import org.vcstoken.server.ServerKinds;
import org.vcstoken.testing.MutableClock;
import org.vcstoken.token.Origin;
import org.vcstoken.token.Role;
import org.vcstoken.token.ScopePolicy;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;
import org.vcstoken.token.TokenOrigin;
import org.vcstoken.trace.Trace;

/**
 * The GitLab sandbox in-process, sharing one test clock with vcstoken's side (so dates agree
 * and moving the clock moves both), with alice (Owner of alice/app) and bob (Developer there),
 * and the GitLab kind built through the shipped registry.
 */
final class GitLabFixture implements AutoCloseable {
    static final Instant START = Instant.parse("2026-03-10T12:00:00Z");

    final MutableClock clock = new MutableClock(START);
    final GitLabSandbox gl;
    final ByteArrayOutputStream traced = new ByteArrayOutputStream();
    final Trace trace = Trace.to(new PrintStream(traced, true, StandardCharsets.UTF_8), clock);
    final ServerKinds kinds;
    final GitLabKind kind;

    GitLabFixture(Path dir, String version) throws Exception {
        gl = GitLabSandbox.start(GitLabOptions.defaults(dir.resolve("gitlab")).withVersion(version).withClock(clock),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        gl.createUser("alice", "alice-password-1");
        gl.createUser("bob", "bob-password-22");
        gl.createUser("carol", "carol-password-3");
        gl.createProject("alice/app", "git", "alice", "private");
        gl.addMember("alice/app", "bob", 30);
        kinds = ServerKinds.load(new KindContext(new HttpTransport(Duration.ofSeconds(5), Duration.ofSeconds(20),
                trace), clock, trace));
        kind = (GitLabKind) kinds.kind("gitlab", gl.url().toString());
    }

    ServerProfile profile(String user) {
        return new ServerProfile(Origin.of("http", gl.url().getHost(), gl.url().getPort()), "", "gitlab", user,
                ScopePolicy.REPO, Duration.ofDays(30), null, false);
    }

    /** A personal token of {@code user} with {@code scopes}, expiring in 60 days. */
    IssuedGitLabToken personal(String user, String... scopes) {
        return gl.addPersonalToken(user, "test " + String.join(",", scopes), List.of(scopes), gl.today().plusDays(60));
    }

    static Token stored(String id, String user, Role role, String scope, Secret secret, String serverId,
            Instant expires) {
        return new Token(id, "unused", user, role, scope, expires, "", START, TokenOrigin.CREATED, null, null, secret,
                serverId);
    }

    String trace() {
        return traced.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        gl.close();
    }
}
