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
        return "installation";
    }

    @Override
    public void run(Consumer<Finding> report) {
        Optional<String> prefix = env.get("VCSTOKEN_PREFIX");
        if (prefix.isEmpty()) {
            report.accept(Finding.pass("installation: a build tree (not run through an installed launcher; no start-up archives)"));
            return;
        }
        Path lib = fs.getPath(prefix.get(), "lib", "vcstoken");
        Map<String, String> made = new HashMap<>();
        try {
            for (String l : Files.readAllLines(lib.resolve("archive-build"))) {
                int eq = l.indexOf('=');
                if (eq > 0) {
                    made.put(l.substring(0, eq), l.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            made.clear(); // an install from before archive-build: reported below
        }
        String kind = made.getOrDefault("installed-as", "source");
        String reinstall = switch (kind) {
            case "deb" -> "reinstall the package: apt-get install --reinstall vcstoken (or the .deb file)";
            case "archive" -> "unpack the archive again (tar keeps the files' times)";
            default -> "reinstall to rebuild them: install/install.sh --prefix " + prefix.get();
        };
        report.accept(Finding.pass("installation: " + switch (kind) {
            case "deb" -> "the vcstoken .deb package, in " + prefix.get();
            case "archive" -> "an unpacked vcstoken archive, at " + prefix.get();
            default -> "a source install (install/install.sh), in " + prefix.get();
        }));
        if (made.isEmpty()) {
            report.accept(Finding.fail("start-up archives: " + lib.resolve("archive-build") + " is missing (an older install)",
                    reinstall));
            return;
        }
        boolean helper = Files.exists(lib.resolve("helper.jsa")) || Files.exists(lib.resolve("helper.aot"));
        boolean cli = Files.exists(lib.resolve("cli.jsa"));
        if (!helper || !cli || !made.containsKey("java")) {
            String which = !helper && !cli ? "the helper's and the vcstoken command's archives are"
                    : !helper ? "the helper's archive is" : !cli ? "the vcstoken command's archive is"
                    : "the record of the java they were made for is";
            report.accept(Finding.fail("start-up archives: " + which + " missing in " + lib + " (they start slower)", reinstall));
            return;
        }
        Path java = lib.resolve(made.get("java")); // a package's runtime is named relative to lib/vcstoken
        if (!sameFile(java, runningJava)) {
            report.accept(Finding.fail("start-up archives: made for " + java + ", but vcstoken runs on " + runningJava
                    + " (VCSTOKEN_JAVA?); the launchers use them only with the java they were made for",
                    kind.equals("source") ? "unset VCSTOKEN_JAVA, or reinstall for this java: install/install.sh --prefix "
                            + prefix.get() + " --java " + runningJava : "unset VCSTOKEN_JAVA: the package runs on its own runtime"));
            return;
        }
        String builtFor = made.getOrDefault("JAVA_RUNTIME_VERSION", "");
        if (builtFor.isEmpty() || !made.containsKey("release")) {
            report.accept(Finding.pass("start-up archives: made for " + java + " (its build is not recorded)"));
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
        report.accept(Finding.of(ok, "start-up archives: made for " + buildName(builtFor) + (ok ? ", the JDK in use"
                : ", but " + java + " is now " + (nowBuild.isEmpty() ? "unknown or gone" : buildName(nowBuild))
                        + "; the launchers run without them, slower"), reinstall));
        // The launcher gave this JVM the vcstoken command's archive; the JVM says whether it could
        // use it (it checks the jars' sizes and times, which the helper's archive shares).
        if (ok && !vmInfo.contains("sharing")) {
            report.accept(Finding.fail("start-up archives: this run could not use them: the jars or the runtime in " + lib
                    + " changed since they were made (copied without their files' times?); the launchers start slower",
                    reinstall));
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static String buildName(String build) {
        return "JDK " + build.replace("\"", "");
    }
}
