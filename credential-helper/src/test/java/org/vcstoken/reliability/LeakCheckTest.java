package org.vcstoken.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.env.StatePaths;
import org.vcstoken.sandbox.IssuedToken;
import org.vcstoken.sandbox.Sandbox;
import org.vcstoken.store.TokenStore;
import org.vcstoken.testing.Sandboxes;
import org.vcstoken.testing.Proc;
import org.vcstoken.testing.TestInstall;
import org.vcstoken.testing.Tools;
import org.vcstoken.token.Token;

/**
 * Every command and front door, traced, against the sandbox; then every byte they produced is
 * searched for the secrets in play (the account password, every token in the store, the API key,
 * and their Basic-auth encodings): stdout, stderr, the trace file, the config files vcstoken
 * wrote, cloned repositories' config, and /proc/PID/cmdline and environ of every process we
 * started, sampled while they ran and dumped by the askpass program and a helper wrapper from
 * inside. Zero hits; the only allowed holders are the store itself and the svn auth cache, 0600.
 */
class LeakCheckTest {
    static final String PASSWORD = "Pa55-word-of-alice-7731";

    @TempDir
    Path dir;
    Sandbox sandbox;
    TestInstall install;
    String url;
    Path inputs;
    Path dumps;
    final Map<String, String> outputs = new LinkedHashMap<>();
    final Set<String> procSamples = Collections.synchronizedSet(new LinkedHashSet<>());
    final AtomicInteger sampledProcesses = new AtomicInteger();
    final Set<Long> sandboxPids = new HashSet<>();
    ScheduledExecutorService sampler;

    @BeforeEach
    void setUp() throws Exception {
        Tools.require("git");
        sandbox = Sandboxes.start(dir);
        url = sandbox.url().toString().replaceAll("/$", "");
        sandbox.createUser("alice", PASSWORD);
        sandbox.createRepo("grp/app", "git", "alice");
        sandbox.createRepo("grp/other", "git", "alice");
        // The sandbox's own children (hg serve, Apache) are the server side, not ours.
        ProcessHandle.current().descendants().forEach(p -> sandboxPids.add(p.pid()));
        install = TestInstall.in(dir.resolve("client"));
        inputs = Files.createDirectories(dir.resolve("inputs"));
        dumps = Files.createDirectories(dir.resolve("dumps"));
        install.with("VCSTOKEN_TRACE", install.state().resolve("trace.log").toString());
        install.with("VCSTOKEN_HG_EXTENSION", Path.of("..", "hg-extension-bridge", "src", "main", "python", "vcstoken.py")
                .toAbsolutePath().normalize().toString());
        // A wrapper that records its own argv and environment from inside, then becomes the helper.
        Path spy = install.root().resolve("bin/git-credential-vcstoken-spy");
        Files.writeString(spy, "#!/bin/sh\n" + dumpSelf("helper") + "exec '" + install.helper() + "' \"$@\"\n");
        Files.setPosixFilePermissions(spy, PosixFilePermissions.fromString("rwx------"));
        install.with("VCSTOKEN_GIT_HELPER", spy.toString());
        Path askpass = inputs.resolve("askpass.sh");
        Files.writeString(askpass, "#!/bin/sh\n" + dumpSelf("askpass")
                + "case \"$1\" in\n  *'Create one now'*) echo a ;;\n  *assword*) echo '" + PASSWORD + "' ;;\n"
                + "  *lifetime*) echo 1h ;;\n  *) echo y ;;\nesac\n");
        Files.setPosixFilePermissions(askpass, PosixFilePermissions.fromString("rwx------"));
        install.with("GIT_ASKPASS", askpass.toString());
        sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleWithFixedDelay(this::sample, 0, 3, TimeUnit.MILLISECONDS);
    }

    /** Shell lines that copy this process's and its parent's argv and environment into the dump directory. */
    private String dumpSelf(String name) {
        String out = dumps.resolve(name).toString();
        return "for p in $$ $PPID; do { echo \"== $p\"; tr '\\0' '\\n' < /proc/$p/cmdline; tr '\\0' '\\n' < /proc/$p/environ; }"
                + " >> '" + out + "-$$' 2>/dev/null; done\n";
    }

    @AfterEach
    void tearDown() throws Exception {
        if (sampler != null) {
            sampler.shutdownNow();
            sampler.awaitTermination(10, TimeUnit.SECONDS);
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /** Reads argv and environment of every live descendant we started. */
    private void sample() {
        ProcessHandle.current().descendants().forEach(p -> {
            if (sandboxPids.contains(p.pid()) || p.parent().map(pp -> sandboxPids.contains(pp.pid())).orElse(false)) {
                return;
            }
            StringBuilder b = new StringBuilder();
            for (String part : new String[] {"cmdline", "environ"}) {
                try {
                    byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), part));
                    b.append(new String(raw, StandardCharsets.UTF_8).replace('\0', '\n')).append('\n');
                } catch (IOException e) {
                    return; // it ended between listing and reading: nothing left to leak
                }
            }
            sampledProcesses.incrementAndGet();
            procSamples.add(b.toString());
        });
    }

    private Proc.Result run(String name, String stdin, String... args) throws Exception {
        Proc.Result r = install.vcstoken(stdin, args);
        outputs.put(name + " (stdout)", r.out());
        outputs.put(name + " (stderr)", r.err());
        return r;
    }

    private Proc.Result git(String name, Path cwd, String... args) throws Exception {
        Proc.Result r = install.git(cwd, null, args);
        outputs.put(name + " (stdout)", r.out());
        outputs.put(name + " (stderr)", r.err());
        return r;
    }

    private Proc.Result helper(String name, String action, String input) throws Exception {
        Proc.Result r = Proc.run(List.of(install.helper(), action), install.env(), install.root(), input,
                Duration.ofSeconds(60));
        outputs.put(name + " (stdout)", r.out());
        outputs.put(name + " (stderr)", r.err());
        return r;
    }

    private static void ok(Proc.Result r) {
        assertThat(r.exit()).as(r.toString()).isZero();
    }

    @Test
    void noSecretAppearsInAnyOutputTraceConfigFileArgvOrEnvironmentOfAnyCommandOrFrontDoor() throws Exception {
        String repoToken = "feedfacefeedfacefeedfacefeedfacefeedface";
        IssuedToken api = sandbox.addToken("alice", "token_role_api", -1, "for import-rhoderc", null);
        IssuedToken wide = sandbox.addToken("alice", "token_role_vcs", 60, "server-wide", null);
        sandbox.addToken("alice", "token_role_vcs", 60, "for grp/app", "grp/app");
        Set<String> secrets = new LinkedHashSet<>(List.of(PASSWORD, repoToken, api.token(), wide.token()));
        List<String> commands = new ArrayList<>();

        ok(run("server add", "", "server", "add", url, "--user", "alice", "--lifetime", "1h"));
        ok(run("token add (bad secret)", repoToken + "\n", "token", "add", url + "/grp/app", "--user", "alice"));
        ok(run("token add server-wide", wide.token() + "\n", "token", "add", url, "--user", "alice"));
        ok(run("token list", "", "token", "list"));
        ok(run("token list --json", "", "token", "list", "--json"));
        ok(run("server list", "", "server", "list"));
        Files.writeString(install.home().resolve(".rhoderc"), "[instance:main]\napi_host = " + url + "\napi_key = "
                + api.token() + "\n");
        ok(run("server import-rhoderc", "", "server", "import-rhoderc"));
        Files.delete(install.home().resolve(".rhoderc"));
        ok(run("configure --git", "", "configure", "--git"));
        run("token check", "", "token", "check"); // the made-up repo token is refused: exit 1 is the point

        // The git front door, tracing to stderr this time: clone and fetch through the helper.
        install.with("VCSTOKEN_TRACE", "1");
        ok(git("git clone", dir, "clone", url + "/grp/app", "app"));
        ok(git("git fetch", dir.resolve("app"), "fetch"));
        install.with("VCSTOKEN_TRACE", install.state().resolve("trace.log").toString());
        String get = "protocol=http\nhost=" + sandbox.url().getHost() + ":" + sandbox.url().getPort() + "\npath=grp/other\n";
        Proc.Result got = helper("helper get", "get", get + "\n");
        ok(got);
        assertThat(got.out()).as("the helper's stdout is the protocol: the one place a token belongs")
                .contains("password=" + wide.token());
        outputs.remove("helper get (stdout)");
        ok(helper("helper store", "store", get + "username=alice\npassword=" + wide.token() + "\n\n"));
        ok(helper("helper erase", "erase", get + "username=alice\npassword=" + repoToken + "\n\n"));

        // Creating tokens: login and renew with the password through askpass, tracing to stderr.
        install.with("VCSTOKEN_TRACE", "1");
        ok(run("login --assisted", "", "login", url + "/grp/other", "--assisted"));
        collectStoreSecrets(secrets);
        install.with("VCSTOKEN_TRACE", install.state().resolve("trace.log").toString());
        ok(run("renew", "", "renew", url + "/grp/other"));
        collectStoreSecrets(secrets);
        commands.addAll(List.of("server add", "token add", "token list", "server list", "server import-rhoderc",
                "configure --git", "token check", "git clone", "git fetch", "helper get/store/erase", "login", "renew"));

        // Commands others are adding: run those that exist.
        if (run("clone --help", "", "clone", "--help").exit() == 0) {
            ok(run("vcstoken clone", "", "clone", url + "/grp/app", dir.resolve("jgit-app").toString()));
            commands.add("clone");
        }
        if (run("env --help", "", "env", "--help").exit() == 0) {
            ok(run("env --ci", "", "env", "--ci"));
            commands.add("env --ci");
        }
        if (run("doctor --help", "", "doctor", "--help").exit() == 0) {
            run("doctor", "", "doctor", url + "/grp/app");
            commands.add("doctor");
        }
        if (Tools.available("hg") && sandbox.hgAvailable()) {
            sandbox.createRepo("grp/hgapp", "hg", "alice");
            ok(run("configure --hg", "", "configure", "--hg"));
            Proc.Result hg = Proc.run(List.of("hg", "clone", url + "/grp/hgapp", dir.resolve("hgapp").toString()),
                    install.env(), dir, null, Duration.ofSeconds(120));
            outputs.put("hg clone (stdout)", hg.out());
            outputs.put("hg clone (stderr)", hg.err());
            ok(hg);
            commands.add("hg clone (extension)");
        }
        if (Tools.available("svn") && sandbox.svnAvailable() && run("svn --help", "", "svn", "--help").exit() == 0) {
            sandbox.createRepo("grp/svnapp", "svn", "alice");
            Proc.Result co = run("vcstoken svn checkout", "", "svn", "checkout", url + "/grp/svnapp",
                    dir.resolve("svnapp").toString());
            ok(co);
            run("configure --svn", "", "configure", "--svn-url", url + "/grp/svnapp");
            commands.add("svn checkout (wrapper)");
            commands.add("configure --svn");
        }
        collectStoreSecrets(secrets);
        assertThat(secrets).as("login and renew created tokens").hasSizeGreaterThan(5);
        Set<String> needles = new LinkedHashSet<>();
        for (String s : secrets) {
            needles.add(s);
            needles.add(Base64.getEncoder().encodeToString(("alice:" + s).getBytes(StandardCharsets.UTF_8)));
        }

        List<String> hits = new ArrayList<>();
        for (Map.Entry<String, String> e : outputs.entrySet()) {
            scan(e.getKey(), e.getValue(), needles, hits);
        }
        synchronized (procSamples) {
            for (String s : procSamples) {
                scan("/proc sample " + s.lines().findFirst().orElse(""), s, needles, hits);
            }
        }
        int files = 0;
        List<Path> allowed = new ArrayList<>();
        for (Path root : List.of(install.root(), dumps, dir.resolve("app"), dir.resolve("jgit-app"), dir.resolve("hgapp"),
                dir.resolve("svnapp"))) {
            if (!Files.exists(root)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path f : walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                    if (f.equals(install.storeFile()) || f.toString().contains("/objects/")) {
                        continue; // the store holds them by design; git objects are repository content
                    }
                    String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                    if (f.toString().contains("svn.simple")) {
                        allowed.add(f);
                        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString())
                                .isEqualTo("rw-------");
                        continue;
                    }
                    files++;
                    scan(f.toString(), text, needles, hits);
                }
            }
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(install.storeFile()))).isEqualTo("rw-------");
        assertThat(Files.readString(install.state().resolve("trace.log"))).as("the trace file was written")
                .contains("chose token");
        assertThat(dumps.toFile().list()).as("the askpass program and the helper wrapper dumped their view")
                .anyMatch(n -> n.startsWith("askpass-")).anyMatch(n -> n.startsWith("helper-"));
        System.out.println("leak check: " + commands.size() + " commands/front doors " + commands + ", " + outputs.size()
                + " output streams, " + files + " files, " + procSamples.size() + " distinct /proc samples of "
                + sampledProcesses.get() + " process readings, " + needles.size() + " secret forms, allowed holders "
                + allowed);
        assertThat(hits).as("secrets found").isEmpty();
    }

    /** Every secret in the store now: tokens that login and renew created included. */
    private void collectStoreSecrets(Set<String> secrets) throws Exception {
        TokenStore store = new TokenStore(new StatePaths(install.state(), install.state()), Duration.ofSeconds(5), n -> { });
        for (Token t : store.read().tokens()) {
            secrets.add(t.secret().reveal());
        }
    }

    private static void scan(String where, String text, Set<String> needles, List<String> hits) {
        for (String n : needles) {
            if (text.contains(n)) {
                hits.add(where + " contains " + n.substring(0, 6) + "…");
            }
        }
    }
}
