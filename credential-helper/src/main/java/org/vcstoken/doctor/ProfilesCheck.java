package org.vcstoken.doctor;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.vcstoken.check.Check;
import org.vcstoken.check.Finding;
import org.vcstoken.messages.DoctorMessages;
import org.vcstoken.request.ParsedUrl;
import org.vcstoken.store.StoreData;
import org.vcstoken.token.ServerProfile;

/**
 * There is a server to check: the profile of the URL named on the command line, or at least one.
 *
 * @param target the URL named, or null for every server
 * @param url    that URL as it was typed
 */
record ProfilesCheck(StoreData data, ParsedUrl target, String url) implements Check {
    @Override
    public String name() {
        return DoctorMessages.serversCheck();
    }

    /** The servers doctor checks: the URL's, or every one. */
    List<ServerProfile> servers() {
        return target == null ? data.servers() : profile().map(List::of).orElse(List.of());
    }

    private Optional<ServerProfile> profile() {
        return data.serverFor(target.origin(), target.path());
    }

    @Override
    public void run(Consumer<Finding> report) {
        if (target != null) {
            Optional<ServerProfile> s = profile();
            report.accept(Finding.of(s.isPresent(), DoctorMessages.profileFor(url, s.map(ServerProfile::baseUrl).orElse(null)),
                    DoctorMessages.profileForFix(target.origin().url())));
            return;
        }
        report.accept(Finding.of(!data.servers().isEmpty(), DoctorMessages.serversConfigured(data.servers().size()),
                DoctorMessages.serversConfiguredFix()));
    }
}
