package org.vcstoken.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.vcstoken.token.Origin;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;

/** Everything in the store: server profiles and tokens. Immutable; changes make a new value. */
public record StoreData(List<ServerProfile> servers, List<Token> tokens) {

    public static final StoreData EMPTY = new StoreData(List.of(), List.of());

    public StoreData {
        servers = List.copyOf(servers);
        tokens = List.copyOf(tokens);
    }

    public Optional<ServerProfile> server(String baseUrl) {
        return servers.stream().filter(s -> s.baseUrl().equals(baseUrl)).findFirst();
    }

    /**
     * The profile whose origin matches exactly and whose prefix is the longest one that contains
     * {@code path}: a server mounted at /code must not be confused with one at the root.
     */
    public Optional<ServerProfile> serverFor(Origin origin, String path) {
        if (path.isEmpty()) {
            // No path (git without credential.useHttpPath): the profile at the host's root, else the
            // host's only profile, whatever its prefix. With several prefixed profiles (two
            // RhodeCodes under one host) none is guessed: a token must not go to the other one.
            ServerProfile root = null;
            ServerProfile only = null;
            int count = 0;
            for (ServerProfile s : servers) {
                if (s.origin().equals(origin)) {
                    count++;
                    only = s;
                    if (s.prefix().isEmpty()) {
                        root = s;
                    }
                }
            }
            return Optional.ofNullable(root != null ? root : count == 1 ? only : null);
        }
        ServerProfile best = null;
        for (ServerProfile s : servers) {
            if (s.origin().equals(origin) && s.repoFor(path) != null
                    && (best == null || s.prefix().length() > best.prefix().length())) {
                best = s;
            }
        }
        return Optional.ofNullable(best);
    }

    public Optional<Token> token(String id) {
        return tokens.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    public StoreData withServer(ServerProfile profile) {
        List<ServerProfile> next = new ArrayList<>();
        boolean replaced = false;
        for (ServerProfile s : servers) {
            if (s.baseUrl().equals(profile.baseUrl())) {
                next.add(profile);
                replaced = true;
            } else {
                next.add(s);
            }
        }
        if (!replaced) {
            next.add(profile);
        }
        return new StoreData(next, tokens);
    }

    /** Drops a server and every token that belongs to it. */
    public StoreData withoutServer(String baseUrl) {
        return new StoreData(
                servers.stream().filter(s -> !s.baseUrl().equals(baseUrl)).toList(),
                tokens.stream().filter(t -> !t.server().equals(baseUrl)).toList());
    }

    public StoreData withToken(Token token) {
        List<Token> next = new ArrayList<>(tokens.size() + 1);
        boolean replaced = false;
        for (Token t : tokens) {
            if (t.id().equals(token.id())) {
                next.add(token);
                replaced = true;
            } else {
                next.add(t);
            }
        }
        if (!replaced) {
            next.add(token);
        }
        return new StoreData(servers, next);
    }

    public StoreData withoutToken(String id) {
        return new StoreData(servers, tokens.stream().filter(t -> !t.id().equals(id)).toList());
    }

    /** Applies {@code change} to the token with this id, if there is one. */
    public StoreData mapToken(String id, UnaryOperator<Token> change) {
        return new StoreData(servers, tokens.stream().map(t -> t.id().equals(id) ? change.apply(t) : t).toList());
    }
}
