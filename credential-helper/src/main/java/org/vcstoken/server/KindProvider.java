package org.vcstoken.server;

import java.util.Optional;
import org.vcstoken.token.Origin;

/**
 * How a server family makes itself known. Each family's package has one provider, listed in
 * {@code META-INF/services/org.vcstoken.server.KindProvider}; {@link ServerKinds#load} finds them,
 * so no code outside a family's package names the family.
 */
public interface KindProvider {
    /** The kind name profiles use, e.g. {@code gitlab}. */
    String id();

    /** Order in which detection asks the families: lower first (cheap, specific answers first). */
    int detectionOrder();

    /** The kind, built with the shared HTTP transport, clock and trace. */
    ServerKind create(KindContext context);

    /**
     * Whether the server at {@code base} is of this family, judged from answers {@code probe}
     * fetches (each fetched at most once across all families).
     *
     * @return what identified it ("GET /api/v1/version says Forgejo 11.0.1"), or empty
     */
    Optional<String> detect(ServerProbe probe, Origin origin, String prefix);
}
