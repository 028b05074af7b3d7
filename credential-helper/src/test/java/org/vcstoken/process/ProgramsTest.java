package org.vcstoken.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The one way vcstoken runs a program, against real processes: small /bin/sh scripts written here
 * stand in for git, askpass programs and keyring tools (the code under test never uses a shell
 * itself; the scripts are programs like any other). Every behaviour is checked for both ways of
 * running: on Commons Exec, and the lean one the credential helper's get path takes.
 */
class ProgramsTest {
    /** A bound for a run that must not hang; the runs themselves take a second or a few. */
    private static final Duration NO_HANG = Duration.ofSeconds(60);
    private static final int MIB = 1024 * 1024;
    private static final String SECRET = "s3cret-9f8e7d6c5b4a";

    enum Way {
        COMMONS_EXEC, LEAN;

        Invocation apply(Invocation i) {
            return this == LEAN ? i.lean() : i;
        }
    }

    @TempDir
    Path dir;

    /** Processes a test started that must not outlive it, whatever the outcome. */
    private final List<Path> pidFiles = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws IOException {
        for (Path f : pidFiles) {
            if (Files.exists(f)) {
                ProcessHandle.of(pidIn(f)).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        return env;
    }

    private Programs programs() {
        return new Programs(env());
    }

    private Path script(String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    private Path pidFile(String name) {
        Path f = dir.resolve(name);
        pidFiles.add(f);
        return f;
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void drainsAChildThatWritesAMebibyteToEachStream(Way way) throws Exception {
        // Standard error first: a runner that read only standard output until the end would block
        // the child on a full stderr pipe for good.
        Path chatty = script("chatty", "head -c " + MIB + " /dev/zero | tr '\\0' e >&2\n"
                + "head -c " + MIB + " /dev/zero | tr '\\0' o\n"
                + "head -c " + MIB + " /dev/zero | tr '\\0' E >&2");

        Result r = assertTimeoutPreemptively(NO_HANG,
                () -> way.apply(programs().command(chatty.toString()).timeout(Duration.ofSeconds(30))).run());

        assertThat(r.exit()).isZero();
        assertThat(r.outBytes()).hasSize(MIB);
        assertThat(r.out().chars().allMatch(c -> c == 'o')).isTrue();
        assertThat(r.errBytes()).hasSize(2 * MIB);
        assertThat(r.err()).startsWith("eee").endsWith("EEE");
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void stopsAChildThatHangsAndSaysWhichProgramAndHowLong(Way way) throws Exception {
        Path pid = pidFile("pid");
        Path hang = script("hang", "echo $$ > '" + pid + "'\nexec sleep 600");

        assertThatThrownBy(() -> assertTimeoutPreemptively(NO_HANG,
                () -> way.apply(programs().command(hang.toString()).timeout(Duration.ofSeconds(1))).run()))
                .isInstanceOfSatisfying(ProcessException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProcessException.Reason.TIMED_OUT);
                    assertThat(e.program()).isEqualTo(hang.toString());
                })
                .hasMessage(hang + " did not finish within 1 s; it was stopped, with the processes it started");

        assertThat(isRunning(pidIn(pid))).as("the child after its time-out").isFalse();
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void stopsAGrandchildThatHoldsThePipesTogetherWithTheChild(Way way) throws Exception {
        Path pid = pidFile("pid");
        Path grandchildPid = pidFile("grandchild-pid");
        // The child waits for its own child, which has the child's stdout and stderr: killing only
        // the child would leave the pipes open and the runner reading them for ten minutes.
        Path parent = script("parent", "echo $$ > '" + pid + "'\nsleep 600 &\necho $! > '" + grandchildPid
                + "'\necho started\nwait");

        assertThatThrownBy(() -> assertTimeoutPreemptively(NO_HANG,
                () -> way.apply(programs().command(parent.toString()).timeout(Duration.ofSeconds(1))).run()))
                .isInstanceOfSatisfying(ProcessException.class,
                        e -> assertThat(e.reason()).isEqualTo(ProcessException.Reason.TIMED_OUT));

        assertThat(isRunning(pidIn(pid))).as("the child").isFalse();
        assertThat(isRunning(pidIn(grandchildPid))).as("the grandchild").isFalse();
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void returnsWhenAGrandchildOutlivesTheChildAndKeepsItsPipesOpen(Way way) throws Exception {
        Path grandchildPid = pidFile("grandchild-pid");
        // Once the child has exited its children cannot be found from it any more; what matters is
        // that the runner does not wait for them, and that the child's own answer is kept.
        Path child = script("child", "sleep 600 &\necho $! > '" + grandchildPid + "'\necho answer\nexit 3");

        Result r = assertTimeoutPreemptively(NO_HANG,
                () -> way.apply(programs().command(child.toString()).timeout(Duration.ofSeconds(300))).run());

        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.out()).isEqualTo("answer\n");
        assertThat(isRunning(pidIn(grandchildPid))).as("the grandchild is still there (left to the test to end)")
                .isTrue();
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void namesTheMissingProgramAndThePathItWasLookedFor(Way way) throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        String path = empty + ":" + dir.resolve("absent");
        Programs programs = new Programs(Map.of("PATH", path));

        assertThatThrownBy(() -> way.apply(programs.command("no-such-tool", "--version")).run())
                .isInstanceOfSatisfying(ProcessException.class,
                        e -> assertThat(e.reason()).isEqualTo(ProcessException.Reason.NOT_FOUND))
                .hasMessage("no-such-tool not found on PATH (" + path + "); install it or add its directory to PATH");
        assertThatThrownBy(() -> way.apply(new Programs(Map.of()).command("git")).run())
                .hasMessage("git not found: PATH is not set; set PATH to the directories holding git");
        assertThatThrownBy(() -> way.apply(programs.command(dir.resolve("nothing-here").toString())).run())
                .hasMessage(dir.resolve("nothing-here") + " not found (no executable file there)");
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void saysWhyAFoundProgramCannotStart(Way way) throws Exception {
        // An executable file whose interpreter does not exist: the kernel refuses to start it.
        Path broken = dir.resolve("broken");
        Files.writeString(broken, "#!" + dir.resolve("no-such-interpreter") + "\n");
        Files.setPosixFilePermissions(broken, PosixFilePermissions.fromString("rwx------"));

        assertThatThrownBy(() -> way.apply(programs().command(broken.toString())).run())
                .isInstanceOfSatisfying(ProcessException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProcessException.Reason.CANNOT_START);
                    assertThat(e.detail()).isEqualTo("No such file or directory");
                })
                .hasMessage("cannot run " + broken + " (No such file or directory)");
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void aNonZeroExitNamesTheStatusAndTheEndOfStandardErrorButNeverTheSecret(Way way) throws Exception {
        Path failing = script("failing", "read -r s\necho \"first line\" >&2\necho \"refused: $s\" >&2\n"
                + "echo \"see the manual\" >&2\nexit 3");

        Result r = way.apply(programs().command(failing.toString()).secretInput(SECRET + "\n")).run();

        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).as("what the child wrote is the caller's to see").contains(SECRET);
        assertThatThrownBy(r::orFail)
                .isInstanceOfSatisfying(ProcessException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProcessException.Reason.FAILED);
                    assertThat(e.exit()).isEqualTo(3);
                })
                .hasMessage(failing + " failed (exit 3): first line / refused: **** / see the manual")
                .message().doesNotContain(SECRET);
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void neverHandsTheEnvironmentTokenToAChild(Way way) throws Exception {
        Map<String, String> env = env();
        env.put("VCSTOKEN_TOKEN", SECRET);
        env.put("VCSTOKEN_URL", "https://code.example.com");
        env.put("MARKER", "kept");
        Path envProgram = Path.of("/usr/bin/env");

        Result r = way.apply(new Programs(env).command(envProgram.toString())
                .environment("VCSTOKEN_TOKEN", SECRET + "-again").environment("EXTRA", "added")).run();

        assertThat(r.out().lines()).contains("MARKER=kept", "EXTRA=added", "VCSTOKEN_URL=https://code.example.com")
                .noneMatch(l -> l.startsWith("VCSTOKEN_TOKEN="));
        assertThat(r.out()).doesNotContain(SECRET);
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void aSecretReachesTheChildOnStandardInputAndNowhereElse(Way way) throws Exception {
        Path got = dir.resolve("got");
        Path seen = dir.resolve("seen");
        Path reader = script("reader", "read -r s\nprintf '%s' \"$s\" > '" + got + "'\n"
                + "{ printf '%s\\n' \"$0\" \"$@\"; env; cat /proc/$$/cmdline; } > '" + seen + "'");
        Map<String, String> env = env();
        env.put("VCSTOKEN_TOKEN", SECRET);

        Result r = way.apply(new Programs(env).command(reader.toString(), "lookup", "token", "abc")
                .secretInput(SECRET + "\n")).run();

        assertThat(r.exit()).isZero();
        assertThat(Files.readString(got)).isEqualTo(SECRET);
        assertThat(Files.readString(seen)).contains("lookup").doesNotContain(SECRET);
    }

    @Test
    void refusesToRunWhenTheSecretIsAlsoInTheArgumentsOrEnvironment() throws Exception {
        Path reader = script("reader", "cat > /dev/null");

        assertThatThrownBy(() -> programs().command(reader.toString(), "--password=" + SECRET).secretInput(SECRET).run())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refusing to run " + reader)
                .message().doesNotContain(SECRET);
        assertThatThrownBy(() -> programs().command(reader.toString()).environment("PASSWORD", SECRET)
                .secretInput(SECRET).lean().run())
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain(SECRET);
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void passesEveryArgumentExactlyAsGivenWithNoShellInBetween(Way way) throws Exception {
        Path marker = dir.resolve("marker");
        Path echo = script("echo-args", "printf '[%s]\\n' \"$@\"");
        List<String> args = List.of("Password for 'https://alice@host': ", "  two  spaces  ", "$(touch " + marker + ")",
                "`touch " + marker + "`", "*", "a\\b", "semi;colon", "\"quoted\"", "");
        List<String> argv = new ArrayList<>(List.of(echo.toString()));
        argv.addAll(args);

        Result r = way.apply(programs().command(argv)).run();

        List<String> expected = new ArrayList<>();
        for (String a : args) {
            expected.add("[" + a + "]");
        }
        assertThat(r.out().lines()).containsExactlyElementsOf(expected);
        assertThat(marker).doesNotExist();
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void findsAProgramOnTheGivenPathNotOnTheJvms(Way way) throws Exception {
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Path own = bin.resolve("own-tool");
        Files.writeString(own, "#!/bin/sh\necho from-given-path\n");
        Files.setPosixFilePermissions(own, PosixFilePermissions.fromString("rwx------"));
        Programs programs = new Programs(Map.of("PATH", "" + ":" + dir.resolve("absent") + ":" + bin));

        assertThat(programs.find("own-tool")).contains(own);
        assertThat(programs.find("sh")).as("the JVM's PATH has sh; the given one does not").isEmpty();
        assertThat(way.apply(programs.command("own-tool")).run().out()).isEqualTo("from-given-path\n");
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void readsStandardInputFromAFileAndRunsInTheGivenDirectory(Way way) throws Exception {
        Path input = Files.writeString(dir.resolve("input"), "from the file\n");
        Path work = Files.createDirectory(dir.resolve("work"));
        Path show = script("show", "read -r line\necho \"$line in $(pwd)\"");

        Result r = way.apply(programs().command(show.toString()).inputFromFile(input).directory(work)).run();

        assertThat(r.out()).isEqualTo("from the file in " + work.toRealPath() + "\n");
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void withoutInputTheChildReadsEndOfInputAtOnce(Way way) throws Exception {
        Path probe = script("probe", "if read x; then echo \"read:$x\"; else echo eof; fi");

        assertThat(way.apply(programs().command(probe.toString()).timeout(Duration.ofSeconds(30))).run().out())
                .isEqualTo("eof\n");
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void copiesStreamsToTheCallersSinksWhileTheChildRuns(Way way) throws Exception {
        Path both = script("both", "cat\necho to-err >&2");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        Result r = way.apply(programs().command(both.toString())
                .inputFrom(new java.io.ByteArrayInputStream("piped through\n".getBytes(StandardCharsets.UTF_8)))
                .outputTo(out).errorTo(err)).run();

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("piped through\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("to-err\n");
        assertThat(r.outBytes()).as("nothing collected twice").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void aChildThatWritesMoreThanIsKeptIsAFailureNotAnOutOfMemoryError(Way way) throws Exception {
        Path flood = script("flood", "head -c 70000 /dev/zero");

        assertThatThrownBy(() -> way.apply(programs().command(flood.toString()).captureLimit(65536)).run())
                .isInstanceOfSatisfying(ProcessException.class,
                        e -> assertThat(e.reason()).isEqualTo(ProcessException.Reason.TOO_MUCH_OUTPUT));
    }

    @Test
    void aStartedChildHandsOnItsLinesAndReportsItsExit() throws Exception {
        Path lines = script("lines", "echo one\necho two >&2\nprintf 'three'\nexit 4");
        List<String> seen = new CopyOnWriteArrayList<>();

        Running running = programs().command(lines.toString()).errorToOutput().outputLines(seen::add).start();

        assertThat(running.awaitExit(NO_HANG)).isEqualTo(OptionalInt.of(4));
        assertThat(seen).containsExactly("one", "two", "three");
    }

    @Test
    void stoppingAStartedChildThatIgnoresTheRequestKillsItAndWhatItStarted() throws Exception {
        Path pid = pidFile("pid");
        Path grandchildPid = pidFile("grandchild-pid");
        Path stubborn = script("stubborn", "trap '' TERM\necho $$ > '" + pid + "'\nsleep 600 &\necho $! > '"
                + grandchildPid + "'\necho ready\nwait");
        CompletableFuture<String> ready = new CompletableFuture<>();
        Running running = programs().command(stubborn.toString()).outputLines(ready::complete).start();
        assertThat(ready.get(NO_HANG.toSeconds(), TimeUnit.SECONDS)).isEqualTo("ready");

        running.stop(Duration.ofMillis(500));

        assertThat(running.awaitExit(NO_HANG)).isPresent();
        assertThat(isRunning(pidIn(pid))).as("the child").isFalse();
        assertThat(isRunning(pidIn(grandchildPid))).as("the grandchild").isFalse();
    }

    @Test
    void aStartedProgramThatIsMissingFailsAtOnce() {
        assertThatThrownBy(() -> new Programs(Map.of("PATH", dir.toString())).command("xdg-open", "https://x").start())
                .isInstanceOfSatisfying(ProcessException.class,
                        e -> assertThat(e.reason()).isEqualTo(ProcessException.Reason.NOT_FOUND));
    }

    /** A process is running when /proc lists it in a state other than zombie (exited, not yet reaped). */
    private static boolean isRunning(long pid) throws IOException {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        String text;
        try {
            text = Files.readString(stat);
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
        char state = text.charAt(text.lastIndexOf(')') + 2);
        return state != 'Z' && state != 'X';
    }

    private static long pidIn(Path file) throws IOException {
        return Long.parseLong(Files.readString(file).trim());
    }
}
