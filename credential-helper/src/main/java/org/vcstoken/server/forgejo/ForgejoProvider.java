package org.vcstoken.server.forgejo;

import java.util.Optional;
import org.vcstoken.server.KindContext;
import org.vcstoken.server.KindProvider;
import org.vcstoken.server.ServerKind;
import org.vcstoken.server.ServerProbe;
import org.vcstoken.token.Origin;

/** Makes Forgejo known to {@link org.vcstoken.server.ServerKinds}. */
public final class ForgejoProvider implements KindProvider {
    @Override
    public String id() {
        return Flavor.FORGEJO.id;
    }

    /** First: one cheap JSON answer decides, and Forgejo must be told apart before Gitea. */
    @Override
    public int detectionOrder() {
        return 10;
    }

    @Override
    public ServerKind create(KindContext context) {
        return new ForgeKind(Flavor.FORGEJO, context, MachineName::local);
    }

    @Override
    public Optional<String> detect(ServerProbe probe, Origin origin, String prefix) {
        return Versions.forgejo(probe);
    }
}
