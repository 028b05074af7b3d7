package org.vcstoken.renew;

import java.net.URI;

/** Opens a page for the person; false when no browser could be started (the URL is then printed). */
@FunctionalInterface
public interface Browser {
    boolean open(URI page);
}
