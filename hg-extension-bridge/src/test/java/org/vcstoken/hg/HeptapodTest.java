package org.vcstoken.hg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.sandbox.gitlab.GitLabOptions;
import org.vcstoken.sandbox.gitlab.GitLabSandbox;
import org.vcstoken.sandbox.gitlab.IssuedGitLabToken;
import org.vcstoken.sandbox.gitlab.TokenView;

/**
 * Heptapod (GitLab with Mercurial): the machine's hg, the extension and the installed helper
 * against the GitLab sandbox's Heptapod mode, with a {@code gitlab} profile and an API token.
 * Each project gets a project access token of its own on first use, with nobody asked.
 *
 * <p>The helper comes from {@code install/install.sh --no-build} as in {@link HgSandboxTest}, or
 * {@code VCSTOKEN_TEST_PREFIX} names an existing installation.
 */
class HeptapodTest {
    private static Path prefix;

    @TempDir
    Path tmp;

    private GitLabSandbox gl;
    private HgClient hg;
    private Path vcstokenHome;
    private String url;

    @BeforeAll
    static void install() throws Exception {
        Tools.require("hg");
        prefix = Installation.prefix();
    }

    @BeforeEach
    void start() throws IOException {
        gl = GitLabSandbox.start(GitLabOptions.defaults(tmp.resolve("gitlab")),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        if (!gl.hgAvailable()) {
            Tools.missing("the GitLab sandbox has no hg backend: " + gl.hgUnavailableReason());
        }
        url = gl.url().toString();
        gl.createUser("alice", "alice-password-1");
        gl.createProject("grp/hgapp", "hg", "alice", "private");
        gl.createProject("grp/other", "hg", "alice", "private");
        vcstokenHome = Files.createDirectories(tmp.resolve("vcstoken-home"));
        hg = HgClient.create(Files.createDirectories(tmp.resolve("client")),
                prefix.resolve("bin").resolve("git-credential-vcstoken"), vcstokenHome);
        vcstoken(null, "server", "add", url, "--kind", "gitlab", "--user", "alice");
        IssuedGitLabToken api = gl.addPersonalToken("alice", "vcstoken API", List.of("api"), gl.today().plusDays(90));
        vcstoken(api.token(), "token", "add", url, "--user", "alice", "--role", "api");
    }

    @AfterEach
    void stop() {
        if (gl != null) {
            gl.close();
        }
    }

    @Test
    void eachProjectGetsItsOwnProjectTokenOnFirstUseAndHgClonesAndPushesWithIt() throws IOException {
        ProcessResult clone = hg.run("clone", url + "/grp/hgapp", "hgapp");

        assertThat(clone.exitCode()).as("%s", clone).isZero();
        assertThat(clone.stderr()).contains("created token").contains("grp/hgapp");
        Path work = hg.dir().resolve("hgapp");
        Files.writeString(work.resolve("file"), "change\n");
        assertThat(hg.run(work, "commit", "-A", "-m", "change").exitCode()).isZero();
        ProcessResult push = hg.run(work, "push");
        assertThat(push.exitCode()).as("%s", push).isZero();
        assertThat(live("grp/hgapp")).singleElement().satisfies(t -> {
            assertThat(t.accessLevel()).isEqualTo(30);
            assertThat(t.scopes()).containsExactly("read_repository", "write_repository");
        });
        assertThat(live("grp/other")).isEmpty();

        ProcessResult other = hg.run("clone", url + "/grp/other", "other");

        assertThat(other.exitCode()).as("%s", other).isZero();
        assertThat(live("grp/other")).hasSize(1);
        assertThat(live("grp/hgapp")).as("no second token for the first project").hasSize(1);
        String list = vcstoken(null, "token", "list", "--json").stdout();
        assertThat(list).contains("\"scope\" : \"grp/hgapp\"", "\"scope\" : \"grp/other\"");
        assertThat(hg.run(work, "pull").exitCode()).isZero();
        assertThat(live("grp/hgapp")).hasSize(1);
    }

    @Test
    void aProjectTokenRevokedOnTheServerIsReplacedByTheNextPullWithNoQuestion() throws IOException {
        assertThat(hg.run("clone", url + "/grp/hgapp", "hgapp").exitCode()).isZero();
        TokenView first = live("grp/hgapp").get(0);
        gl.revokeToken(first.id());

        // hg reports the refused token (erase) and asks again; the helper has none left and makes one.
        ProcessResult pull = hg.run(hg.dir().resolve("hgapp"), "pull");

        assertThat(pull.exitCode()).as("%s", pull).isZero();
        assertThat(live("grp/hgapp")).singleElement().satisfies(t -> assertThat(t.id()).isNotEqualTo(first.id()));
    }

    private List<TokenView> live(String project) {
        return gl.projectTokens(project).stream().filter(TokenView::active).toList();
    }

    private ProcessResult vcstoken(String stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add(prefix.resolve("bin").resolve("vcstoken").toString());
        command.addAll(List.of(args));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", hg.dir().resolve("home").toString());
        env.put("VCSTOKEN_HOME", vcstokenHome.toString());
        ProcessResult result = Processes.run(command, tmp, env, Duration.ofSeconds(60), stdin);
        assertThat(result.exitCode()).as("vcstoken %s: %s", List.of(args), result).isZero();
        return result;
    }
}
