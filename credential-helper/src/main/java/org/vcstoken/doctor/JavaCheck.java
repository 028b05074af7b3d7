package org.vcstoken.doctor;

import java.util.function.Consumer;
import org.vcstoken.check.Check;
import org.vcstoken.check.Finding;

/** The Java vcstoken runs on is 17 or newer. */
record JavaCheck(Runtime.Version version) implements Check {
    @Override
    public String name() {
        return "java";
    }

    @Override
    public void run(Consumer<Finding> report) {
        report.accept(Finding.of(version.feature() >= 17, "java: " + version.feature() + " (vcstoken needs 17 or newer)",
                "install JDK 17+, then reinstall with: install/install.sh --java /path/to/java"));
    }
}
