package org.vcstoken.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.testing.Proc;
import org.vcstoken.testing.Tools;

/**
 * The README's first command, as a fresh machine runs it: install this build (the jars the reactor
 * just packaged) and run {@code vcstoken demo}, then each other flavor ({@code --flavor gitlab},
 * {@code --flavor forgejo}). Each must exit 0 with every step shown and {@code ok}, leave the user's
 * HOME empty and remove its temporary directory. One installation serves every flavor.
 */
class DemoIT {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final boolean CI = "true".equalsIgnoreCase(System.getenv("CI"));

    @TempDir
    static Path installed;
    static Path prefix;

    @TempDir
    Path dir;

    @BeforeAll
    static void install() throws Exception {
        Tools.require("git");
        if (CI) {
            Tools.require("hg");
            Tools.require("svn");
        }
        prefix = installed.resolve("prefix");
        Path home = Files.createDirectories(installed.resolve("install-home"));
        Proc.Result install = Proc.run(List.of(ROOT.resolve("install/install.sh").toString(), "--no-build", "--prefix",
                prefix.toString()), environment(home), ROOT, null, Duration.ofMinutes(3));
        assertThat(install.exit()).as(install.toString()).isZero();
    }

    /** A user's environment: an empty HOME of its own, and CI=true when the build runs in CI. */
    private static Map<String, String> environment(Path home) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", home.toString());
        env.put("LANG", "C.UTF-8");
        if (System.getenv("JAVA_HOME") != null) {
            env.put("JAVA_HOME", System.getenv("JAVA_HOME"));
        }
        if (CI) {
            env.put("CI", "true");
        }
        return env;
    }

    /**
     * Runs the installed {@code vcstoken demo ARGS} with a fresh HOME and checks what every flavor
     * promises: exit 0, nothing on stderr, one {@code ok} per numbered step, the count in the last
     * line, the temporary directory removed, HOME untouched, and a first look's length.
     *
     * @return the demo's output
     */
    private String demo(String... args) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        List<String> command = new ArrayList<>(List.of(prefix.resolve("bin/vcstoken").toString(), "demo"));
        command.addAll(List.of(args));
        long start = System.nanoTime();
        Proc.Result demo = Proc.run(command, environment(home), dir, null, Duration.ofMinutes(3));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.println(demo.out() + "\n" + demo.err() + "\nvcstoken demo " + String.join(" ", args) + " took "
                + took.toMillis() + " ms");

        assertThat(demo.exit()).as(demo.toString()).isZero();
        assertThat(demo.err()).as("quiet: the children's lines (the clock offset's warning among them) stay in their "
                + "captured output").isEmpty();
        Matcher steps = Pattern.compile("(?m)^==> (\\d+)\\. ").matcher(demo.out());
        int count = 0;
        while (steps.find()) {
            count++;
        }
        assertThat(demo.out().split("\n    ok\n", -1)).as("one ok per numbered step").hasSize(count + 1);
        assertThat(demo.out()).contains("demo: all " + count + " steps ok");
        Matcher removed = Pattern.compile("and (\\S+) removed").matcher(demo.out());
        assertThat(removed.find()).isTrue();
        assertThat(Path.of(removed.group(1))).as("the demo's temporary directory").doesNotExist();
        try (Stream<Path> after = Files.list(home)) {
            assertThat(after.toList()).as("the user's HOME is untouched").isEmpty();
        }
        assertThat(took).as("a first look, not a coffee break").isLessThan(Duration.ofSeconds(90));
        return demo.out();
    }

    @Test
    void theInstalledDemoRunsEveryStepAndCleansUp() throws Exception {
        assertLaunchersStartFromTheirArchives(prefix, environment(Files.createDirectories(dir.resolve("archive-home"))));

        String out = demo();

        assertThat(out).contains(
                "==> 1. start a RhodeCode-compatible sandbox",
                "==> 3. git clone demo/app takes the repository token",
                "trace: chose token ", "(repo demo/app)", "(server-wide)",
                "is now marked rejected", "works with the spare server-wide token",
                "created by vcstoken, server-wide: RhodeCode CE makes no repository tokens",
                "demo: all ");
        if (Tools.available("hg") || CI) {
            assertThat(out).contains("hg clone through the vcstoken extension", "(repo demo/hg)");
        }
        if (CI) {
            assertThat(out).contains("svn checkout through `vcstoken svn`", "(repo demo/svn)");
        }
    }

    @Test
    void theGitLabDemoShowsTheApiTokenAProjectTokenWithNoQuestionItsReplacementAndItsRotation() throws Exception {
        String out = demo("--flavor", "gitlab");

        assertThat(out).contains(
                "==> 1. start a GitLab imitation (vcstoken-sandbox --flavor gitlab)",
                "detected kind gitlab",
                "/-/user_settings/personal_access_tokens?name=vcstoken+API+", "&scopes=api",
                "asked: Paste the new API token", "stored API token ",
                "==> 3. git clone alice/app: vcstoken makes a project access token",
                "stderr: vcstoken: created token ", "repository alice/app, expires ",
                "trace: created token on the server with the API token ",
                "scopes read_repository write_repository, role Developer (30), expires_at ",
                "git ls-remote shows ", "is now marked rejected", "vcstoken dropped the rejected token",
                "git fetch: vcstoken: renewed token ", "trace: rotated token ", "exactly one live token");
        assertThat(Pattern.compile("(?m)^      token \\d+: live, ").matcher(out).results().count())
                .as("GitLab's list after the rotation: one live token").isEqualTo(1);
        if (Tools.available("hg") || CI) {
            assertThat(out).contains("==> 6. hg clone of a Heptapod (hg) project", "repository alice/hgapp");
        } else {
            assertThat(out).contains("==> heptapod: skipped (hg is not installed)");
        }
    }

    @Test
    void theForgejoDemoShowsFirstUseWithThePasswordAndARenewalThatDeletesTheOldToken() throws Exception {
        String out = demo("--flavor", "forgejo");

        assertThat(out).contains(
                "==> 1. start a Forgejo imitation (vcstoken-sandbox --flavor forgejo)",
                "detected kind forgejo",
                "Create one now?", "asked: Password for alice at ",
                "stderr: vcstoken: created token ", "(vcstoken's own expiry: Forgejo would keep the token forever)",
                "repositories [alice/app]", "nothing asked; git ls-remote shows ",
                "Forgejo's token list before", "trace: skipped token ", "trace: deleted the replaced token ",
                "Forgejo's token list after", "is gone from Forgejo and from vcstoken's store",
                "demo: all 4 steps ok");
        String before = out.substring(out.indexOf("Forgejo's token list before"), out.indexOf("moved Forgejo's clock"));
        String after = out.substring(out.indexOf("Forgejo's token list after"), out.indexOf("the old token (server id"));
        Matcher id = Pattern.compile("id (\\d+) \"vcstoken on ").matcher(before);
        assertThat(id.find()).as(before).isTrue();
        assertThat(after).as("the old token is no longer on the server").doesNotContain("id " + id.group(1) + " ")
                .containsOnlyOnce("\"vcstoken on ");
    }

    /**
     * The installer's class-data archives are what make a {@code get} as quick as a bare JVM start
     * and take a sixth off {@code vcstoken} commands (bench/); a launcher whose flags or class path
     * stop matching its archive would silently start slower. So: real runs of both launchers must
     * take their own classes and the JDK's from the archives.
     */
    private void assertLaunchersStartFromTheirArchives(Path prefix, Map<String, String> env) throws Exception {
        Path lib = prefix.resolve("lib/vcstoken");
        assertThat(Files.exists(lib.resolve("helper.jsa")) || Files.exists(lib.resolve("helper.aot")))
                .as("install.sh built the helper's class-data archive in " + lib).isTrue();
        assertThat(lib.resolve("cli.jsa")).as("install.sh built the vcstoken command's class-data archive").exists();
        Map<String, String> checkEnv = new HashMap<>(env);
        checkEnv.put("VCSTOKEN_HOME", dir.resolve("archive-check").toString()); // vcstoken creates it, owner-only

        List<String> add = loadedClasses(prefix, "vcstoken", checkEnv, "1".repeat(40) + "\n", l -> l, "token", "add",
                "https://archive.example.test", "--user", "u");
        assertThat(add).filteredOn(l -> l.contains(" org.vcstoken.cli.VcstokenMain ")
                || l.contains(" picocli.CommandLine ") || l.contains(" java.lang.Object "))
                .hasSize(3)
                .allSatisfy(l -> assertThat(l).contains("source: shared objects file"));

        String request = "protocol=https\nhost=archive.example.test\npath=group/repo.git\n\n";
        List<String> get = loadedClasses(prefix, "git-credential-vcstoken", checkEnv, request, l -> l, "get");
        assertThat(get).filteredOn(l -> l.contains(" org.vcstoken.git.GitCredentialMain ")
                || l.contains(" org.vcstoken.store.TokenStore ") || l.contains(" java.lang.Object "))
                .hasSize(3)
                .allSatisfy(l -> assertThat(l).contains("source: shared objects file"));

        // After an update of the JDK the archive no longer fits, and a JVM given it anyway would run
        // with no archive at all: the launcher must notice (the JDK's release file names another
        // build) and run with the JDK's own archive instead, still answering.
        Matcher release = Pattern.compile("(?m)^JAVA_RELEASE='([^']+/release)'$").matcher(
                Files.readString(prefix.resolve("bin/git-credential-vcstoken")));
        assertThat(release.find()).as("the launcher checks the JDK's release file").isTrue();
        Path updated = dir.resolve("updated-release");
        Files.writeString(updated, "IMPLEMENTOR=\"x\"\nJAVA_RUNTIME_VERSION=\"17.0.99+1-updated\"\n");
        String original = release.group(0);
        List<String> stale = loadedClasses(prefix, "git-credential-vcstoken", checkEnv, request,
                l -> l.replace(original, "JAVA_RELEASE='" + updated + "'"), "get");
        assertThat(stale).filteredOn(l -> l.contains(" org.vcstoken.git.GitCredentialMain "))
                .singleElement().satisfies(l -> assertThat(l).doesNotContain("shared objects file"));
        assertThat(stale).filteredOn(l -> l.contains(" java.lang.Object ")).singleElement()
                .satisfies(l -> assertThat(l).as("the JDK's own archive").contains("shared objects file"));
    }

    /**
     * Runs an installed launcher with class loading logged. The launcher turns JVM logging off, so
     * a copy of it turns the log back on right after its flags; everything else (java, flags,
     * archive, class path) is the launcher's.
     */
    private List<String> loadedClasses(Path prefix, String launcherName, Map<String, String> env, String stdin,
            java.util.function.UnaryOperator<String> edit, String... args) throws Exception {
        Path log = Files.createTempFile(dir, launcherName, ".class-load.log");
        String launcher = Files.readString(prefix.resolve("bin").resolve(launcherName));
        String exec = "exec \"$JAVA\" $FLAGS ";
        assertThat(launcher).contains(exec);
        Path logging = Files.createTempFile(dir, launcherName, "-logging");
        Files.writeString(logging, edit.apply(launcher.replace(exec, exec + "-Xlog:class+load:file=" + log + " ")));
        assertThat(logging.toFile().setExecutable(true)).isTrue();
        List<String> command = new java.util.ArrayList<>(List.of(logging.toString()));
        command.addAll(List.of(args));
        Proc.Result run = Proc.run(command, env, dir, stdin, Duration.ofMinutes(1));
        assertThat(run.exit()).as(run.toString()).isZero();
        List<String> loaded = Files.readAllLines(log);
        assertThat(loaded).as("classes loaded by " + launcherName + " " + String.join(" ", args)).hasSizeGreaterThan(100);
        return loaded;
    }
}
