package org.vcstoken.doctor;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.vcstoken.check.Check;
import org.vcstoken.check.Finding;
import org.vcstoken.messages.DoctorMessages;
import org.vcstoken.env.Environment;

/**
 * Which installation this is, and whether its class-data archives fit: they fit only the java and
 * the JDK build they were made with, and the jars as they were (a tree copied without its files'
 * times no longer matches); otherwise the launchers run without them (correct, but every git
 * credential call starts about 1.5 times slower) until they are made again. install.sh records
 * in archive-build what they were made for and, for a package's tree, paths relative to it.
 *
 * @param runningJava the java this JVM runs on
 * @param vmInfo      this JVM's {@code java.vm.info}, which says "sharing" when it uses an archive
 */
record InstallationCheck(Environment env, FileSystem fs, Path runningJava, String vmInfo) implements Check {
    @Override
    public String name() {
        return DoctorMessages.installationCheck();
    }

    @Override
    public void run(Consumer<Finding> report) {
        Optional<String> prefix = env.get("VCSTOKEN_PREFIX");
        if (prefix.isEmpty()) {
            report.accept(Finding.pass(DoctorMessages.buildTree()));
            return;
        }
        Path lib = fs.getPath(prefix.get(), "lib", "vcstoken");
        Path record = lib.resolve("archive-build");
        Map<String, String> made = new HashMap<>();
        try {
            for (String l : Files.readAllLines(record)) {
                int eq = l.indexOf('=');
                if (eq > 0) {
                    made.put(l.substring(0, eq), l.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            made.clear(); // an install from before archive-build: reported below
        }
        String kind = made.getOrDefault("installed-as", "source");
        String installed;
        String reinstall;
        switch (kind) {
            case "deb" -> {
                installed = DoctorMessages.installedDeb(prefix.get());
                reinstall = DoctorMessages.remakeArchivesDeb();
            }
            case "archive" -> {
                installed = DoctorMessages.installedArchive(prefix.get());
                reinstall = DoctorMessages.remakeArchivesArchive();
            }
            default -> {
                installed = DoctorMessages.installedSource(prefix.get());
                reinstall = DoctorMessages.remakeArchivesSource(prefix.get());
            }
        }
        report.accept(Finding.pass(installed));
        if (made.isEmpty()) {
            report.accept(Finding.fail(DoctorMessages.archiveRecordMissing(record), reinstall));
            return;
        }
        boolean helper = Files.exists(lib.resolve("helper.jsa")) || Files.exists(lib.resolve("helper.aot"));
        boolean cli = Files.exists(lib.resolve("cli.jsa"));
        if (!helper || !cli || !made.containsKey("java")) {
            report.accept(Finding.fail(DoctorMessages.archivesMissing(helper, cli, lib), reinstall));
            return;
        }
        Path java = lib.resolve(made.get("java")); // a package's runtime is named relative to lib/vcstoken
        if (!sameFile(java, runningJava)) {
            boolean fromSource = kind.equals("source");
            report.accept(Finding.fail(DoctorMessages.archivesForOtherJava(java, runningJava), fromSource
                    ? DoctorMessages.archivesForOtherJavaSourceFix(prefix.get(), runningJava)
                    : DoctorMessages.archivesForOtherJavaPackageFix()));
            return;
        }
        String builtFor = made.getOrDefault("JAVA_RUNTIME_VERSION", "");
        if (builtFor.isEmpty() || !made.containsKey("release")) {
            report.accept(Finding.pass(DoctorMessages.archivesBuildNotRecorded(java)));
            return;
        }
        String nowBuild = "";
        try {
            for (String l : Files.readAllLines(lib.resolve(made.get("release")))) {
                if (l.startsWith("JAVA_RUNTIME_VERSION=")) {
                    nowBuild = l.substring("JAVA_RUNTIME_VERSION=".length());
                    break;
                }
            }
        } catch (IOException e) {
            nowBuild = ""; // reported below as unknown or gone
        }
        boolean ok = nowBuild.equals(builtFor);
        report.accept(Finding.of(ok, DoctorMessages.archivesBuild(ok, builtFor, java, nowBuild), reinstall));
        // The launcher gave this JVM the vcstoken command's archive; the JVM says whether it could
        // use it (it checks the jars' sizes and times, which the helper's archive shares).
        if (ok && !vmInfo.contains("sharing")) {
            report.accept(Finding.fail(DoctorMessages.archivesUnused(lib), reinstall));
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
