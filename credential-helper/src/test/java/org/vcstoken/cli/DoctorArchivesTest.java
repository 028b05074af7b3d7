package org.vcstoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.env.Environment;

/**
 * {@code vcstoken doctor} on the kind of installation, the installer's class-data archives and the
 * java they were made for.
 */
class DoctorArchivesTest {
    @TempDir
    Path dir;
    Path prefix;
    Path lib;
    Path jdk;
    Path java;

    @BeforeEach
    void install() throws Exception {
        prefix = dir.resolve("prefix");
        lib = Files.createDirectories(prefix.resolve("lib/vcstoken"));
        jdk = Files.createDirectories(dir.resolve("jdk/bin")).getParent();
        java = Files.writeString(jdk.resolve("bin/java"), "");
        Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_RUNTIME_VERSION=\"17.0.15+6-test\"\n");
        Files.writeString(lib.resolve("archive-build"), "java=" + java + "\nrelease=" + jdk.resolve("release")
                + "\nJAVA_RUNTIME_VERSION=\"17.0.15+6-test\"\n");
        Files.writeString(lib.resolve("helper.jsa"), "");
        Files.writeString(lib.resolve("cli.jsa"), "");
    }

    /** The lines after the installation's, for a JVM that could use its archive. */
    private String check(boolean installed, Path runningJava) {
        String all = check(installed, runningJava, "mixed mode, sharing");
        return all.substring(all.indexOf('\n') + 1);
    }

    private String check(boolean installed, Path runningJava, String vmInfo) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, String> vars = new HashMap<>(Map.of("HOME", dir.toString(), "VCSTOKEN_HOME", dir.resolve("state").toString()));
        if (installed) {
            vars.put("VCSTOKEN_PREFIX", prefix.toString());
        }
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        CliContext ctx = new CliContext(new Environment(vars), FileSystems.getDefault(), Clock.systemUTC(),
                new ByteArrayInputStream(new byte[0]), ps, ps);
        new DoctorCommand(ctx).checkStartupArchives(runningJava, vmInfo);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void archivesMadeForTheJdkInUsePass() throws Exception {
        assertThat(check(true, java)).isEqualTo("ok   start-up archives: made for JDK 17.0.15+6-test, the JDK in use\n");
        Path link = Files.createSymbolicLink(dir.resolve("java-link"), java);
        assertThat(check(true, link)).as("the same java through a link").startsWith("ok   ");
    }

    @Test
    void aJdkUpdateIsReportedWithTheReinstallCommand() throws Exception {
        Files.writeString(jdk.resolve("release"), "JAVA_RUNTIME_VERSION=\"17.0.16+8-test\"\n");
        assertThat(check(true, java)).startsWith("FAIL start-up archives: made for JDK 17.0.15+6-test, but "
                + java + " is now JDK 17.0.16+8-test; the launchers run without them, slower\n")
                .contains("fix: reinstall to rebuild them: install/install.sh --prefix " + prefix);
        Files.delete(jdk.resolve("release"));
        assertThat(check(true, java)).contains("is now unknown or gone");
    }

    @Test
    void anotherJavaIsReportedWithBothWaysOut() throws Exception {
        Path other = Files.writeString(dir.resolve("other-java"), "");
        assertThat(check(true, other)).startsWith("FAIL start-up archives: made for " + java + ", but vcstoken runs on "
                + other).contains("fix: unset VCSTOKEN_JAVA, or reinstall for this java: install/install.sh --prefix "
                + prefix + " --java " + other);
    }

    @Test
    void missingArchivesOrRecordAreReported() throws Exception {
        Files.delete(lib.resolve("cli.jsa"));
        assertThat(check(true, java)).startsWith("FAIL start-up archives: the vcstoken command's archive is missing in " + lib);
        Files.delete(lib.resolve("helper.jsa"));
        assertThat(check(true, java)).startsWith("FAIL start-up archives: the helper's and the vcstoken command's archives are missing");
        Files.delete(lib.resolve("archive-build"));
        assertThat(check(true, java)).startsWith("FAIL start-up archives: " + lib.resolve("archive-build") + " is missing");
    }

    @Test
    void withoutAnInstalledLauncherItSaysItRunsFromABuildTree() {
        assertThat(check(false, java, "mixed mode, sharing"))
                .isEqualTo("ok   installation: a build tree (not run through an installed launcher; no start-up archives)\n");
    }

    @Test
    void aSourceInstallSaysSo() {
        assertThat(check(true, java, "mixed mode, sharing"))
                .startsWith("ok   installation: a source install (install/install.sh), in " + prefix + "\n");
    }

    /** install/package.sh's tree: its own runtime under lib/vcstoken, named relative to it. */
    private Path packagedTree(String kind) throws Exception {
        Path runtime = Files.createDirectories(lib.resolve("runtime/bin")).getParent();
        Files.writeString(runtime.resolve("bin/java"), "");
        Files.writeString(runtime.resolve("release"), "JAVA_RUNTIME_VERSION=\"17.0.15+6-test\"\n");
        Files.writeString(lib.resolve("archive-build"), "java=runtime/bin/java\nrelease=runtime/release\n"
                + "JAVA_RUNTIME_VERSION=\"17.0.15+6-test\"\ninstalled-as=" + kind + "\n");
        return runtime.resolve("bin/java");
    }

    @Test
    void aPackagesArchivesAreCheckedAgainstItsOwnRuntimeWhereverItIs() throws Exception {
        Path runtimeJava = packagedTree("archive");
        assertThat(check(true, runtimeJava, "mixed mode, sharing")).isEqualTo(
                "ok   installation: an unpacked vcstoken archive, at " + prefix + "\n"
                + "ok   start-up archives: made for JDK 17.0.15+6-test, the JDK in use\n");
        packagedTree("deb");
        assertThat(check(true, runtimeJava, "mixed mode, sharing"))
                .startsWith("ok   installation: the vcstoken .deb package, in " + prefix + "\n");
        assertThat(check(true, java, "mixed mode, sharing")).as("another java than the package's runtime")
                .contains("FAIL start-up archives: made for " + lib.resolve("runtime/bin/java") + ", but vcstoken runs on " + java)
                .contains("fix: unset VCSTOKEN_JAVA: the package runs on its own runtime");
    }

    @Test
    void aRunThatCouldNotUseItsArchiveIsReportedWithHowToGetThemBack() throws Exception {
        assertThat(check(true, java, "mixed mode")).as("a source install's archives, unusable")
                .contains("FAIL start-up archives: this run could not use them",
                        "fix: reinstall to rebuild them: install/install.sh --prefix " + prefix);
        Path runtimeJava = packagedTree("archive");
        assertThat(check(true, runtimeJava, "mixed mode")).contains(
                "FAIL start-up archives: this run could not use them: the jars or the runtime in " + lib
                        + " changed since they were made (copied without their files' times?)",
                "fix: unpack the archive again (tar keeps the files' times)");
        packagedTree("deb");
        assertThat(check(true, runtimeJava, "mixed mode"))
                .contains("fix: reinstall the package: apt-get install --reinstall vcstoken");
    }
}
