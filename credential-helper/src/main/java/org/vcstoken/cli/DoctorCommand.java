package org.vcstoken.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vcstoken.check.Check;
import org.vcstoken.check.Finding;
import org.vcstoken.doctor.Doctor;
import org.vcstoken.messages.CommandMessages;
import org.vcstoken.messages.DoctorMessages;
import org.vcstoken.request.ParsedUrl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vcstoken doctor [URL]}: one pass/fail line per check, each failure with the command or
 * setting that fixes it. Prints token ids, never a secret.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check this machine's vcstoken setup and its servers.",
            "",
            "On this machine: Java, the helper on PATH, the installation and its start-up archives, the store and "
                + "its permissions, git's and hg's configuration for each server, and svn's cache entries. For each "
                + "server (or only URL's): whether it can be reached, its clock against this machine's, the realm "
                + "it asks with, and every token: rejected, expired or expiring, and whether the server accepts it "
                + "on its repository.",
            "",
            "Server-wide tokens are tried on a repository only when URL names one. Each failed check says how to "
                + "fix it. No secret is printed."},
        footerHeading = HelpLayout.EXAMPLES,
        footer = {"  vcstoken doctor",
            "  vcstoken doctor https://code.example.com/group/repo",
            "",
            "Exit status:",
            "  0  every check passed",
            "  1  a check failed (its line says how to fix it)"})
final class DoctorCommand implements Callable<Integer> {
    private final CliContext ctx;
    private int failures;

    @Parameters(index = "0", arity = "0..1", paramLabel = "URL",
            description = "Check only this server, or this repository of it.")
    String url;

    @Option(names = "-C", paramLabel = "DIR",
            description = "Check git's settings as a repository in DIR sees them (default: the current directory).")
    Path directory;

    DoctorCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    /** Runs the checks {@link Doctor} lists (a server family adds its own), printing what each finds. */
    @Override
    public Integer call() {
        ParsedUrl target = url == null ? null : ParsedUrl.parse(url);
        if (directory != null && !Files.isDirectory(directory)) {
            throw new CliException(CommandMessages.noSuchDirectory(directory));
        }
        Doctor doctor = new Doctor(new Doctor.Machine(ctx.env(), ctx.fs(), ctx.clock(), directory, Runtime.version(),
                Path.of(System.getProperty("java.home"), "bin", "java"), System.getProperty("java.vm.info", "")),
                ctx.store(), ctx.paths(), ctx.families());
        for (Check check : doctor.checks(target, url)) {
            run(check);
        }
        ctx.out().println(CommandMessages.doctorSummary(failures));
        return failures == 0 ? 0 : 1;
    }

    /** Runs one check, printing each finding as it comes: {@code ok   WHAT}, or {@code FAIL WHAT} and its fix. */
    void run(Check check) {
        try {
            check.run(this::print);
        } catch (RuntimeException e) {
            // A check that broke (a family's, say) must not hide the checks after it.
            org.vcstoken.trace.Trace.stackTraceIfRequested(ctx.env(), ctx.err(), e);
            print(Finding.fail(DoctorMessages.checkBroke(check.name(), e.getClass().getSimpleName()),
                    DoctorMessages.checkBrokeFix()));
        }
        ctx.out().flush();
    }

    private void print(Finding f) {
        if (!f.ok()) {
            failures++;
        }
        ctx.out().println(CommandMessages.doctorFinding(f.ok(), f.what(), f.fix()));
    }

    /** The Java check alone, on {@code version}, printed as doctor prints it. */
    void checkJava(Runtime.Version version) {
        run(Doctor.java(version));
    }

    /** The installation check alone, for a JVM running {@code runningJava} that says {@code vmInfo}. */
    void checkStartupArchives(Path runningJava, String vmInfo) {
        run(Doctor.installation(ctx.env(), ctx.fs(), runningJava, vmInfo));
    }
}
