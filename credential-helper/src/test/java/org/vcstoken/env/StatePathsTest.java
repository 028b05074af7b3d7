package org.vcstoken.env;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StatePathsTest {
    private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix().toBuilder().setWorkingDirectory("/work").build());

    @AfterEach
    void close() throws IOException {
        fs.close();
    }

    @Test
    void vcstokenHomeHoldsAllState() {
        StatePaths p = StatePaths.from(env("VCSTOKEN_HOME", "/ci/state", "HOME", "/home/u", "XDG_DATA_HOME", "/xdg/data",
                "XDG_CONFIG_HOME", "/xdg/config"), fs);
        assertThat(p.dataDir()).isEqualTo(fs.getPath("/ci/state"));
        assertThat(p.configDir()).isEqualTo(fs.getPath("/ci/state"));
        assertThat(p.storeFile()).isEqualTo(fs.getPath("/ci/state/store.json"));
        assertThat(p.lockFile()).isEqualTo(fs.getPath("/ci/state/store.lock"));
    }

    @Test
    void aRelativeVcstokenHomeIsMadeAbsolute() {
        StatePaths p = StatePaths.from(env("VCSTOKEN_HOME", "state", "HOME", "/home/u"), fs);
        assertThat(p.dataDir()).isEqualTo(fs.getPath("/work/state"));
        assertThat(p.dataDir().isAbsolute()).isTrue();
    }

    @Test
    void xdgDirectoriesAreUsedWithoutVcstokenHome() {
        StatePaths p = StatePaths.from(env("HOME", "/home/u", "XDG_DATA_HOME", "/xdg/data",
                "XDG_CONFIG_HOME", "/xdg/config"), fs);
        assertThat(p.dataDir()).isEqualTo(fs.getPath("/xdg/data/vcstoken"));
        assertThat(p.configDir()).isEqualTo(fs.getPath("/xdg/config/vcstoken"));
        assertThat(p.storeFile()).isEqualTo(fs.getPath("/xdg/data/vcstoken/store.json"));
    }

    @Test
    void homeDefaultsApplyWithoutXdgVariables() {
        StatePaths p = StatePaths.from(env("HOME", "/home/u"), fs);
        assertThat(p.dataDir()).isEqualTo(fs.getPath("/home/u/.local/share/vcstoken"));
        assertThat(p.configDir()).isEqualTo(fs.getPath("/home/u/.config/vcstoken"));
    }

    @Test
    void relativeXdgPathsAreIgnored() {
        StatePaths p = StatePaths.from(env("HOME", "/home/u", "XDG_DATA_HOME", "data", "XDG_CONFIG_HOME", "./config"), fs);
        assertThat(p.dataDir()).isEqualTo(fs.getPath("/home/u/.local/share/vcstoken"));
        assertThat(p.configDir()).isEqualTo(fs.getPath("/home/u/.config/vcstoken"));
    }

    @Test
    void emptyVariablesCountAsUnset() {
        StatePaths p = StatePaths.from(env("VCSTOKEN_HOME", "", "HOME", "/home/u", "XDG_DATA_HOME", "",
                "XDG_CONFIG_HOME", ""), fs);
        assertThat(p.dataDir()).isEqualTo(fs.getPath("/home/u/.local/share/vcstoken"));
        assertThat(p.configDir()).isEqualTo(fs.getPath("/home/u/.config/vcstoken"));
    }

    @Test
    void oneXdgVariableDoesNotMoveTheOtherDirectory() {
        StatePaths p = StatePaths.from(env("HOME", "/home/u", "XDG_CONFIG_HOME", "/xdg/config"), fs);
        assertThat(p.dataDir()).isEqualTo(fs.getPath("/home/u/.local/share/vcstoken"));
        assertThat(p.configDir()).isEqualTo(fs.getPath("/xdg/config/vcstoken"));
    }

    @Test
    void environmentReadsEmptyAsAbsentAndKnowsYes() {
        Environment e = env("A", "", "B", "x", "T1", "true", "T2", "1", "T3", "YES", "F", "no");
        assertThat(e.get("A")).isEmpty();
        assertThat(e.get("B")).hasValue("x");
        assertThat(e.get("MISSING")).isEmpty();
        assertThat(e.isTrue("T1")).isTrue();
        assertThat(e.isTrue("T2")).isTrue();
        assertThat(e.isTrue("T3")).isTrue();
        assertThat(e.isTrue("F")).isFalse();
        assertThat(e.isTrue("MISSING")).isFalse();
    }

    @Test
    void environmentIsACopy() {
        Map<String, String> vars = new HashMap<>(Map.of("A", "1"));
        Environment e = new Environment(vars);
        vars.put("A", "2");
        assertThat(e.get("A")).hasValue("1");
    }

    private static Environment env(String... pairs) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return new Environment(m);
    }
}
