package org.vcstoken.prompt;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DaemonExecutor;
import org.apache.commons.exec.DefaultExecuteResultHandler;
import org.apache.commons.exec.PumpStreamHandler;
import org.vcstoken.env.Environment;

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
            throw new IllegalArgumentException("url must start with http:// or https://: " + url);
        }
        for (List<String> candidate : candidates(url)) {
            Optional<Path> program = Executables.find(candidate.get(0), env.variables());
            if (program.isPresent() && launch(program.get(), candidate.subList(1, candidate.size()))) {
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

    private boolean launch(Path program, List<String> arguments) {
        CommandLine command = new CommandLine(program.toFile());
        for (String argument : arguments) {
            // No quoting: commons-exec would otherwise wrap arguments with spaces in quotes.
            command.addArgument(argument, false);
        }
        DetachedExecutor executor = new DetachedExecutor();
        executor.setStreamHandler(new PumpStreamHandler(OutputStream.nullOutputStream(), OutputStream.nullOutputStream()));
        DefaultExecuteResultHandler result = new DefaultExecuteResultHandler();
        try {
            executor.execute(command, env.variables(), result);
            result.waitFor(launcherWait);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (!result.hasResult()) {
            return true;
        }
        return result.getException() == null && result.getExitValue() == 0;
    }

    /**
     * Starts the launcher with its standard streams on /dev/null rather than on pipes: a browser
     * that outlives vcstoken would otherwise write into a closed pipe and die of SIGPIPE, and its
     * output must never reach standard output, which belongs to git. Daemon threads, and no
     * process destroyer, so vcstoken can exit while the browser keeps running. Overriding
     * {@code launch} needs a subclass, and the builder cannot make one: hence the deprecated
     * constructor.
     */
    @SuppressWarnings("deprecation")
    private static final class DetachedExecutor extends DaemonExecutor {
        @Override
        protected Process launch(CommandLine command, Map<String, String> env, Path workingDirectory)
                throws IOException {
            ProcessBuilder pb = new ProcessBuilder(command.toStrings());
            pb.environment().clear();
            if (env != null) {
                pb.environment().putAll(env);
            }
            if (workingDirectory != null) {
                pb.directory(workingDirectory.toFile());
            }
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            return pb.start();
        }
    }
}
