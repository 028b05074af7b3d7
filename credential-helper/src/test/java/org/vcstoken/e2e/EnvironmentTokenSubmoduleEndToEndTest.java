package org.vcstoken.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.sandbox.IssuedToken;
import org.vcstoken.sandbox.Sandbox;
import org.vcstoken.testing.Sandboxes;
import org.vcstoken.testing.Proc;
import org.vcstoken.testing.TestInstall;
import org.vcstoken.testing.Tools;

/**
 * A CI job with VCSTOKEN_TOKEN for one server clones a superproject whose submodule points at
 * another server (same address, other port): the token reaches its own server, and the other one
 * never sees an Authorization header at all, whether git asks the helper for it or not.
 */
class EnvironmentTokenSubmoduleEndToEndTest {
    @TempDir
    Path dir;
    Sandbox sandbox;
    HttpServer other;
    TestInstall install;
    String url;
    String otherUrl;
    IssuedToken ci;
    final List<String> otherSaw = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void needsGit() {
        Tools.require("git");
    }

    @BeforeEach
    void setUp() throws Exception {
        sandbox = Sandboxes.start(dir);
        url = sandbox.url().toString();
        sandbox.createUser("alice", "alice-account-password");
        sandbox.createRepo("team/super", "git", "alice");
        // The "other host": records every request's Authorization header and asks for Basic credentials,
        // as a hostile server fishing for tokens would.
        other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        other.createContext("/", exchange -> {
            otherSaw.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " Authorization="
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"other\"");
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        other.start();
        otherUrl = "http://127.0.0.1:" + other.getAddress().getPort();
        install = TestInstall.in(dir.resolve("client"));
        install.with("GIT_AUTHOR_NAME", "Alice").with("GIT_AUTHOR_EMAIL", "alice@example.test")
                .with("GIT_COMMITTER_NAME", "Alice").with("GIT_COMMITTER_EMAIL", "alice@example.test");
        seedSuperprojectWithForeignSubmodule();
        ci = sandbox.addToken("alice", "token_role_vcs", 60, "ci", "team/super");
        install.with("VCSTOKEN_TOKEN", ci.token()).with("VCSTOKEN_URL", url + "/team/super")
                .with("VCSTOKEN_USERNAME", "alice").with("VCSTOKEN_TRACE", dir.resolve("trace.log").toString());
    }

    @AfterEach
    void tearDown() {
        other.stop(0);
        sandbox.close();
    }

    /** team/super with a .gitmodules entry and gitlink for a submodule on the other server. */
    private void seedSuperprojectWithForeignSubmodule() throws Exception {
        IssuedToken setup = sandbox.addToken("alice", "token_role_vcs", -1, "setup", null);
        String[] seed = {"-c", "credential.helper=", "-c", "credential.helper=!f() { echo username=alice; echo password="
                + setup.token() + "; }; f"};
        Path work = Files.createDirectories(dir.resolve("seed"));
        assertThat(install.git(work, null, "init", "-q", "-b", "master").exit()).isZero();
        Files.writeString(work.resolve(".gitmodules"), "[submodule \"sub\"]\n\tpath = sub\n\turl = " + otherUrl
                + "/other/sub\n");
        Files.writeString(work.resolve("README"), "super\n");
        install.git(work, null, "add", ".gitmodules", "README");
        Proc.Result link = install.git(work, null, "update-index", "--add", "--cacheinfo",
                "160000,1111111111111111111111111111111111111111,sub");
        assertThat(link.exit()).as(link.toString()).isZero();
        install.git(work, null, "commit", "-qm", "super with a foreign submodule");
        Proc.Result push = install.git(work, null, concat(seed, "push", "-q", url + "/team/super", "HEAD:refs/heads/master"));
        assertThat(push.exit()).as(push.toString()).isZero();
        sandbox.deleteToken(setup.id());
    }

    private String trace() throws Exception {
        Path t = dir.resolve("trace.log");
        return Files.exists(t) ? Files.readString(t) : "";
    }

    private void assertTheOtherServerGotNoCredentials() {
        assertThat(otherSaw).as("git did ask the other server").isNotEmpty();
        assertThat(otherSaw).as("requests to the other server").allMatch(r -> r.endsWith("Authorization=null"));
        String basic = Base64.getEncoder().encodeToString(("alice:" + ci.token()).getBytes(StandardCharsets.UTF_8));
        assertThat(String.join("\n", otherSaw)).doesNotContain(basic).doesNotContain(ci.token());
    }

    @Test
    void withTheHelperForEveryHostTheSubmoduleHostIsAskedAboutAndGetsNothing() throws Exception {
        Proc.Result clone = install.git(dir, null, "-c", "credential.helper=", "-c",
                "credential.helper=" + install.helper(), "-c", "credential.useHttpPath=true",
                "clone", "--recurse-submodules", url + "/team/super", "super");

        assertThat(dir.resolve("super/README")).as("the superproject was cloned with the token").hasContent("super");
        assertThat(clone.exit()).as("the submodule could not be cloned").isNotZero();
        String trace = trace();
        assertThat(trace).contains("using the environment token (VCSTOKEN_TOKEN)");
        assertThat(trace).contains("environment token not for this request: request is for " + otherUrl);
        assertTheOtherServerGotNoCredentials();
        assertThat(clone.err() + clone.out() + trace).doesNotContain(ci.token());
        assertThat(Files.exists(install.storeFile()) ? Files.readString(install.storeFile()) : "")
                .doesNotContain(ci.token());
    }

    @Test
    void withVcstokenEnvCiOnlyTheTokensServerHasTheHelperAndTheSubmoduleHostGetsNothing() throws Exception {
        Proc.Result clone = Proc.run(List.of("/bin/sh", "-c", "eval \"$(vcstoken env --ci)\" && git clone "
                + "--recurse-submodules \"$1\" super", "sh", url + "/team/super"), install.env(), dir, null,
                Duration.ofSeconds(120));

        assertThat(dir.resolve("super/README")).as(clone.toString()).hasContent("super");
        assertThat(clone.exit()).isNotZero();
        assertThat(trace()).contains("using the environment token (VCSTOKEN_TOKEN)");
        assertTheOtherServerGotNoCredentials();
        assertThat(clone.err() + clone.out()).doesNotContain(ci.token());
        Path global = install.home().resolve(".gitconfig");
        assertThat(Files.exists(global) ? Files.readString(global) : "").as("no config file was written")
                .doesNotContain("vcstoken");
    }

    @Test
    void anotherRepositoryOnTheSameServerGetsNothingEitherWhenVcstokenUrlNamesOne() throws Exception {
        sandbox.createRepo("team/other", "git", "alice");

        Proc.Result fill = install.git(dir, "url=" + url + "/team/other\n\n", "-c", "credential.helper=", "-c",
                "credential.helper=" + install.helper(), "-c", "credential.useHttpPath=true", "credential", "fill");

        assertThat(fill.out()).isEmpty();
        assertThat(fill.err()).doesNotContain(ci.token());
        assertThat(trace()).contains("request path team/other is not under VCSTOKEN_URL's team/super");
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = java.util.Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }
}
