package org.vcstoken.doctor;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.vcstoken.check.Check;
import org.vcstoken.check.Finding;
import org.vcstoken.messages.DoctorMessages;
import org.vcstoken.token.ServerProfile;

/** git tells the helper which repository it wants ({@code credential.useHttpPath}; the last setting wins). */
record UseHttpPathCheck(ServerProfile server, GitCredentialConfig config) implements Check {
    @Override
    public String name() {
        return DoctorMessages.useHttpPathCheck();
    }

    @Override
    public void run(Consumer<Finding> report) {
        GitCredentialConfig.Read read = config.read();
        if (read.error() != null) {
            return; // the helper order check said why git could not be asked
        }
        List<GitCredentialConfig.Entry> settings = read.matching(server, "usehttppath");
        String last = settings.isEmpty() ? null : settings.get(settings.size() - 1).value();
        boolean on = last != null && Set.of("true", "yes", "on", "1").contains(last.toLowerCase(Locale.ROOT));
        report.accept(Finding.of(on, DoctorMessages.useHttpPath(server.baseUrl(), on),
                DoctorMessages.useHttpPathFix(server.baseUrl())));
    }
}
