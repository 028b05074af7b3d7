package org.vcstoken.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.env.Environment;

class BrowserOpenerTest {
    /** Shell metacharacters, spaces and quotes: any interpolation would change or split it. */
    private static final String URL =
            "https://code.example.com/_admin/my_account/auth_tokens?token_role=token_role_vcs&x='a b'\"$(id)${HOME}`id`";

    @TempDir
    Path dir;

    private Path bin;
    private Path pidOfBlockingBrowser;

    @AfterEach
    void stopBlockingBrowser() throws Exception {
        if (pidOfBlockingBrowser != null && Files.exists(pidOfBlockingBrowser)) {
            ProcessHandle.of(ScriptFiles.pidIn(pidOfBlockingBrowser)).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private Path bin() throws Exception {
        if (bin == null) {
            bin = Files.createDirectory(dir.resolve("bin"));
        }
        return bin;
    }

    /** A browser that records how many arguments it got and the first one. */
    private Path recordingBrowser(Path file, Path record) throws Exception {
        return ScriptFiles.executable(file, "printf '%s|%s' \"$#\" \"$1\" > '" + record + "'");
    }

    private Map<String, String> env(String... pairs) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", bin().toString());
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private BrowserOpener opener(Map<String, String> env) {
        return new BrowserOpener(new Environment(env), Duration.ofSeconds(10));
    }

    @Test
    void opensTheUrlWithBrowserPassingItAsOneUntouchedArgument() throws Exception {
        Path record = dir.resolve("record");
        recordingBrowser(bin().resolve("my-browser"), record);

        boolean opened = opener(env("BROWSER", "my-browser")).open(URL);

        assertThat(opened).isTrue();
        assertThat(Files.readString(record)).isEqualTo("1|" + URL);
    }

    @Test
    void theBrowserNeverGetsTheEnvironmentToken() throws Exception {
        Path seen = dir.resolve("seen");
        ScriptFiles.executable(bin().resolve("env-browser"), "/usr/bin/env > '" + seen + "'");

        boolean opened = opener(env("BROWSER", "env-browser", "VCSTOKEN_TOKEN", "ci-t0ken-abcdef", "MARKER", "kept"))
                .open(URL);

        assertThat(opened).isTrue();
        assertThat(Files.readString(seen)).contains("MARKER=kept").doesNotContain("VCSTOKEN_TOKEN")
                .doesNotContain("ci-t0ken-abcdef");
    }

    @Test
    void acceptsAnAbsoluteBrowserPath() throws Exception {
        Path record = dir.resolve("record");
        Path browser = recordingBrowser(dir.resolve("elsewhere-browser"), record);

        assertThat(opener(env("BROWSER", browser.toString())).open(URL)).isTrue();
        assertThat(Files.readString(record)).isEqualTo("1|" + URL);
    }

    @Test
    void putsTheUrlWhereBrowserSaysPercentS() throws Exception {
        Path record = dir.resolve("record");
        ScriptFiles.executable(bin().resolve("my-browser"), "printf '%s|%s|%s' \"$#\" \"$1\" \"$2\" > '" + record + "'");

        assertThat(opener(env("BROWSER", "my-browser --new-tab=%s --private")).open(URL)).isTrue();
        assertThat(Files.readString(record)).isEqualTo("2|--new-tab=" + URL + "|--private");
    }

    @Test
    void fallsBackToXdgOpenWhenBrowserIsNotOnPath() throws Exception {
        Path record = dir.resolve("record");
        recordingBrowser(bin().resolve("xdg-open"), record);

        assertThat(opener(env("BROWSER", "not-installed")).open(URL)).isTrue();
        assertThat(Files.readString(record)).isEqualTo("1|" + URL);
    }

    @Test
    void fallsBackToTheNextLauncherWhenOneFails() throws Exception {
        Path record = dir.resolve("record");
        ScriptFiles.executable(bin().resolve("xdg-open"), "exit 4");
        recordingBrowser(bin().resolve("open"), record);

        assertThat(opener(env()).open(URL)).isTrue();
        assertThat(Files.readString(record)).isEqualTo("1|" + URL);
    }

    @Test
    void triesTheNextEntryOfAColonSeparatedBrowserList() throws Exception {
        Path record = dir.resolve("record");
        ScriptFiles.executable(bin().resolve("broken"), "exit 1");
        recordingBrowser(bin().resolve("works"), record);

        assertThat(opener(env("BROWSER", "missing:broken:works")).open(URL)).isTrue();
        assertThat(Files.readString(record)).isEqualTo("1|" + URL);
    }

    @Test
    void looksOnlyOnTheInjectedPath() throws Exception {
        Path record = dir.resolve("record");
        Path other = Files.createDirectory(dir.resolve("other"));
        recordingBrowser(other.resolve("xdg-open"), record);

        assertThat(opener(env()).open(URL)).isFalse();
        assertThat(record).doesNotExist();
    }

    @Test
    void reportsFalseWhenNothingCanOpenIt() throws Exception {
        assertThat(opener(env("BROWSER", "not-installed")).open(URL)).isFalse();
    }

    @Test
    void doesNotWaitForABrowserThatKeepsRunning() throws Exception {
        Path fifo = ScriptFiles.fifo(dir.resolve("never-written"));
        pidOfBlockingBrowser = dir.resolve("pid");
        ScriptFiles.executable(bin().resolve("my-browser"),
                "echo $$ > '" + pidOfBlockingBrowser + "'\nread x < '" + fifo + "'");
        BrowserOpener opener = new BrowserOpener(new Environment(env("BROWSER", "my-browser")), Duration.ofMillis(300));

        long started = System.nanoTime();
        boolean opened = opener.open(URL);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(opened).isTrue();
        assertThat(took).isLessThan(Duration.ofSeconds(5));
        assertThat(ScriptFiles.isRunning(ScriptFiles.pidIn(pidOfBlockingBrowser))).isTrue();
    }

    @Test
    void refusesSomethingThatIsNotAWebAddress() throws Exception {
        BrowserOpener opener = opener(env());

        assertThatThrownBy(() -> opener.open("--help")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--help");
    }
}
