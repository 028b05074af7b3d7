package org.vcstoken.prompt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import org.vcstoken.env.Environment;
import org.vcstoken.messages.PromptMessages;
import org.vcstoken.process.ProcessException;
import org.vcstoken.process.Programs;
import org.vcstoken.process.Running;

/**
 * Opens a web page (the server's token page) in the person's browser: {@code $BROWSER}, then
 * {@code xdg-open}, then {@code open}, each only when it is found on PATH. When none starts, the
 * caller prints the address instead.
 */
public final class BrowserOpener {
    private static final Duration DEFAULT_LAUNCHER_WAIT = Duration.ofSeconds(2);

    private final Environment env;
    private final Duration launcherWait;

    public BrowserOpener(Environment env) {
        this(env, DEFAULT_LAUNCHER_WAIT);
    }

    /**
     * @param launcherWait how long to wait for a launcher's exit status; one still running by then
     *                     is taken as a browser that started in the foreground
     */
    BrowserOpener(Environment env, Duration launcherWait) {
        this.env = Objects.requireNonNull(env, "env");
        this.launcherWait = Objects.requireNonNull(launcherWait, "launcherWait");
    }

    /**
     * @param url an {@code http} or {@code https} address; anything else is refused so that it can
     *            never be taken as an option or a local file by the launcher
     * @return true when a browser (or launcher) started; false when the caller should print the URL
     */
    public boolean open(String url) {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("https://") && !url.startsWith("http://")) {
            throw new IllegalArgumentException(PromptMessages.browserUrlNotHttp(url));
        }
        Programs programs = new Programs(env.variables());
        for (List<String> candidate : candidates(url)) {
            if (launch(programs, candidate)) {
                return true;
            }
        }
        return false;
    }

    /**
     * BROWSER may list several commands separated by ':', each with arguments, where "%s" stands
     * for the URL (the convention Python's webbrowser and xdg-utils follow).
     */
    private List<List<String>> candidates(String url) {
        List<List<String>> result = new ArrayList<>();
        for (String entry : env.get("BROWSER").map(b -> b.split(":")).orElse(new String[0])) {
            List<String> words = new ArrayList<>(Arrays.asList(entry.trim().split("\\s+")));
            if (words.get(0).isEmpty()) {
                continue;
            }
            boolean placed = false;
            for (int i = 1; i < words.size(); i++) {
                if (words.get(i).contains("%s")) {
                    words.set(i, words.get(i).replace("%s", url));
                    placed = true;
                }
            }
            if (!placed) {
                words.add(url);
            }
            result.add(words);
        }
        result.add(List.of("xdg-open", url));
        result.add(List.of("open", url));
        return result;
    }

    /**
     * Starts a launcher (found on PATH, never through a shell) with its standard streams on
     * /dev/null rather than on pipes: a browser that outlives vcstoken would otherwise write into a
     * closed pipe and die of SIGPIPE, and its output must never reach standard output, which
     * belongs to git. It is not stopped when vcstoken exits.
     */
    private boolean launch(Programs programs, List<String> command) {
        Running launcher;
        try {
            launcher = programs.command(command).discardOutput().discardError().start();
        } catch (ProcessException e) {
            // Not installed, or not runnable: try the next one.
            return false;
        }
        OptionalInt exit = launcher.awaitExit(launcherWait);
        return exit.isEmpty() || exit.getAsInt() == 0;
    }
}
