package org.vcstoken.configure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HgConfigurerTest {

    private static final String EXT = "/opt/vcstoken/share/vcstoken/hg/vcstoken.py";
    private static final String CMD = "/opt/vcstoken/bin/git-credential-vcstoken";
    private static final String M = HgConfigurer.MARKER;

    @TempDir
    Path dir;

    private HgConfigurer configurer(Path hgrc) {
        return new HgConfigurer(hgrc, Path.of(EXT), Path.of(CMD));
    }

    private Path hgrcWith(String content) throws IOException {
        Path hgrc = dir.resolve(".hgrc");
        Files.writeString(hgrc, content, StandardCharsets.UTF_8);
        return hgrc;
    }

    @Test
    void createsAMissingHgrcWithBothEntriesReadableOnlyByTheOwner() throws IOException {
        Path hgrc = dir.resolve(".hgrc");

        assertThat(configurer(hgrc).configure()).isTrue();

        assertThat(Files.readString(hgrc)).isEqualTo(
                M + "\n[extensions]\n" + M + "\nvcstoken = " + EXT + "\n"
                        + M + "\n[vcstoken]\n" + M + "\ncommand = " + CMD + "\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(hgrc))).isEqualTo("rw-------");
    }

    @Test
    void aUserEntryThatTurnsTheExtensionOffIsReportedNotPassedOverAndNothingIsWritten() throws IOException {
        for (String own : new String[] {"!", "!" + EXT}) {
            Path hgrc = hgrcWith("[extensions]\nvcstoken = " + own + "\n");
            byte[] before = Files.readAllBytes(hgrc);

            assertThatThrownBy(() -> configurer(hgrc).configure()).isInstanceOf(HgConfigurer.ForeignEntry.class)
                    .hasMessageContaining("already has 'vcstoken = " + own + "' under [extensions]")
                    .hasMessageContaining("turns the extension off")
                    .hasMessageContaining("vcstoken configure --hg");
            assertThat(Files.readAllBytes(hgrc)).isEqualTo(before);
        }
        Path same = hgrcWith("[extensions]\nvcstoken = " + EXT + "\n");
        configurer(same).configure();
        assertThat(Files.readString(same)).as("the user's own line naming our file is kept, the command added")
                .startsWith("[extensions]\nvcstoken = " + EXT + "\n").contains("[vcstoken]");
    }

    @Test
    void addsToExistingSectionsAfterTheirLastItemAndKeepsEverythingElse() throws IOException {
        Path hgrc = hgrcWith("[ui]\nusername = Ann <ann@example.com>\n\n[extensions]\nrebase =\n\n[paths]\ndefault = x\n");

        assertThat(configurer(hgrc).configure()).isTrue();

        assertThat(Files.readString(hgrc)).isEqualTo(
                "[ui]\nusername = Ann <ann@example.com>\n\n[extensions]\nrebase =\n"
                        + M + "\nvcstoken = " + EXT + "\n\n[paths]\ndefault = x\n"
                        + M + "\n[vcstoken]\n" + M + "\ncommand = " + CMD + "\n");
    }

    @Test
    void secondConfigureReturnsFalseAndLeavesTheFileUntouched() throws IOException {
        Path hgrc = hgrcWith("[extensions]\nrebase =\n");
        configurer(hgrc).configure();
        byte[] once = Files.readAllBytes(hgrc);
        Files.setLastModifiedTime(hgrc, java.nio.file.attribute.FileTime.fromMillis(0));

        assertThat(configurer(hgrc).configure()).isFalse();

        assertThat(Files.readAllBytes(hgrc)).isEqualTo(once);
        assertThat(Files.getLastModifiedTime(hgrc).toMillis()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "[ui]\nusername = x\n",
        "[extensions]\n",
        "[extensions]\nrebase =\n; note\nhistedit =\n\n[vcstoken]\ntimeout = 5\n",
        "[extensions]\nrebase =\n[ui]\nx = 1\n[extensions]\nshelve =\n",
        "[ui]\nssh = ssh\n  -C\n  -v\n[extensions]\nfoo = a\n  b\n# trailing comment\n",
        "[ui]\r\nusername = x\r\n[extensions]\r\nrebase =\r\n",
        "%include other.rc\n[ui]\n# comment with # and ; signs\n\n\n",
    })
    void unconfigureRestoresTheOriginalByteForByte(String original) throws IOException {
        Path hgrc = hgrcWith(original);

        assertThat(configurer(hgrc).configure()).isTrue();
        assertThat(configurer(hgrc).unconfigure()).isTrue();

        assertThat(Files.readString(hgrc)).isEqualTo(original);
    }

    @Test
    void keepsBytesThatAreNotUtf8() throws IOException {
        Path hgrc = dir.resolve(".hgrc");
        byte[] original = "[ui]\nusername = J\u00f6rg\n".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(hgrc, original);

        configurer(hgrc).configure();
        configurer(hgrc).unconfigure();

        assertThat(Files.readAllBytes(hgrc)).isEqualTo(original);
    }

    @Test
    void writesNonAsciiPathsAsUtf8() throws IOException {
        Path hgrc = dir.resolve(".hgrc");
        new HgConfigurer(hgrc, Path.of("/home/j\u00f6rg/vcstoken.py"), Path.of(CMD)).configure();

        assertThat(Files.readString(hgrc, StandardCharsets.UTF_8)).contains("vcstoken = /home/j\u00f6rg/vcstoken.py\n");
    }

    @Test
    void usesCrlfWhenTheFileDoes() throws IOException {
        Path hgrc = hgrcWith("[extensions]\r\nrebase =\r\n");

        configurer(hgrc).configure();

        assertThat(Files.readString(hgrc)).isEqualTo(
                "[extensions]\r\nrebase =\r\n" + M + "\r\nvcstoken = " + EXT + "\r\n"
                        + M + "\r\n[vcstoken]\r\n" + M + "\r\ncommand = " + CMD + "\r\n");
    }

    @Test
    void insertsAfterTheContinuationLinesOfTheLastItem() throws IOException {
        Path hgrc = hgrcWith("[extensions]\nfoo = a\n  b\n\n[ui]\n");

        configurer(hgrc).configure();

        assertThat(Files.readString(hgrc)).startsWith("[extensions]\nfoo = a\n  b\n" + M + "\nvcstoken = " + EXT + "\n\n[ui]\n");
    }

    @Test
    void terminatesAnUnfinishedLastLineAndOtherwiseRestoresIt() throws IOException {
        Path hgrc = hgrcWith("[ui]\nusername = x");

        configurer(hgrc).configure();
        configurer(hgrc).unconfigure();

        assertThat(Files.readString(hgrc)).isEqualTo("[ui]\nusername = x\n");
    }

    @Test
    void leavesAnEntryTheUserWroteAlone() throws IOException {
        String original = "[extensions]\nvcstoken = ~/src/vcstoken.py\n[vcstoken]\ncommand = ~/bin/helper\n";
        Path hgrc = hgrcWith(original);

        assertThat(configurer(hgrc).configure()).isFalse();
        assertThat(configurer(hgrc).unconfigure()).isFalse();

        assertThat(Files.readString(hgrc)).isEqualTo(original);
    }

    @Test
    void pointsItsOwnEntryAtAMovedExtensionFile() throws IOException {
        Path hgrc = dir.resolve(".hgrc");
        configurer(hgrc).configure();

        boolean changed = new HgConfigurer(hgrc, Path.of("/usr/local/vcstoken.py"), Path.of(CMD)).configure();

        assertThat(changed).isTrue();
        assertThat(Files.readString(hgrc))
                .contains(M + "\nvcstoken = /usr/local/vcstoken.py\n")
                .doesNotContain(EXT);
    }

    @Test
    void keepsASectionHeaderItAddedOnceTheUserPutSettingsUnderIt() throws IOException {
        Path hgrc = dir.resolve(".hgrc");
        configurer(hgrc).configure();
        Files.writeString(hgrc, Files.readString(hgrc) + "timeout = 5\n");

        configurer(hgrc).unconfigure();

        assertThat(Files.readString(hgrc)).isEqualTo(M + "\n[vcstoken]\ntimeout = 5\n");
    }

    @Test
    void unconfigureWithoutItsLinesReturnsFalse() throws IOException {
        Path hgrc = hgrcWith("[extensions]\n# added by someone else\nvcstoken = x\n");

        assertThat(configurer(hgrc).unconfigure()).isFalse();
        assertThat(hgrc).hasContent("[extensions]\n# added by someone else\nvcstoken = x\n");
        assertThat(configurer(dir.resolve("missing")).unconfigure()).isFalse();
        assertThat(dir.resolve("missing")).doesNotExist();
    }

    @Test
    void keepsTheFilesPermissions() throws IOException {
        Path hgrc = hgrcWith("[ui]\n");
        Files.setPosixFilePermissions(hgrc, PosixFilePermissions.fromString("rw-r-----"));

        configurer(hgrc).configure();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(hgrc))).isEqualTo("rw-r-----");
    }

    @Test
    void rewritesTheTargetOfASymlinkedHgrcAndKeepsTheLink() throws IOException {
        Path real = Files.createDirectories(dir.resolve("dotfiles")).resolve("hgrc");
        Files.writeString(real, "[ui]\n");
        Path link = Files.createSymbolicLink(dir.resolve(".hgrc"), real);

        configurer(link).configure();

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).contains("vcstoken = " + EXT);
    }

    @Test
    void leavesNoTemporaryFilesBehind() throws IOException {
        Path hgrc = hgrcWith("[ui]\n");

        configurer(hgrc).configure();
        configurer(hgrc).unconfigure();

        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(hgrc);
        }
    }

    @Test
    void refusesPathsThatWouldBreakTheFile() {
        assertThatThrownBy(() -> new HgConfigurer(dir.resolve(".hgrc"), Path.of("/a\nb"), Path.of(CMD)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("extensionFile");
    }

    @Test
    void mercurialReadsWhatItWrote() throws Exception {
        Assumptions.assumeTrue(onPath("hg"), "hg is not installed");
        Path hgrc = hgrcWith("[extensions]\nrebase =\n[ui]\nusername = x\n");
        configurer(hgrc).configure();

        List<String> command = new ArrayList<>(List.of("hg", "config", "extensions.vcstoken"));
        String ext = run(command, hgrc);
        String cmd = run(List.of("hg", "config", "vcstoken.command"), hgrc);

        assertThat(ext.strip()).isEqualTo(EXT);
        assertThat(cmd.strip()).isEqualTo(CMD);
    }

    private String run(List<String> command, Path hgrc) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("HGRCPATH", hgrc.toString());
        pb.environment().put("HOME", dir.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("hg finished").isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
