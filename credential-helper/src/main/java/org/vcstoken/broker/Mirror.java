package org.vcstoken.broker;

import java.time.Clock;
import java.util.function.Consumer;
import org.vcstoken.store.TokenStore;

/**
 * A copy of stored tokens kept elsewhere (svn's credential cache) that must follow the store: told
 * at every lookup, where it checks cheaply whether something it holds has expired, and after every
 * change the broker makes. Injected, so that the broker depends on no front door.
 */
public interface Mirror {
    /** At every lookup, before the answer: cheap when nothing is due. */
    void onLookup(TokenStore store, Clock clock, Consumer<String> warn);

    /** After the broker changed the store (a confirmation, a capture, a rejection). */
    void afterChange(TokenStore store, Clock clock, Consumer<String> warn);

    /** No copy to keep. */
    Mirror NONE = new Mirror() {
        @Override
        public void onLookup(TokenStore store, Clock clock, Consumer<String> warn) {
        }

        @Override
        public void afterChange(TokenStore store, Clock clock, Consumer<String> warn) {
        }
    };
}
