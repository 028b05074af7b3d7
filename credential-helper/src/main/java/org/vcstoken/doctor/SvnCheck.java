package org.vcstoken.doctor;

import java.io.IOException;
import java.util.function.Consumer;
import org.vcstoken.check.Check;
import org.vcstoken.check.Finding;
import org.vcstoken.messages.DoctorMessages;
import org.vcstoken.store.StoreException;
import org.vcstoken.svn.SvnAuthSync;
import org.vcstoken.token.Secret;

/** Plain svn finds each server's server-wide token where configure --svn put it. */
record SvnCheck(SvnAuthSync sync) implements Check {
    @Override
    public String name() {
        return DoctorMessages.svnCheck();
    }

    @Override
    public void run(Consumer<Finding> report) {
        if (!sync.configured()) {
            report.accept(Finding.pass(DoctorMessages.svnNotConfigured()));
            return;
        }
        try {
            for (var o : sync.inspect()) {
                report.accept(switch (o.state()) {
                    case CURRENT -> Finding.pass(DoctorMessages.svnCurrent(o.server(), o.realm(), o.tokenId()));
                    case WRITTEN -> Finding.fail(DoctorMessages.svnStale(o.server(), o.realm()),
                            DoctorMessages.configureSvn());
                    case NO_TOKEN -> Finding.fail(DoctorMessages.svnNoToken(o.server()),
                            DoctorMessages.svnNoTokenFix(o.server()));
                    case FOREIGN -> Finding.fail(DoctorMessages.svnForeign(o.server(), o.realm()),
                            DoctorMessages.svnForeignFix(o.realm()));
                });
            }
        } catch (IOException | StoreException | Secret.UnavailableException e) {
            report.accept(Finding.fail(DoctorMessages.svnUncheckable(e.getMessage()), DoctorMessages.configureSvn()));
        }
    }
}
