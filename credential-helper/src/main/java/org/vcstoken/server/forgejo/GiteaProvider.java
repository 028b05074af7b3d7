package org.vcstoken.server.forgejo;

import java.util.Optional;
import org.vcstoken.server.KindContext;
import org.vcstoken.server.KindProvider;
import org.vcstoken.server.ServerKind;
import org.vcstoken.server.ServerProbe;
import org.vcstoken.token.Origin;

/** Makes Gitea known to {@link org.vcstoken.server.ServerKinds}. */
public final class GiteaProvider implements KindProvider {
    @Override
    public String id() {
        return Flavor.GITEA.id;
    }

    /** Right after Forgejo, which answers the same version endpoint. */
    @Override
    public int detectionOrder() {
        return 11;
    }

    @Override
    public ServerKind create(KindContext context) {
        return new ForgeKind(Flavor.GITEA, context, MachineName::local);
    }

    @Override
    public Optional<String> detect(ServerProbe probe, Origin origin, String prefix) {
        return Versions.gitea(probe);
    }
}
