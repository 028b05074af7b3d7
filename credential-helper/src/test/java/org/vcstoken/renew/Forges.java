package org.vcstoken.renew;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.vcstoken.env.StatePaths;
import org.vcstoken.prompt.PromptException;
import org.vcstoken.prompt.Prompter;
import org.vcstoken.server.HttpTransport;
import org.vcstoken.server.KindContext;
import org.vcstoken.server.KindProvider;
import org.vcstoken.server.ServerKind;
import org.vcstoken.server.ServerKinds;
import org.vcstoken.server.ServerProbe;
import org.vcstoken.store.StoreException;
import org.vcstoken.store.TokenStore;
import org.vcstoken.testing.MutableClock;
import org.vcstoken.token.Origin;
import org.vcstoken.token.Role;
import org.vcstoken.token.ScopePolicy;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;
import org.vcstoken.token.TokenIds;
import org.vcstoken.token.TokenOrigin;
import org.vcstoken.token.TokenState;
import org.vcstoken.trace.Trace;

/** The renewal package wired around a {@link MemoryForge}, a real store in a temporary directory and a fixed clock. */
final class Forges {
    /** The forge stands in for a family the store knows by name ("generic"); the registry gives it this kind. */
    static final ServerProfile PROFILE = new ServerProfile(Origin.of("https", "forge.example", -1), "", "generic",
            "alice", ScopePolicy.REPO, Duration.ofDays(30), null, false);

    final MutableClock clock = MutableClock.at("2026-12-01T10:00:00Z");
    final MemoryForge forge = new MemoryForge(clock);
    final StatePaths paths;
    final TokenStore store;
    final List<String> notes = new ArrayList<>();
    final ServerKinds kinds;
    final TokenCreation creation;

    Forges(Path dir) throws StoreException {
        paths = new StatePaths(dir.resolve("data"), dir.resolve("config"));
        store = new TokenStore(paths, Duration.ofSeconds(5), notes::add);
        KindProvider provider = new KindProvider() {
            @Override
            public String id() {
                return "generic";
            }

            @Override
            public int detectionOrder() {
                return 1;
            }

            @Override
            public ServerKind create(KindContext context) {
                return forge;
            }

            @Override
            public Optional<String> detect(ServerProbe probe, Origin origin, String prefix) {
                return Optional.empty();
            }
        };
        kinds = new ServerKinds(new KindContext(HttpTransport.defaults(), clock, Trace.off()), List.of(provider));
        creation = new TokenCreation(store, kinds, clock, Trace.off(), page -> false, new TokenIds(), notes::add);
        store.update(d -> d.withServer(PROFILE));
    }

    Fallback fallback(Fallback.Decider decider) {
        return new Fallback(store, paths, clock, Trace.off(), notes::add, decider, creation);
    }

    Renewal renewal() {
        return new Renewal(store, kinds, paths, clock, Trace.off(), notes::add);
    }

    /** Stores a token the forge also knows. */
    Token stored(String id, Role role, String repo, Instant expires, boolean api) throws StoreException {
        String secret = (api ? "api" : "vcs") + id + "z".repeat(36);
        MemoryForge.Live live = forge.seed(secret, repo, expires, api);
        Token t = new Token(id, PROFILE.baseUrl(), "alice", role, repo, expires, "", clock.instant().minus(Duration.ofDays(29)),
                TokenOrigin.CREATED, null, null, Secret.of(secret), live.id, TokenState.NONE);
        store.update(d -> d.withToken(t));
        return t;
    }

    Token read(String id) throws StoreException {
        return store.read().token(id).orElseThrow(() -> new AssertionError("no token " + id + " in the store"));
    }

    /** A person at a terminal who answers from a script and remembers what they were told. */
    static final class ScriptedPrompter implements Prompter {
        final Deque<String> answers = new ArrayDeque<>();
        final List<String> told = new ArrayList<>();
        final List<String> asked = new ArrayList<>();

        ScriptedPrompter(String... answers) {
            this.answers.addAll(List.of(answers));
        }

        @Override
        public String ask(String question) throws PromptException {
            asked.add(question);
            if (answers.isEmpty()) {
                throw new PromptException("no answer scripted for: " + question);
            }
            return answers.pop();
        }

        @Override
        public char[] askSecret(String question) throws PromptException {
            return ask(question).toCharArray();
        }

        @Override
        public void tell(String message) {
            told.add(message);
        }

        @Override
        public String channel() {
            return "script";
        }
    }
}
