package org.vcstoken.doctor;

import java.time.Duration;
import java.util.function.Consumer;
import org.vcstoken.check.Check;
import org.vcstoken.check.Finding;
import org.vcstoken.messages.DoctorMessages;
import org.vcstoken.process.ProcessException;
import org.vcstoken.process.Programs;
import org.vcstoken.process.Result;

/** Mercurial loads the vcstoken extension. */
record HgCheck(Programs programs) implements Check {
    @Override
    public String name() {
        return DoctorMessages.hgCheck();
    }

    @Override
    public void run(Consumer<Finding> report) {
        try {
            Result r = programs.command("hg", "config", "extensions.vcstoken").timeout(Duration.ofSeconds(20)).run();
            boolean ok = r.exit() == 0 && !r.out().isBlank() && !r.out().strip().startsWith("!");
            report.accept(Finding.of(ok, DoctorMessages.hgExtension(ok, r.out().strip()), DoctorMessages.hgExtensionFix()));
        } catch (ProcessException e) {
            report.accept(Finding.fail(DoctorMessages.hgFailed(e.getMessage()), DoctorMessages.hgFailedFix()));
        }
    }
}
