package org.vcstoken.hg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The machine's {@code hg} with the extension enabled, in an isolated HOME and HGRCPATH,
 * non-interactive (stdin closed and {@code ui.interactive=false}), bounded in time.
 */
final class HgClient {

    static final Path EXTENSION = Path.of("src", "main", "python", "vcstoken.py").toAbsolutePath();

    private final Path hg;
    private final Path dir;
    private final Map<String, String> env;

    private HgClient(Path hg, Path dir, Map<String, String> env) {
        this.hg = hg;
        this.dir = dir;
        this.env = env;
    }

    /**
     * @param dir working area (gets {@code home/}, {@code hgrc})
     * @param helperCommand written to {@code [vcstoken] command}
     * @param vcstokenHome the helper's state directory, passed as {@code VCSTOKEN_HOME}
     */
    static HgClient create(Path dir, Path helperCommand, Path vcstokenHome) throws IOException {
        Path hg = Tools.require("hg");
        Path home = Files.createDirectories(dir.resolve("home"));
        Path hgrc = dir.resolve("hgrc");
        Files.writeString(hgrc, "[ui]\ninteractive = false\nusername = Test <test@example.com>\n"
                + "[extensions]\nvcstoken = " + EXTENSION + "\n"
                + "[vcstoken]\ncommand = " + helperCommand + "\ntimeout = 30\n");
        Map<String, String> env = HgServer.baseEnv(home, hgrc);
        env.put("VCSTOKEN_HOME", vcstokenHome.toString());
        return new HgClient(hg, dir, env);
    }

    /** As {@link #create} but with an hgrc written by someone else (e.g. {@code HgConfigurer}). */
    static HgClient withHgrc(Path dir, Path hgrc, Path vcstokenHome) throws IOException {
        Path hg = Tools.require("hg");
        Path home = Files.createDirectories(dir.resolve("home"));
        Map<String, String> env = HgServer.baseEnv(home, hgrc);
        env.put("VCSTOKEN_HOME", vcstokenHome.toString());
        return new HgClient(hg, dir, env);
    }

    /** Sets an extra environment variable for every later run. */
    HgClient with(String name, String value) {
        env.put(name, value);
        return this;
    }

    ProcessResult run(Path cwd, String... args) {
        List<String> command = new ArrayList<>();
        command.add(hg.toString());
        command.addAll(List.of(args));
        return Processes.run(command, cwd, env, Duration.ofSeconds(120));
    }

    ProcessResult run(String... args) {
        return run(dir, args);
    }

    Path dir() {
        return dir;
    }
}
