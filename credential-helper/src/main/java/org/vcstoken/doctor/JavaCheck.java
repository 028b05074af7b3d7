package org.vcstoken.doctor;

import java.util.function.Consumer;
import org.vcstoken.check.Check;
import org.vcstoken.check.Finding;
import org.vcstoken.messages.DoctorMessages;

/** The Java vcstoken runs on is 17 or newer. */
record JavaCheck(Runtime.Version version) implements Check {
    @Override
    public String name() {
        return DoctorMessages.javaCheck();
    }

    @Override
    public void run(Consumer<Finding> report) {
        report.accept(Finding.of(version.feature() >= 17, DoctorMessages.javaVersion(version.feature()),
                DoctorMessages.javaFix()));
    }
}
