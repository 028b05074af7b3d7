package org.vcstoken.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.sandbox.Sandbox;
import org.vcstoken.testing.Sandboxes;
import org.vcstoken.testing.Screen;
import org.vcstoken.testing.TestInstall;
import org.vcstoken.testing.Tools;

/**
 * Assisted creation as a person does it: {@code git clone} in a real pseudo-terminal (util-linux
 * {@code script}); the helper asks on /dev/tty, the password is typed there, and it appears on no
 * screen, in no file, no trace and no process's argv.
 */
class TerminalCreationEndToEndTest {
    static final String PASSWORD = "typed-on-the-terminal-5521";
    static final Duration STEP = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    Sandbox sandbox;
    TestInstall install;
    Process script;

    @BeforeAll
    static void needsTools() {
        Tools.require("git");
        Tools.require("script");
    }

    @BeforeEach
    void setUp() throws Exception {
        sandbox = Sandboxes.start(dir);
        sandbox.createUser("alice", PASSWORD);
        sandbox.createRepo("team/app", "git", "alice");
        install = TestInstall.in(dir.resolve("client"));
        install.with("VCSTOKEN_TRACE", dir.resolve("trace.log").toString());
        install.env().remove("GIT_TERMINAL_PROMPT");
        install.vcstoken("", "server", "add", sandbox.url().toString(), "--user", "alice");
        install.vcstoken("", "configure", "--git");
    }

    @AfterEach
    void tearDown() {
        if (script != null && script.isAlive()) {
            script.descendants().forEach(ProcessHandle::destroyForcibly);
            script.destroyForcibly();
        }
        sandbox.close();
    }

    @Test
    void thePasswordTypedAtTheTerminalCreatesATokenAndIsNeverWrittenAnywhere() throws Exception {
        String command = "cd '" + dir + "' && exec git clone " + sandbox.url() + "/team/app app";
        ProcessBuilder pb = new ProcessBuilder(List.of("script", "-q", "-e", "-c", command, "/dev/null"));
        pb.environment().clear();
        pb.environment().putAll(install.env());
        pb.environment().put("SHELL", "/bin/sh");
        pb.redirectErrorStream(true);
        script = pb.start();
        Screen screen = new Screen(script.getInputStream(), STEP);
        OutputStream keyboard = script.getOutputStream();

        screen.awaitText("Create one now?", 1);
        keyboard.write("a\n".getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
        screen.awaitText("Password for alice", 1);
        keyboard.write((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
        List<String> argvSeen = commandLinesOf(script.toHandle());
        String shown = screen.awaitEnd();

        assertThat(script.waitFor(STEP.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(script.exitValue()).as(shown).isZero();
        assertThat(shown).contains("created token").doesNotContain(PASSWORD);
        assertThat(dir.resolve("app/.git")).isDirectory();
        assertThat(argvSeen).isNotEmpty().noneMatch(a -> a.contains(PASSWORD));
        try (Stream<Path> files = Files.walk(install.root())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f, StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(PASSWORD);
            }
        }
        assertThat(Files.readString(dir.resolve("trace.log"))).doesNotContain(PASSWORD).contains("created token");
    }

    /** The argv of every process under {@code root} right now, read from /proc as any local user could. */
    private static List<String> commandLinesOf(ProcessHandle root) throws Exception {
        List<String> lines = new ArrayList<>();
        for (ProcessHandle p : root.descendants().toList()) {
            Path cmdline = Path.of("/proc", Long.toString(p.pid()), "cmdline");
            if (Files.isReadable(cmdline)) {
                lines.add(new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).replace('\0', ' '));
            }
        }
        return lines;
    }
}
