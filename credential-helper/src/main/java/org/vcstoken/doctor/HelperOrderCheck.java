package org.vcstoken.doctor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.vcstoken.check.Check;
import org.vcstoken.check.Finding;
import org.vcstoken.messages.DoctorMessages;
import org.vcstoken.token.ServerProfile;

/**
 * The credential helpers git runs for a server end with vcstoken's. git collects every
 * {@code credential.helper} that applies, in the order it reads its files, an empty value clearing
 * the list; it asks them in turn for a password, and tells every one of them about a password that
 * worked (its {@code store}). So a helper listed after vcstoken's is handed each token vcstoken
 * gives out: {@code credential-store} writes it in clear text to {@code ~/.git-credentials}. Such a
 * helper may sit in a repository's {@code .git/config} (git reads it after the global files), in
 * {@code ~/.gitconfig} while vcstoken's include is in the XDG file (git reads that one first), or
 * after the include line in the same file. The fix names the file it is in.
 */
record HelperOrderCheck(ServerProfile server, GitCredentialConfig config, String helper) implements Check {
    @Override
    public String name() {
        return DoctorMessages.helperOrderCheck();
    }

    @Override
    public void run(Consumer<Finding> report) {
        GitCredentialConfig.Read read = config.read();
        if (read.error() != null) {
            report.accept(Finding.fail(DoctorMessages.gitConfigUnreadable(read.error()),
                    DoctorMessages.gitConfigUnreadableFix(read.gitFailed())));
            return;
        }
        List<GitCredentialConfig.Entry> all = read.matching(server, "helper");
        List<GitCredentialConfig.Entry> helpers = new ArrayList<>();
        int lastOursSeen = -1;
        for (int i = 0; i < all.size(); i++) {
            GitCredentialConfig.Entry e = all.get(i);
            if (e.value().isEmpty()) {
                helpers.clear();
            } else {
                helpers.add(e);
                if (isOurs(e.value())) {
                    lastOursSeen = i;
                }
            }
        }
        int ours = -1;
        for (int i = 0; i < helpers.size(); i++) {
            if (isOurs(helpers.get(i).value())) {
                ours = i;
            }
        }
        boolean ok = ours >= 0 && ours == helpers.size() - 1;
        String what = DoctorMessages.helpers(server.baseUrl(),
                helpers.stream().map(GitCredentialConfig.Entry::value).toList(), ok);
        if (ok) {
            report.accept(Finding.pass(what));
        } else if (ours >= 0) {
            report.accept(Finding.fail(what, later(helpers.subList(ours + 1, helpers.size()))));
        } else if (lastOursSeen >= 0) {
            GitCredentialConfig.Entry reset = all.subList(lastOursSeen + 1, all.size()).stream()
                    .filter(e -> e.value().isEmpty()).findFirst().orElseThrow();
            report.accept(Finding.fail(what, DoctorMessages.emptyHelperClearsOurs(reset.where(), remedy(reset),
                    helpers.isEmpty() ? null : later(helpers))));
        } else {
            report.accept(Finding.fail(what, DoctorMessages.configureGit()));
        }
    }

    /** The fix for helpers listed after vcstoken's: what each is, where, and how to move it out of the way. */
    private static String later(List<GitCredentialConfig.Entry> after) {
        List<String> named = new ArrayList<>();
        Set<String> remedies = new LinkedHashSet<>();
        for (GitCredentialConfig.Entry e : after) {
            named.add(DoctorMessages.helperIn(e.value(), e.where()));
            remedies.add(remedy(e));
        }
        return DoctorMessages.helpersAfterOurs(named, remedies);
    }

    /** How to take one setting out of the way, depending on where git reads it. */
    private static String remedy(GitCredentialConfig.Entry e) {
        if (e.file() == null) {
            return DoctorMessages.leaveOffCommandLine(e.key());
        }
        if (e.scope().equals("global")) {
            // configure --git puts its include line last in the global file git reads last.
            return DoctorMessages.moveOursLast();
        }
        return DoctorMessages.removeSetting(Shell.quote(e.file().toString()), Shell.quote(e.key()),
                Shell.quote(e.value()), e.value().isEmpty());
    }

    private boolean isOurs(String configured) {
        String c = configured.replace("'", "").replace("\"", "").strip();
        return c.equals(helper) || c.equals("vcstoken") || c.endsWith("/git-credential-vcstoken");
    }
}
