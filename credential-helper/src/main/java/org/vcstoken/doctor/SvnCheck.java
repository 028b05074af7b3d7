package org.vcstoken.doctor;

import java.io.IOException;
import java.util.function.Consumer;
import org.vcstoken.check.Check;
import org.vcstoken.check.Finding;
import org.vcstoken.store.StoreException;
import org.vcstoken.svn.SvnAuthSync;
import org.vcstoken.token.Secret;

/** Plain svn finds each server's server-wide token where configure --svn put it. */
record SvnCheck(SvnAuthSync sync) implements Check {
    @Override
    public String name() {
        return "svn";
    }

    @Override
    public void run(Consumer<Finding> report) {
        if (!sync.configured()) {
            report.accept(Finding.pass("svn: installed, not configured (server-wide tokens for plain svn: vcstoken configure --svn;"
                    + " repository tokens: vcstoken svn ARGS)"));
            return;
        }
        try {
            for (var o : sync.inspect()) {
                report.accept(switch (o.state()) {
                    case CURRENT -> Finding.pass("svn: " + o.server() + " realm '" + o.realm() + "': the cache entry holds token "
                            + o.tokenId());
                    case WRITTEN -> Finding.fail("svn: " + o.server() + " realm '" + o.realm()
                            + "': the cache entry is missing or holds an old token", "vcstoken configure --svn");
                    case NO_TOKEN -> Finding.fail("svn: " + o.server() + ": no usable server-wide token, so plain svn will "
                            + "prompt", "store one (vcstoken token add " + o.server() + " --user NAME) or use: vcstoken svn ARGS");
                    case FOREIGN -> Finding.fail("svn: " + o.server() + " realm '" + o.realm()
                            + "': svn uses its own cached password there, not vcstoken's token",
                            "svn auth --remove '" + o.realm() + "' && vcstoken configure --svn");
                });
            }
        } catch (IOException | StoreException | Secret.UnavailableException e) {
            report.accept(Finding.fail("svn: cannot check the cache entries: " + e.getMessage(), "vcstoken configure --svn"));
        }
    }
}
