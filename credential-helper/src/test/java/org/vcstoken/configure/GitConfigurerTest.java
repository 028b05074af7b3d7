package org.vcstoken.configure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.testing.Proc;
import org.vcstoken.testing.TestInstall;
import org.vcstoken.testing.Tools;

/** {@code vcstoken configure --git} and {@code unconfigure} against a real git and a real global config. */
class GitConfigurerTest {
    @TempDir
    Path dir;
    TestInstall install;
    Path gitconfig;
    static final String USER_CONFIG = "[user]\n\tname = Alice\n[credential]\n\thelper = cache\n"
            + "[credential \"https://other.example\"]\n\thelper = store\n";

    @BeforeAll
    static void needsGit() {
        Tools.require("git");
    }

    @BeforeEach
    void setUp() throws Exception {
        install = TestInstall.in(dir);
        gitconfig = install.home().resolve(".gitconfig");
        Files.writeString(gitconfig, USER_CONFIG);
        install.vcstoken("", "server", "add", "https://code.example.com", "--user", "alice");
        install.vcstoken("", "server", "add", "https://git.example.org:8443/rhodecode", "--user", "alice");
    }

    private List<String> gitGetAll(String key) throws Exception {
        Proc.Result r = install.git(null, null, "config", "--get-all", key);
        return r.out().lines().toList();
    }

    @Test
    void configureResetsTheHelperListPerServerAddsOursAndTurnsOnUseHttpPath() throws Exception {
        Proc.Result r = install.vcstoken("", "configure", "--git");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(gitGetAll("credential.https://code.example.com.helper"))
                .containsExactly("", install.helper());
        assertThat(gitGetAll("credential.https://code.example.com.usehttppath")).containsExactly("true");
        assertThat(gitGetAll("credential.https://git.example.org:8443/rhodecode.helper")).endsWith("", install.helper());
        assertThat(gitGetAll("credential.https://other.example.helper")).as("other servers keep their helpers")
                .containsExactly("store");
        assertThat(gitGetAll("credential.helper")).as("the user's general helper stays").containsExactly("cache");
        assertThat(gitGetAll("user.name")).containsExactly("Alice");
    }

    @Test
    void gitAsksOurHelperForTheConfiguredServerWithThePath() throws Exception {
        install.vcstoken("", "configure", "--git");
        install.addToken("https://code.example.com/group/repo", "alice", "4e90000000000000000000000000000000004e90");

        Proc.Result fill = install.git(null, "url=https://code.example.com/group/repo.git\n\n", "credential", "fill");

        assertThat(fill.out()).contains("password=4e90000000000000000000000000000000004e90");
    }

    @Test
    void configureTwiceChangesNothingAndUnconfigureRestoresTheOriginalBytes() throws Exception {
        install.vcstoken("", "configure", "--git");
        byte[] once = Files.readAllBytes(gitconfig);
        byte[] includeOnce = Files.readAllBytes(install.state().resolve("gitconfig"));

        Proc.Result again = install.vcstoken("", "configure", "--git");
        assertThat(again.out()).contains("already configured");
        assertThat(Files.readAllBytes(gitconfig)).isEqualTo(once);
        assertThat(Files.readAllBytes(install.state().resolve("gitconfig"))).isEqualTo(includeOnce);

        Proc.Result un = install.vcstoken("", "unconfigure", "--git");
        assertThat(un.exit()).as(un.toString()).isZero();
        assertThat(Files.readString(gitconfig)).isEqualTo(USER_CONFIG);
        assertThat(install.state().resolve("gitconfig")).doesNotExist();
        assertThat(install.vcstoken("", "unconfigure", "--git").out()).contains("nothing to remove");
    }

    /**
     * git adds include.path to an existing [include] section, here above the user's own helper,
     * which git would then also ask and tell to store every token: credential-store writes it in
     * clear text to ~/.git-credentials.
     */
    @Test
    void theIncludeLineEndsUpLastSoNoLaterHelperEverGetsAToken() throws Exception {
        Files.writeString(gitconfig, "[include]\n\tpath = other.inc\n[credential]\n\thelper = store\n");
        install.addToken("https://code.example.com", "alice", "5e90000000000000000000000000000000005e90");

        Proc.Result r = install.vcstoken("", "configure", "--git");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(Files.readString(gitconfig)).as("the include is the file's last setting")
                .endsWith("[include]\n\tpath = \"" + install.state().resolve("gitconfig") + "\"\n");

        Proc.Result fill = install.git(null, "url=https://code.example.com/group/repo.git\n\n", "credential", "fill");
        assertThat(fill.out()).contains("password=5e90000000000000000000000000000000005e90");
        install.git(null, fill.out() + "\n", "credential", "approve");
        assertThat(install.home().resolve(".git-credentials")).as("credential-store never saw the token").doesNotExist();

        assertThat(install.vcstoken("", "configure", "--git").out()).contains("git: already configured");
        Files.writeString(gitconfig, Files.readString(gitconfig) + "[credential]\n\thelper = store\n");
        assertThat(install.vcstoken("", "configure", "--git").out()).contains("moved the include line to the end of "
                + gitconfig);
        assertThat(Files.readString(gitconfig)).endsWith("\tpath = \"" + install.state().resolve("gitconfig") + "\"\n");

        assertThat(install.vcstoken("", "unconfigure", "--git").exit()).isZero();
        assertThat(gitGetAll("include.path")).containsExactly("other.inc");
    }

    @Test
    void aServerPathWithAQuoteOrBackslashLeavesGitsConfigurationReadable() throws Exception {
        assertThat(install.vcstoken("", "server", "add", "https://host.example/a\"b", "--user", "alice").exit()).isZero();

        Proc.Result r = install.vcstoken("", "configure", "--git");
        assertThat(r.exit()).as(r.toString()).isZero();
        Proc.Result list = install.git(null, null, "config", "--list");
        assertThat(list.exit()).as(list.toString()).isZero();
        assertThat(list.out()).contains("credential.https://host.example/a\"b.helper=" + install.helper());

        assertThat(install.vcstoken("", "unconfigure", "--git").exit()).isZero();
        assertThat(Files.readString(gitconfig)).isEqualTo(USER_CONFIG);
    }

    @Test
    void aServerAddedLaterIsPickedUpByTheNextConfigure() throws Exception {
        install.vcstoken("", "configure", "--git");
        install.vcstoken("", "server", "add", "https://third.example", "--user", "alice");

        install.vcstoken("", "configure", "--git");

        assertThat(gitGetAll("credential.https://third.example.helper")).endsWith("", install.helper());
        assertThat(Files.readString(gitconfig).split("include", -1)).as("one include line only").hasSize(2);
    }

    @Test
    void aHelperPathWithSpacesAndQuotesIsRunByGit() throws Exception {
        Path odd = Files.createDirectories(dir.resolve("vcs token's bin"));
        Path helper = odd.resolve("git-credential-vcstoken");
        Files.copy(Path.of(install.helper()), helper);
        Files.setPosixFilePermissions(helper, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        install.with("VCSTOKEN_GIT_HELPER", helper.toString());
        install.vcstoken("", "configure", "--git");
        install.addToken("https://code.example.com", "alice", "5e7e700000000000000000000000000000005e7e");

        Proc.Result fill = install.git(null, "url=https://code.example.com/x\n\n", "credential", "fill");

        assertThat(GitConfigurer.quoteForGit("/usr/local/bin/git-credential-vcstoken"))
                .isEqualTo("/usr/local/bin/git-credential-vcstoken");
        assertThat(fill.out()).as(fill.toString()).contains("password=5e7e700000000000000000000000000000005e7e");
    }

    /**
     * An include an earlier configure left in the XDG file while ~/.gitconfig did not exist: git
     * reads that file first, so configure moves the line to the end of ~/.gitconfig, and unconfigure
     * finds it in either file (git config --global alone would look in ~/.gitconfig only).
     */
    @Test
    void anIncludeInTheXdgFileMovesToGitconfigAndUnconfigureFindsItInEither() throws Exception {
        install.env().remove("GIT_CONFIG_GLOBAL");
        Path xdg = Files.createDirectories(install.home().resolve(".config/git")).resolve("config");
        String include = "[include]\n\tpath = " + install.state().resolve("gitconfig") + "\n";
        Files.writeString(xdg, "[user]\n\tname = Alice\n" + include);

        Proc.Result r = install.vcstoken("", "configure", "--git");

        assertThat(r.out()).contains("git: moved the include line to the end of " + gitconfig);
        assertThat(Files.readString(xdg)).isEqualTo("[user]\n\tname = Alice\n");
        assertThat(Files.readString(gitconfig)).isEqualTo(USER_CONFIG + include);
        assertThat(install.vcstoken("", "configure", "--git").out()).contains("git: already configured");

        Files.writeString(xdg, Files.readString(xdg) + include);
        assertThat(install.vcstoken("", "unconfigure", "--git").exit()).isZero();
        assertThat(Files.readString(xdg)).isEqualTo("[user]\n\tname = Alice\n");
        assertThat(Files.readString(gitconfig)).isEqualTo(USER_CONFIG);
    }
}
