package org.vcstoken.doctor;

import java.time.Duration;
import java.util.function.Consumer;
import org.vcstoken.check.Check;
import org.vcstoken.check.Finding;
import org.vcstoken.process.ProcessException;
import org.vcstoken.process.Programs;
import org.vcstoken.process.Result;

/** Mercurial loads the vcstoken extension. */
record HgCheck(Programs programs) implements Check {
    @Override
    public String name() {
        return "hg";
    }

    @Override
    public void run(Consumer<Finding> report) {
        try {
            Result r = programs.command("hg", "config", "extensions.vcstoken").timeout(Duration.ofSeconds(20)).run();
            boolean ok = r.exit() == 0 && !r.out().isBlank() && !r.out().strip().startsWith("!");
            report.accept(Finding.of(ok, "hg: extension vcstoken " + (ok ? "enabled (" + r.out().strip() + ")" : "not enabled"),
                    "vcstoken configure --hg"));
        } catch (ProcessException e) {
            report.accept(Finding.fail("hg: " + e.getMessage(), "check that hg runs"));
        }
    }
}
