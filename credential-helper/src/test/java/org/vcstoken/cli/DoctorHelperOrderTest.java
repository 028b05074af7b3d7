package org.vcstoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.env.Environment;
import org.vcstoken.testing.Proc;
import org.vcstoken.testing.TestInstall;
import org.vcstoken.testing.Tools;

/**
 * {@code vcstoken doctor} on credential helpers git would run after vcstoken's, and so hand every
 * token to with its {@code store}: in a repository's config, in {@code ~/.gitconfig} while
 * vcstoken's include is in the XDG file, on git's command line. Real git, real config files in a
 * temporary HOME; a small local server stands in for the forge so that every other check passes.
 */
class DoctorHelperOrderTest {
    @TempDir
    Path dir;
    TestInstall install;
    HttpServer server;
    String url;
    Path home;
    Path elsewhere;

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void needsGit() {
        Tools.require("git");
    }

    @BeforeEach
    void setUp() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"forge\"");
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
        install = TestInstall.in(dir.resolve("client"));
        home = install.home();
        elsewhere = Files.createDirectories(dir.resolve("not-a-repository"));
        // git and vcstoken's launchers only: no hg or svn checks to pass.
        Path tools = Files.createDirectories(dir.resolve("tools"));
        Files.createSymbolicLink(tools.resolve("git"), Path.of(new ProcessBuilder("sh", "-c", "command -v git")
                .start().inputReader().readLine()));
        install.with("PATH", dir.resolve("client/bin") + ":" + tools);
        ok("server", "add", url, "--kind", "generic", "--user", "alice");
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
    }

    private Run vcstoken(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = VcstokenMain.run(args, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new Environment(install.env()), FileSystems.getDefault(), Clock.systemUTC());
        Run r = new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        System.out.println(String.join(" ", args) + "\n" + r.out() + r.err());
        return r;
    }

    private Run ok(String... args) {
        Run r = vcstoken(args);
        assertThat(r.exit()).as(String.join(" ", args) + "\n" + r.out() + r.err()).isZero();
        return r;
    }

    /** doctor as git sees things in {@code repo}. */
    private Run doctorIn(Path repo) {
        return vcstoken("doctor", "-C", repo.toString(), url);
    }

    private Path repository(String name) throws Exception {
        Path repo = dir.resolve(name);
        assertThat(git(dir, "init", "-q", repo.toString()).exit()).isZero();
        return repo;
    }

    private Proc.Result git(Path where, String... args) throws Exception {
        Proc.Result r = install.git(where, null, args);
        assertThat(r.exit()).as("git " + String.join(" ", args) + "\n" + r).isZero();
        return r;
    }

    private static String fix(String out) {
        Matcher m = Pattern.compile("(?m)^       fix: (.*)$").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return m.group(1);
    }

    /** Runs what a fix says after "remove it there: " with a shell, as a person would paste it. */
    private void runFix(String fix) throws Exception {
        Matcher m = Pattern.compile("remove it there: (git config .*?)(?: \\(or keep it|$|;)").matcher(fix);
        assertThat(m.find()).as(fix).isTrue();
        Proc.Result r = Proc.run(List.of("sh", "-c", m.group(1)), install.env(), dir, null, Duration.ofSeconds(30));
        assertThat(r.exit()).as(m.group(1) + "\n" + r).isZero();
    }

    /** The secret git hands every helper after a successful request, and where credential-store keeps it. */
    private Path approveAToken(Path where) throws Exception {
        String secret = "0123456789abcdef0123456789abcdef01234567";
        install.addToken(url + "/team/app", "alice", secret);
        Proc.Result fill = install.git(where, "url=" + url + "/team/app.git\n\n", "credential", "fill");
        assertThat(fill.out()).as(fill.toString()).contains("password=" + secret);
        git(where, "credential", "approve");
        Proc.Result approve = install.git(where, fill.out() + "\n", "credential", "approve");
        assertThat(approve.exit()).isZero();
        return home.resolve(".git-credentials");
    }

    @Test
    void aHelperInARepositorysConfigIsNamedWithItsFileAndTheFixWorks() throws Exception {
        ok("configure", "--git");
        Path repo = repository("app");
        git(repo, "config", "credential.helper", "store");

        Run inRepo = doctorIn(repo);
        Run outside = doctorIn(elsewhere);

        Path config = repo.resolve(".git/config");
        assertThat(inRepo.exit()).isEqualTo(1);
        assertThat(inRepo.out()).contains("FAIL git: " + url + " helpers [" + install.helper() + ", store] do not end "
                + "with vcstoken's", "'store' in " + config + " (local)",
                "remove it there: git config --file " + config + " --fixed-value --unset-all credential.helper store");
        assertThat(outside.exit()).as("outside the repository nothing comes after vcstoken's").isZero();
        assertThat(outside.out()).contains("ok   git: " + url + " helpers [" + install.helper() + "] end with vcstoken's");

        runFix(fix(inRepo.out()));
        Run fixed = doctorIn(repo);
        assertThat(fixed.exit()).as(fixed.out()).isZero();
        assertThat(fixed.out()).contains("doctor: all checks passed");
    }

    @Test
    void doctorRunInsideARepositoryReadsThatRepositorysHelpersForTheServer() throws Exception {
        ok("configure", "--git");
        Path repo = repository("lib");
        git(repo, "config", "credential." + url + ".helper", "cache --timeout=60");
        Path sub = Files.createDirectories(repo.resolve("src/main"));

        // The installed command, started in a subdirectory: git names the file relative to the top.
        Proc.Result r = Proc.run(List.of(install.root().resolve("bin/vcstoken").toString(), "doctor", url),
                install.env(), sub, null, Duration.ofSeconds(120));

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("do not end with vcstoken's", "'cache --timeout=60' in " + repo.resolve(".git/config")
                + " (local)", "--unset-all credential." + url + ".helper 'cache --timeout=60'");
    }

    @Test
    void anEmptyHelperInARepositoryClearsVcstokensAndIsNamed() throws Exception {
        ok("configure", "--git");
        Path repo = repository("cleared");
        git(repo, "config", "credential.helper", "");

        Run r = doctorIn(repo);

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL git: " + url + " helpers (none) do not end with vcstoken's",
                "fix: an empty credential helper in " + repo.resolve(".git/config") + " (local) clears vcstoken's: "
                        + "remove it there: git config --file " + repo.resolve(".git/config")
                        + " --fixed-value --unset-all credential.helper ''");
        runFix(fix(r.out()));
        assertThat(doctorIn(repo).exit()).isZero();
    }

    @Test
    void aHelperOnGitsCommandLineIsNamedAsSuch() throws Exception {
        ok("configure", "--git");
        install.with("GIT_CONFIG_COUNT", "1").with("GIT_CONFIG_KEY_0", "credential.helper").with("GIT_CONFIG_VALUE_0", "store");

        Run r = doctorIn(elsewhere);

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("'store' in git's command line (git -c, GIT_CONFIG_PARAMETERS or GIT_CONFIG_COUNT)",
                "leave credential.helper out of git -c");
    }

    /**
     * git reads the XDG file before ~/.gitconfig. With vcstoken's include in the XDG file (configure
     * put it there while ~/.gitconfig did not exist), a helper in ~/.gitconfig comes after it.
     */
    @Test
    void aHelperInGitconfigAfterAnIncludeInTheXdgFileIsNamedAndConfigureMovesTheInclude() throws Exception {
        install.env().remove("GIT_CONFIG_GLOBAL");
        Files.deleteIfExists(home.resolve(".gitconfig"));
        Path xdg = Files.createDirectories(home.resolve(".config/git")).resolve("config");
        Files.writeString(xdg, "[user]\n\tname = Alice\n");
        ok("configure", "--git");
        assertThat(Files.readString(xdg)).as("git config --global writes to the XDG file when it is the only one")
                .contains(install.state().resolve("gitconfig").toString());
        Files.writeString(home.resolve(".gitconfig"), "[credential]\n\thelper = store\n");

        Run before = doctorIn(elsewhere);
        Run configured = ok("configure", "--git");
        Run after = doctorIn(elsewhere);

        assertThat(before.exit()).isEqualTo(1);
        assertThat(before.out()).contains("store] do not end with vcstoken's",
                "'store' in " + home.resolve(".gitconfig") + " (global); run: vcstoken configure --git");
        assertThat(configured.out()).contains("git: moved the include line to the end of " + home.resolve(".gitconfig"));
        assertThat(Files.readString(xdg)).isEqualTo("[user]\n\tname = Alice\n");
        assertThat(after.exit()).as(after.out()).isZero();
        assertThat(approveAToken(elsewhere)).as("credential-store never saw the token").doesNotExist();

        ok("unconfigure", "--git");
        assertThat(Files.readString(home.resolve(".gitconfig"))).isEqualTo("[credential]\n\thelper = store\n");
    }

    /** The other way round: a helper in the XDG file is read before the include in ~/.gitconfig, whose reset clears it. */
    @Test
    void aHelperInTheXdgFileBeforeAnIncludeInGitconfigIsClearedAndNotReported() throws Exception {
        install.env().remove("GIT_CONFIG_GLOBAL");
        Files.writeString(home.resolve(".gitconfig"), "[user]\n\tname = Alice\n");
        Path xdg = Files.createDirectories(home.resolve(".config/git")).resolve("config");
        Files.writeString(xdg, "[credential]\n\thelper = store\n");
        ok("configure", "--git");

        Run r = doctorIn(elsewhere);

        assertThat(Files.readString(xdg)).isEqualTo("[credential]\n\thelper = store\n");
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("ok   git: " + url + " helpers [" + install.helper() + "] end with vcstoken's");
        assertThat(approveAToken(elsewhere)).as("git agrees: credential-store was cleared").doesNotExist();
    }

    @Test
    void helperOrderIsReadOnceForAllServers() throws Exception {
        ok("server", "add", "https://second.example", "--kind", "generic", "--user", "alice");
        ok("configure", "--git");
        Path repo = repository("both");
        git(repo, "config", "credential.https://second.example.helper", "store");

        Run r = vcstoken("doctor", "-C", repo.toString());

        List<String> lines = new ArrayList<>(r.out().lines().filter(l -> l.contains(" helpers ")).toList());
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("ok   git: " + url + " helpers");
        assertThat(lines.get(1)).startsWith("FAIL git: https://second.example helpers");
    }
}
