package org.vcstoken.server;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import org.vcstoken.messages.ServerMessages;
import org.vcstoken.token.Origin;
import org.vcstoken.token.ServerProfile;

/**
 * The registry of server families, built once per command with the shared HTTP transport, clock
 * and trace (see {@link KindContext}) and handed to whoever needs a kind: nothing looks kinds up
 * statically, so tests run the fallback and renewal with a family of their own.
 */
public final class ServerKinds {
    private final KindContext context;
    private final Map<String, KindProvider> providers = new LinkedHashMap<>();
    private final Map<String, ServerKind> made = new LinkedHashMap<>();

    /** @param providers the families, by {@link KindProvider#id()}; ids must be distinct */
    public ServerKinds(KindContext context, List<? extends KindProvider> providers) {
        this.context = Objects.requireNonNull(context, "context");
        for (KindProvider p : providers) {
            if (this.providers.putIfAbsent(p.id(), p) != null) {
                throw new IllegalArgumentException(ServerMessages.duplicateKind(p.id()));
            }
        }
    }

    /** The families that ship with vcstoken (listed in META-INF/services). */
    public static ServerKinds load(KindContext context) {
        List<KindProvider> found = new ArrayList<>();
        ServiceLoader.load(KindProvider.class, ServerKinds.class.getClassLoader()).forEach(found::add);
        return new ServerKinds(context, found);
    }

    /**
     * The families that ship with vcstoken, over HTTP with the default time-outs, tracing to
     * {@code trace}: the wiring every front door and command uses.
     */
    public static ServerKinds wired(java.time.Clock clock, org.vcstoken.trace.Trace trace) {
        return load(new KindContext(new HttpTransport(HttpTransport.DEFAULT_CONNECT_TIMEOUT,
                HttpTransport.DEFAULT_REQUEST_TIMEOUT, trace), clock, trace));
    }

    public KindContext context() {
        return context;
    }

    /** The valid kind names, in detection order, for messages and command-line help. */
    public List<String> names() {
        return providers.values().stream().sorted(Comparator.comparingInt(KindProvider::detectionOrder))
                .map(KindProvider::id).toList();
    }

    /** Whether {@code name} is a known kind. */
    public boolean knows(String name) {
        return name != null && providers.containsKey(name.trim().toLowerCase(Locale.ROOT));
    }

    /** The kind named by {@code profile.kind()}; an unknown name is an error that lists the valid ones. */
    public ServerKind kindFor(ServerProfile profile) throws ServerException {
        return kind(profile.kind(), profile.baseUrl());
    }

    /** The kind called {@code name}. */
    public ServerKind kind(String name, String forServer) throws ServerException {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        ServerKind kind = made.get(key);
        if (kind != null) {
            return kind;
        }
        KindProvider p = providers.get(key);
        if (p == null) {
            throw new ServerException(ServerMessages.unknownKind(HttpTransport.printable(String.valueOf(name), 40),
                    forServer, String.join(", ", names())));
        }
        kind = p.create(context);
        made.put(key, kind);
        return kind;
    }

    /** What {@link #detect} found. */
    public sealed interface Detected {
        /** A family recognised the server; {@code evidence} says by what. */
        record Found(String kind, String evidence) implements Detected {
        }

        /** The server answered, but like none of the families. */
        record Unrecognised() implements Detected {
        }

        /** The server could not be reached; {@code why} says what failed. */
        record Unreachable(String why) implements Detected {
        }
    }

    /**
     * Asks the server at {@code origin}/{@code prefix} unauthenticated questions (version
     * endpoints, the realm of a git 401) and returns the first family, in detection order, that
     * recognises it. Nothing is sent with credentials.
     */
    public Detected detect(Origin origin, String prefix) {
        return detect(context.http(), origin, prefix);
    }

    /** {@link #detect(Origin, String)} over {@code http} (e.g. with shorter time-outs). */
    public Detected detect(HttpTransport http, Origin origin, String prefix) {
        ServerProbe probe = new ServerProbe(http, origin, prefix);
        List<KindProvider> ordered = providers.values().stream()
                .sorted(Comparator.comparingInt(KindProvider::detectionOrder)).toList();
        for (KindProvider p : ordered) {
            Optional<String> evidence = p.detect(probe, origin, prefix);
            if (evidence.isPresent()) {
                return new Detected.Found(p.id(), evidence.get());
            }
            Optional<ServerException> down = probe.unreachable();
            if (down.isPresent()) {
                return new Detected.Unreachable(down.get().getMessage());
            }
        }
        Optional<ServerException> down = probe.unreachable();
        return down.<Detected>map(e -> new Detected.Unreachable(e.getMessage())).orElseGet(Detected.Unrecognised::new);
    }
}
