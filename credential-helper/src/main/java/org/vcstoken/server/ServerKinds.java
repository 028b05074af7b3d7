package org.vcstoken.server;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.vcstoken.server.rhodecode.RhodeCodeKind;
import org.vcstoken.token.ServerProfile;

/**
 * Chooses the {@link ServerKind} for a server profile by its {@code kind} name. The profile's
 * setting is the only input: guessing a server's kind from its answers is a later feature.
 */
public final class ServerKinds {
    public static final String RHODECODE = "rhodecode";
    public static final String GENERIC = "generic";
    private static final List<String> NAMES = List.of(RHODECODE, GENERIC);

    private final HttpTransport http;
    private final Clock clock;

    /**
     * @param http  shared by every kind this registry hands out
     * @param clock used to date tokens when a server does not say when they expire
     */
    public ServerKinds(HttpTransport http, Clock clock) {
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Default time-outs (10 s connect, 20 s per request), the system clock, no trace. */
    public static ServerKinds defaults() {
        return new ServerKinds(HttpTransport.defaults(), Clock.systemUTC());
    }

    /** Shorthand for {@code defaults().kindFor(profile)}. */
    public static ServerKind forProfile(ServerProfile profile) throws ServerException {
        return defaults().kindFor(profile);
    }

    /**
     * The kind for {@code profile} with default time-outs and the caller's clock: what a process
     * running on an injected clock must use, so that what a kind dates (a token whose expiry the
     * server does not show) agrees with the clock that later judges it.
     */
    public static ServerKind forProfile(ServerProfile profile, Clock clock) throws ServerException {
        return new ServerKinds(HttpTransport.defaults(), clock).kindFor(profile);
    }

    /** The valid kind names, for messages and command-line help. */
    public static List<String> names() {
        return NAMES;
    }

    /** The kind named by {@code profile.kind()}; an unknown name is an error that lists the valid ones. */
    public ServerKind kindFor(ServerProfile profile) throws ServerException {
        String kind = profile.kind().trim().toLowerCase(Locale.ROOT);
        return switch (kind) {
            case RHODECODE -> new RhodeCodeKind(http, clock);
            case GENERIC -> new GenericKind(http);
            default -> throw new ServerException("unknown server kind '" + HttpTransport.printable(profile.kind(), 40)
                    + "' for " + profile.baseUrl() + "; valid kinds: " + String.join(", ", NAMES)
                    + ". Fix it with: vcstoken server add " + profile.baseUrl() + " --kind " + RHODECODE);
        };
    }
}
