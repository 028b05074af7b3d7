package org.vcstoken.svn.svnkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmatesoft.svn.core.SVNAuthenticationException;
import org.tmatesoft.svn.core.SVNURL;
import org.tmatesoft.svn.core.auth.ISVNAuthenticationManager;
import org.vcstoken.messages.Messages;
import org.vcstoken.env.Environment;
import org.vcstoken.env.StatePaths;
import org.vcstoken.request.ParsedUrl;
import org.vcstoken.store.TokenStore;
import org.vcstoken.token.ServerProfile;

/** What a program using the SVNKit manager with {@code interactive} false, and its user, are told without a token. */
class VcstokenAuthenticationRefusalTest {
    static final String BASE = "https://code.example.com";
    static final String REALM = "<https://code.example.com:443> RhodeCode";

    @TempDir
    Path dir;

    @Test
    void withInteractiveFalseTheRefusalNamesTheProgramsSettingAndTheExceptionSaysWhatToStore() throws Exception {
        Environment env = new Environment(Map.of("VCSTOKEN_HOME", dir.resolve("state").toString(),
                "HOME", dir.resolve("home").toString(), "PATH", "/usr/bin:/bin"));
        TokenStore store = new TokenStore(StatePaths.from(env, FileSystems.getDefault()), Duration.ofSeconds(10), l -> { });
        store.update(d -> d.withServer(ServerProfile.withDefaults(ParsedUrl.parse(BASE).origin(), "", "alice")));
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        ISVNAuthenticationManager manager = VcstokenAuthentication.manager(dir.resolve("svnkit-config").toFile(),
                VcstokenAuthenticationProvider.from(env, FileSystems.getDefault(), Clock.systemUTC(), err, false));
        SVNURL url = SVNURL.parseURIEncoded(BASE + "/grp/app/trunk");

        assertThatThrownBy(() -> manager.getFirstAuthentication(ISVNAuthenticationManager.PASSWORD, REALM, url))
                .isInstanceOf(SVNAuthenticationException.class)
                .hasMessageContaining(Messages.noTokenInProcess(url.toString()));
        assertThat(errBytes.toString(StandardCharsets.UTF_8))
                .as("the refusal names what the program set, not a flag of vcstoken's commands")
                .contains("no usable token for " + BASE + " repository grp/app and prompting is off "
                        + "(interactive=false, set by the program using vcstoken's SVNKit authentication provider)")
                .doesNotContain("--non-interactive");
    }
}
