package org.vcstoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vcstoken.env.Environment;
import org.vcstoken.testing.MutableClock;

/**
 * {@code settings.json} is a file a person may edit: it is read exactly or refused, and a command
 * never writes over one it could not read.
 */
class SettingsFileTest {
    @TempDir
    Path dir;
    Environment env;
    Path settings;

    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void setUp() throws Exception {
        Path state = dir.resolve("state");
        Files.createDirectory(state, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        env = new Environment(Map.of("VCSTOKEN_HOME", state.toString(), "HOME", dir.toString()));
        settings = state.resolve("settings.json");
    }

    Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = VcstokenMain.run(args, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env, FileSystems.getDefault(), MutableClock.at("2026-12-01T12:00:00Z"));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private void write(String text) throws Exception {
        Files.writeString(settings, text);
        Files.setPosixFilePermissions(settings, PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aStoreChosenIsWrittenAndReadBack() {
        assertThat(run("store", "use", "file").exit()).isZero();

        Run status = run("store", "status");

        assertThat(status.exit()).as(status.toString()).isZero();
        assertThat(status.out()).contains("new secrets go to: file (" + settings + ")");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a misspelt field            | {\"stroe\":\"pass\"}                    | field \"stroe\" that vcstoken does not know",
        "an extra field              | {\"store\":\"file\",\"colour\":\"red\"} | field \"colour\" that vcstoken does not know",
        "a number where a name goes  | {\"store\":5}                           | must be a string naming a store",
        "a list where a name goes    | {\"store\":[\"pass\"]}                  | must be a string naming a store",
        "null where a name goes      | {\"store\":null}                        | must be a string naming a store",
        "the field twice             | {\"store\":\"file\",\"store\":\"pass\"} | names \"store\" twice",
        "no field at all             | {}                                      | has no \"store\"",
        "text after the object       | {\"store\":\"file\"} x                   | is not valid JSON",
        "a second object             | {\"store\":\"file\"}{}                  | has text after its JSON object",
        "not an object               | [\"file\"]                              | is not a JSON object",
        "cut off                     | {\"store\":\"fi                         | is not valid JSON"})
    void aSettingsFileThatIsNotExactlyRightIsRefusedAndLeftAsItWas(String what, String text, String said)
            throws Exception {
        write(text);

        Run status = run("store", "status");
        Run use = run("store", "use", "file");

        assertThat(status.exit()).as(status.toString()).isNotZero();
        assertThat(status.err()).contains(said).contains(settings.toString());
        assertThat(use.exit()).as(use.toString()).isNotZero();
        assertThat(use.err()).contains(said);
        assertThat(Files.readString(settings)).as("never written over").isEqualTo(text);
    }
}
