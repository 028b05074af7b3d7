package org.vcstoken.svn;

import java.time.Clock;
import java.util.function.Consumer;
import org.vcstoken.broker.Mirror;
import org.vcstoken.store.TokenStore;

/**
 * svn's credential cache as the broker's {@link Mirror}: an expired server-wide token leaves it at
 * the next lookup of any kind, and a change of the store rewrites it. A named class, not a lambda:
 * the credential helper's start-up pays for the first lambda of a process.
 */
public final class SvnMirror implements Mirror {
    public static final SvnMirror INSTANCE = new SvnMirror();

    private SvnMirror() {
    }

    @Override
    public void onLookup(TokenStore store, Clock clock, Consumer<String> warn) {
        SvnAuthExpiry.syncIfExpired(store, clock, warn);
    }

    @Override
    public void afterChange(TokenStore store, Clock clock, Consumer<String> warn) {
        SvnAuthSync.afterStoreChange(store, clock, warn);
    }
}
