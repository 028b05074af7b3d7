package org.vcstoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.env.Environment;

/**
 * The demo's failure paths: it says what is missing, fails the step, and still cleans up. And the
 * demo as a list of steps (what each shows, how it checks its outcome, why it is skipped), run by
 * {@link DemoCommand#run} with the same narration whatever the flavor.
 */
class DemoCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    private Run demo(Map<String, String> vars, String... options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> argv = new ArrayList<>(List.of("demo"));
        argv.addAll(List.of(options));
        int exit = VcstokenMain.run(argv.toArray(String[]::new), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new Environment(vars), FileSystems.getDefault(), Clock.systemUTC());
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void outsideAnInstallationItSaysHowToInstall() {
        Run r = demo(Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")));

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("vcstoken: error: the demo runs the installed programs: install with install/install.sh");
    }

    @Test
    void aSandboxThatDoesNotStartFailsStepOneAndTheTemporaryDirectoryIsRemoved() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("prefix/bin"));
        Path sandbox = bin.resolve("vcstoken-sandbox");
        Files.writeString(sandbox, "#!/bin/sh\necho 'sandbox: cannot bind' >&2\nexit 3\n");
        Files.setPosixFilePermissions(sandbox, PosixFilePermissions.fromString("rwx------"));
        Path git = Files.createDirectories(dir.resolve("gitbin")).resolve("git");
        Files.writeString(git, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(git, PosixFilePermissions.fromString("rwx------"));
        Map<String, String> vars = new HashMap<>();
        vars.put("PATH", git.getParent().toString());
        vars.put("VCSTOKEN_PREFIX", dir.resolve("prefix").toString());

        Run r = demo(vars);

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("==> 1. start a RhodeCode-compatible sandbox", "FAILED").doesNotContain("    ok");
        assertThat(r.err()).contains("vcstoken: error: demo step 1 failed: the sandbox did not start",
                "sandbox: cannot bind");
        Matcher tmp = Pattern.compile("sandbox in (\\S+) ").matcher(r.out());
        assertThat(tmp.find()).isTrue();
        assertThat(Path.of(tmp.group(1))).doesNotExist();
    }

    @Test
    void anUnknownFlavorIsRefusedNamingTheFlavorsThereAre() {
        Run r = demo(Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")), "--flavor", "gitea");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("vcstoken: error: unknown --flavor 'gitea'; use rhodecode, gitlab or forgejo\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void eachFlavorStartsTheSandboxAsThatForgeAndAFailedStartIsCleanedUp() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("prefix/bin"));
        Path argv = dir.resolve("sandbox-argv");
        Path sandbox = bin.resolve("vcstoken-sandbox");
        Files.writeString(sandbox, "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '" + argv + "'\necho 'sandbox: cannot bind' >&2\n"
                + "exit 3\n");
        Files.setPosixFilePermissions(sandbox, PosixFilePermissions.fromString("rwx------"));
        Path git = Files.createDirectories(dir.resolve("gitbin")).resolve("git");
        Files.writeString(git, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(git, PosixFilePermissions.fromString("rwx------"));
        Map<String, String> vars = Map.of("PATH", git.getParent().toString(), "VCSTOKEN_PREFIX",
                dir.resolve("prefix").toString());

        Run gitlab = demo(vars, "--flavor", "gitlab");
        Run forgejo = demo(vars, "--flavor=forgejo");

        assertThat(gitlab.exit()).isEqualTo(1);
        assertThat(gitlab.out()).contains("==> 1. start a GitLab imitation (vcstoken-sandbox --flavor gitlab)", "FAILED");
        assertThat(forgejo.exit()).isEqualTo(1);
        assertThat(forgejo.out()).contains("==> 1. start a Forgejo imitation (vcstoken-sandbox --flavor forgejo)",
                "FAILED");
        assertThat(gitlab.err() + forgejo.err()).contains("vcstoken: error: demo step 1 failed: the sandbox did not start",
                "sandbox: cannot bind");
        List<String> started = Files.readAllLines(argv);
        assertThat(started).hasSize(2);
        assertThat(started.get(0)).matches("--data \\S+/sandbox --flavor gitlab");
        assertThat(started.get(1)).matches("--data \\S+/sandbox --flavor forgejo");
        for (Run r : List.of(gitlab, forgejo)) {
            Matcher tmp = Pattern.compile("imitation \\(vcstoken-sandbox --flavor \\w+\\) in (\\S+) ").matcher(r.out());
            assertThat(tmp.find()).as(r.out()).isTrue();
            assertThat(Path.of(tmp.group(1))).doesNotExist();
        }
    }

    @Test
    void withoutGitItSaysSo() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("prefix/bin"));
        Files.writeString(bin.resolve("vcstoken-sandbox"), "#!/bin/sh\nexit 3\n");
        Files.setPosixFilePermissions(bin.resolve("vcstoken-sandbox"), PosixFilePermissions.fromString("rwx------"));

        Run r = demo(Map.of("PATH", dir.resolve("empty").toString(), "VCSTOKEN_PREFIX", dir.resolve("prefix").toString()));

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("git is not on PATH");
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private CliContext context(Map<String, String> vars) {
        return new CliContext(new Environment(vars), FileSystems.getDefault(), Clock.systemUTC(),
                new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static Path temporaryDirectoryIn(String out) {
        Matcher tmp = Pattern.compile("and (\\S+) removed|in (\\S+)$", Pattern.MULTILINE).matcher(out);
        assertThat(tmp.find()).as(out).isTrue();
        return Path.of(tmp.group(1) != null ? tmp.group(1) : tmp.group(2));
    }

    @Test
    void stepsAreNumberedAsTheyRunSkippedOnesSayWhyAndLaterStepsSeeWhatEarlierOnesStored() throws Exception {
        List<DemoStep> steps = List.of(
                DemoStep.of("first", "the first step", run -> {
                    run.remember("t", "1d1d1d1d", 7);
                    run.detail("stored a token");
                }),
                new DemoStep("tool", run -> "needs a tool", run -> Optional.of("the tool is not installed"), run -> {
                    throw new AssertionError("a skipped step ran");
                }),
                new DemoStep("second", run -> "the second step in " + run.tmp(), run -> Optional.empty(),
                        run -> run.detail("saw token " + run.token("t") + " (" + run.serverId(run.token("t")) + " on the server)")));

        int exit = new DemoCommand(context(Map.of("PATH", "/usr/bin:/bin"))).run(dir.resolve("prefix"), steps);

        String text = out.toString(StandardCharsets.UTF_8);
        Path tmp = temporaryDirectoryIn(text);
        assertThat(exit).as(text + err).isZero();
        assertThat(text).isEqualTo("\n==> 1. the first step\n    stored a token\n    ok\n"
                + "\n==> tool: skipped (the tool is not installed)\n"
                + "\n==> 2. the second step in " + tmp + "\n    saw token 1d1d1d1d (7 on the server)\n    ok\n"
                + "\ndemo: all 2 steps ok; the sandbox is stopped and " + tmp + " removed\n");
        assertThat(tmp).doesNotExist();
    }

    @Test
    void aStepWhoseOutcomeIsNotWhatItShowsFailsTheDemoThereAndNoLaterStepRuns() throws Exception {
        List<String> ran = new ArrayList<>();
        List<DemoStep> steps = List.of(
                DemoStep.of("first", "the first step", run -> ran.add("first")),
                new DemoStep("second", run -> "the second step in " + run.tmp(), run -> Optional.empty(), run -> {
                    ran.add("second");
                    DemoStep.expect(false, "expected token 1d1d1d1d to be chosen, trace says: (no choice)");
                }),
                DemoStep.of("third", "the third step", run -> ran.add("third")));

        int exit = new DemoCommand(context(Map.of("PATH", "/usr/bin:/bin"))).run(dir.resolve("prefix"), steps);

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).isEqualTo(1);
        assertThat(ran).containsExactly("first", "second");
        assertThat(text).contains("==> 2. the second step in ", "\n    FAILED\n").doesNotContain("==> 3.", "demo: all");
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("vcstoken: error: demo step 2 failed: expected token 1d1d1d1d to be chosen, trace says: (no choice)\n");
        assertThat(temporaryDirectoryIn(text)).doesNotExist();
    }

    @Test
    void theRhodecodeDemoIsItsStepsInTheReadmesOrderAndSaysWhyHgOrSvnIsSkipped() throws Exception {
        Path tools = Files.createDirectories(dir.resolve("tools"));
        Path prefix = dir.resolve("prefix");
        Path tmp = Files.createDirectories(dir.resolve("run"));
        DemoRun none = new DemoRun(context(Map.of("PATH", dir.resolve("empty").toString())), prefix, tmp);
        for (String tool : List.of("hg", "svn")) {
            Files.writeString(tools.resolve(tool), "#!/bin/sh\nexit 0\n");
            Files.setPosixFilePermissions(tools.resolve(tool), PosixFilePermissions.fromString("rwx------"));
        }
        DemoRun installed = new DemoRun(context(Map.of("PATH", tools.toString())), prefix, tmp);
        installed.info(Map.of("hg", "off", "svn", "off"));

        assertThat(RhodecodeDemo.steps()).extracting(DemoStep::name)
                .containsExactly("sandbox", "tokens", "clones", "revocation", "expiry", "hg", "svn");
        assertThat(RhodecodeDemo.whyNoHg(none)).contains("hg is not installed");
        assertThat(RhodecodeDemo.whyNoSvn(none)).contains("svn is not installed");
        assertThat(RhodecodeDemo.whyNoHg(installed)).contains("the sandbox's hg backend is off");
        assertThat(RhodecodeDemo.whyNoSvn(installed)).contains("the sandbox's svn backend is off");
        installed.info(Map.of("hg", "on", "svn", "off"));
        assertThat(RhodecodeDemo.whyNoHg(installed)).contains(prefix.resolve("share/vcstoken/hg/vcstoken.py") + " is not installed");
    }

    @Test
    void theGitLabAndForgejoDemosAreTheirStepsInTheReadmesOrderAndHeptapodSaysWhyItIsSkipped() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("run"));
        DemoRun noHg = new DemoRun(context(Map.of("PATH", dir.resolve("empty").toString())), dir.resolve("prefix"), tmp);
        DemoStep heptapod = GitLabDemo.steps().get(GitLabDemo.steps().size() - 1);

        assertThat(GitLabDemo.steps()).extracting(DemoStep::name)
                .containsExactly("sandbox", "login", "clone", "revocation", "renewal", "heptapod");
        assertThat(ForgejoDemo.steps()).extracting(DemoStep::name)
                .containsExactly("sandbox", "server", "first use", "renewal");
        assertThat(heptapod.skip().why(noHg)).contains("hg is not installed");
        assertThat(DemoCommand.FLAVORS).containsOnlyKeys("rhodecode", "gitlab", "forgejo");
        assertThat(DemoCommand.FLAVORS.get("rhodecode").get()).extracting(DemoStep::name)
                .isEqualTo(RhodecodeDemo.steps().stream().map(DemoStep::name).toList());
    }

    @Test
    void theDemosAskpassAnswersLikeAPersonFromOwnerOnlyFilesAndRefusesAnythingElse() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("run"));
        DemoRun run = new DemoRun(context(Map.of("PATH", "/usr/bin:/bin")), dir.resolve("prefix"), tmp);
        Path log = tmp.resolve("askpass.log");
        Path askpass = run.askpass(log);
        run.pasteApiToken("glpat-demo-api-token-0001");

        String offer = ask(askpass, "vcstoken: no usable token for http://127.0.0.1:1 repository a/b. Create one now? "
                + "[a]ssisted with your account password, [g]uided in the browser, [n]o [a]: ");
        String password = ask(askpass, "Password for alice at http://127.0.0.1:1 (used once to create a token, never "
                + "stored): ");
        String apiToken = ask(askpass, "Paste the new API token (input hidden): ");
        Process other = new ProcessBuilder(askpass.toString(), "Your user name on http://127.0.0.1:1: ").start();

        assertThat(offer).isEqualTo("a\n");
        assertThat(password).isEqualTo(run.password() + "\n");
        assertThat(apiToken).isEqualTo("glpat-demo-api-token-0001\n");
        assertThat(other.waitFor()).as("a question the demo does not expect fails").isEqualTo(1);
        assertThat(DemoRun.questions(log)).hasSize(4);
        for (String secret : List.of("password", "api-token")) {
            assertThat(Files.getPosixFilePermissions(tmp.resolve(secret)))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
        assertThat(Files.readString(askpass)).doesNotContain(run.password(), "glpat-demo-api-token-0001");
        run.close();
        assertThat(tmp).doesNotExist();
    }

    private static String ask(Path askpass, String question) throws Exception {
        Process p = new ProcessBuilder(askpass.toString(), question).start();
        String answer = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(question).isZero();
        return answer;
    }
}
