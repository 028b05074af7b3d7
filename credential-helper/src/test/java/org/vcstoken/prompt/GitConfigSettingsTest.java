package org.vcstoken.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitConfigSettingsTest {
    @TempDir
    Path dir;

    /** A git that sees only the configuration given through GIT_CONFIG_* variables. */
    private Map<String, String> isolatedGit(String key, String value) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", dir.toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_CONFIG_GLOBAL", dir.resolve("absent-gitconfig").toString());
        env.put("GIT_CEILING_DIRECTORIES", dir.getParent().toString());
        env.put("GIT_CONFIG_COUNT", "1");
        env.put("GIT_CONFIG_KEY_0", key);
        env.put("GIT_CONFIG_VALUE_0", value);
        return env;
    }

    private GitConfigSettings settings(Map<String, String> env) {
        return new GitConfigSettings(env, dir, Duration.ofSeconds(10));
    }

    @Test
    void readsAValueFromTheGivenEnvironment() {
        assertThat(settings(isolatedGit("core.askPass", "/opt/ask me")).get("core.askPass")).contains("/opt/ask me");
    }

    @Test
    void readsKeysCaseInsensitivelyAsGitDoes() {
        assertThat(settings(isolatedGit("core.askpass", "/opt/ask")).get("core.askPass")).contains("/opt/ask");
    }

    @Test
    void treatsAMissingKeyAsEmpty() {
        assertThat(settings(isolatedGit("core.askPass", "/opt/ask")).get("credential.interactive")).isEmpty();
    }

    @Test
    void treatsAMissingGitAsEmpty() {
        Map<String, String> env = isolatedGit("core.askPass", "/opt/ask");
        env.put("PATH", dir.toString());

        assertThat(settings(env).get("core.askPass")).isEmpty();
    }
}
