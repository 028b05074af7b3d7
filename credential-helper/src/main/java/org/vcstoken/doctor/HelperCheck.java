package org.vcstoken.doctor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import org.vcstoken.check.Check;
import org.vcstoken.check.Finding;
import org.vcstoken.messages.DoctorMessages;
import org.vcstoken.env.Environment;
import org.vcstoken.process.Programs;

/** The helper git will run is there: VCSTOKEN_GIT_HELPER (set by the installed launcher) or the one on PATH. */
record HelperCheck(Environment env, java.nio.file.FileSystem fs, Programs programs) implements Check {
    @Override
    public String name() {
        return DoctorMessages.helperCheck();
    }

    @Override
    public void run(Consumer<Finding> report) {
        Optional<String> configured = env.get("VCSTOKEN_GIT_HELPER");
        if (configured.isPresent()) {
            boolean ok = runnable(configured.get());
            report.accept(Finding.of(ok, DoctorMessages.helperConfigured(configured.get(), ok),
                    DoctorMessages.helperConfiguredFix()));
            if (ok) {
                return;
            }
        }
        boolean onPath = programs.find("git-credential-vcstoken").isPresent();
        report.accept(Finding.of(onPath, DoctorMessages.helperOnPath(onPath), DoctorMessages.helperOnPathFix()));
    }

    /** The helper command git's configuration should name: the configured one when it runs, else {@code vcstoken}. */
    String command() {
        Optional<String> configured = env.get("VCSTOKEN_GIT_HELPER");
        return configured.isPresent() && runnable(configured.get()) ? configured.get() : "vcstoken";
    }

    private boolean runnable(String helper) {
        Path p = fs.getPath(helper);
        return p.isAbsolute() ? Files.isExecutable(p) : programs.find(helper).isPresent();
    }
}
