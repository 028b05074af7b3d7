package org.vcstoken.server.rhodecode;

import java.util.Locale;
import java.util.Optional;
import org.vcstoken.server.KindContext;
import org.vcstoken.server.KindProvider;
import org.vcstoken.server.ServerKind;
import org.vcstoken.server.ServerProbe;
import org.vcstoken.token.Origin;

/** Makes RhodeCode known to {@link org.vcstoken.server.ServerKinds}. */
public final class RhodeCodeProvider implements KindProvider {
    @Override
    public String id() {
        return RhodeCodeKind.ID;
    }

    /** After the forges with version endpoints: recognising RhodeCode takes reading a page. */
    @Override
    public int detectionOrder() {
        return 30;
    }

    @Override
    public ServerKind create(KindContext context) {
        return new RhodeCodeKind(context);
    }

    /**
     * RhodeCode has no unauthenticated version endpoint, and answers git requests for unknown
     * repositories with 404 before asking for credentials; its login page gives it away by its
     * static assets under {@code /_static/rhodecode/} (every page of CE 4.x and 5.x loads them).
     */
    @Override
    public Optional<String> detect(ServerProbe probe, Origin origin, String prefix) {
        return probe.get("_admin/login")
                .filter(r -> r.status() == 200)
                .filter(r -> r.text().toLowerCase(Locale.ROOT).contains("/_static/rhodecode/"))
                .map(r -> RhodeCodeMessages.detectedByLoginPage());
    }
}
