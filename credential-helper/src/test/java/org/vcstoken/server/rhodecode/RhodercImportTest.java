package org.vcstoken.server.rhodecode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RhodercImportTest {
    private static final String KEY_A = "0123456789abcdef0123456789abcdef01234567";
    private static final String KEY_B = "fedcba9876543210fedcba9876543210fedcba98";

    @Test
    void readsEveryInstanceWithItsUrlKeyAndRepoDir(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(".rhoderc");
        Files.writeString(file, """
                # written by rhodecode-setup-config
                [instance:main]
                api_host = https://code.example.com/
                api_key = %s
                repo_dir = /srv/repos

                [instance:legacy]
                API_HOST: https://old.example.com/rhodecode/_admin/api
                api_key: %s
                ; no repo_dir here

                [defaults]
                color = yes
                """.formatted(KEY_A, KEY_B), StandardCharsets.UTF_8);
        List<RhodercImport.Instance> all = RhodercImport.read(file);
        assertThat(all).hasSize(2);
        assertThat(all.get(0).name()).isEqualTo("main");
        assertThat(all.get(0).baseUrl()).isEqualTo("https://code.example.com");
        assertThat(all.get(0).apiKey().matches(KEY_A)).isTrue();
        assertThat(all.get(0).repoDir()).isEqualTo("/srv/repos");
        assertThat(all.get(1).name()).isEqualTo("legacy");
        assertThat(all.get(1).baseUrl()).isEqualTo("https://old.example.com/rhodecode");
        assertThat(all.get(1).apiKey().matches(KEY_B)).isTrue();
        assertThat(all.get(1).repoDir()).isNull();
        assertThat(all.toString()).doesNotContain(KEY_A).doesNotContain(KEY_B);
    }

    @Test
    void aFileWithoutInstancesGivesNone() throws Exception {
        assertThat(RhodercImport.parse("# nothing yet\n\n[other]\nx = 1\n", "rc")).isEmpty();
    }

    @Test
    void aMissingApiHostNamesTheSectionAndLine() {
        assertThatThrownBy(() -> RhodercImport.parse("\n[instance:main]\napi_key = " + KEY_A + "\n", ".rhoderc"))
                .isInstanceOf(RhodercImport.FormatException.class)
                .hasMessage(".rhoderc: line 2: [instance:main] has no api_host; add api_host = https://rhodecode.example.com");
    }

    @Test
    void aMissingApiKeyIsReported() {
        assertThatThrownBy(() -> RhodercImport.parse("[instance:x]\napi_host = https://a.example\n", "rc"))
                .isInstanceOf(RhodercImport.FormatException.class)
                .hasMessageContaining("has no api_key");
    }

    @Test
    void garbageIsRefusedWithoutRepeatingTheLine() {
        assertThatThrownBy(() -> RhodercImport.parse("[instance:x]\napi_host = https://a.example\n" + KEY_A + "\n", "rc"))
                .isInstanceOf(RhodercImport.FormatException.class)
                .hasMessage("rc: line 3: a line that is neither a [section] nor key = value")
                .hasMessageNotContaining(KEY_A);
        assertThatThrownBy(() -> RhodercImport.parse("\u0000\u0001binary\u00ff", "rc"))
                .isInstanceOf(RhodercImport.FormatException.class)
                .hasMessageContaining("line 1");
    }

    @Test
    void aBinaryFileIsNotTakenForText(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(".rhoderc");
        Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
        assertThatThrownBy(() -> RhodercImport.read(file))
                .isInstanceOf(RhodercImport.FormatException.class)
                .hasMessageContaining("not a text file");
    }

    @Test
    void structuralMistakesAreEachNamed() {
        assertThatThrownBy(() -> RhodercImport.parse("api_key = " + KEY_A + "\n", "rc"))
                .hasMessageContaining("before the first [section]").hasMessageNotContaining(KEY_A);
        assertThatThrownBy(() -> RhodercImport.parse("[instance:x\n", "rc"))
                .hasMessageContaining("without a closing ]");
        assertThatThrownBy(() -> RhodercImport.parse("[instance:x]\n[instance:x]\n", "rc"))
                .hasMessageContaining("appears a second time (first on line 1)");
        assertThatThrownBy(() -> RhodercImport.parse("[instance:x]\napi_key = a\napi_key = " + KEY_A + "\n", "rc"))
                .hasMessageContaining("key api_key appears a second time").hasMessageNotContaining(KEY_A);
        assertThatThrownBy(() -> RhodercImport.parse("[instance:x]\napi_host = https://a\n  api_key = " + KEY_A, "rc"))
                .hasMessageContaining("indented line").hasMessageNotContaining(KEY_A);
        assertThatThrownBy(() -> RhodercImport.parse("[instance:]\napi_host = https://a\napi_key = k\n", "rc"))
                .hasMessageContaining("has no name");
    }

    @Test
    void apiHostMustBeAPlainHttpOrHttpsUrl() {
        assertThatThrownBy(() -> RhodercImport.parse("[instance:x]\napi_host = ftp://a\napi_key = k\n", "rc"))
                .hasMessageContaining("must start with https://");
        assertThatThrownBy(() -> RhodercImport.parse(
                "[instance:x]\napi_host = https://bob:hunter2@a.example\napi_key = k\n", "rc"))
                .hasMessageContaining("user:password@").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> RhodercImport.parse("[instance:x]\napi_host = https://a b\napi_key = k\n", "rc"))
                .hasMessageContaining("not a valid URL");
    }
}
