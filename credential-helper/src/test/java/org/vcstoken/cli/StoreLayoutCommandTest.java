package org.vcstoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.env.Environment;
import org.vcstoken.testing.MutableClock;

/** A store in an earlier layout is named as such, with the command that rewrites it. */
class StoreLayoutCommandTest {
    @TempDir
    Path dir;
    Environment env;
    final MutableClock clock = MutableClock.at("2026-12-01T12:00:00Z");

    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void setUp() {
        env = new Environment(Map.of("VCSTOKEN_HOME", dir.resolve("state").toString(), "HOME", dir.toString()));
        assertThat(run("a".repeat(40) + "\n", "token", "add", "https://one.example.com/g/r", "--user", "alice").exit())
                .isZero();
        assertThat(run("b".repeat(40) + "\n", "token", "add", "https://two.example.com", "--user", "bob").exit())
                .isZero();
    }

    Run run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = VcstokenMain.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env, FileSystems.getDefault(), clock);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path storeFile() {
        return dir.resolve("state/store.json");
    }

    /** The index line as the first versions wrote it: the offset first, origins in the order met, no checksum. */
    private void writeEarlierLayout() throws Exception {
        String text = Files.readString(storeFile());
        int at = text.lastIndexOf("\"index\"");
        String origins = text.substring(text.indexOf("\"origins\":{", at) + "\"origins\":{".length(),
                text.lastIndexOf("},\"crc\""));
        List<String> entries = new ArrayList<>(List.of(origins.split("(?<=\\]),")));
        Collections.reverse(entries);
        assertThat(entries).hasSize(2);
        Files.writeString(storeFile(), text.substring(0, at) + "\"index\":{\"at\":" + at + ",\"origins\":{"
                + String.join(",", entries) + "}}}\n");
    }

    @Test
    void aStoreInThisLayoutIsNotReported() {
        Run status = run("", "store", "status");
        assertThat(status.exit()).isZero();
        assertThat(status.out()).doesNotContain("earlier layout");
    }

    @Test
    void anEarlierLayoutIsReportedWithTheCommandThatRewritesItAndRewritingChangesNoToken() throws Exception {
        writeEarlierLayout();
        String listBefore = run("", "token", "list", "--json").out();

        Run status = run("", "store", "status");
        assertThat(status.out()).contains("is in an earlier layout").contains("vcstoken store rewrite");

        Run rewrite = run("", "store", "rewrite");
        assertThat(rewrite.exit()).as(rewrite.err()).isZero();
        assertThat(rewrite.out()).contains("rewrote").contains("2 tokens");
        assertThat(run("", "store", "status").out()).doesNotContain("earlier layout");
        assertThat(run("", "token", "list", "--json").out()).isEqualTo(listBefore);
        assertThat(Files.readString(storeFile())).contains("\"crc\"");
    }

    @Test
    void aStoreThatCannotBeReadIsNotRewritten() throws Exception {
        byte[] broken = Files.readString(storeFile()).replace("\"allow_http\":false", "\"allow_http\":[true]")
                .getBytes(StandardCharsets.UTF_8);
        Files.write(storeFile(), broken);

        Run rewrite = run("", "store", "rewrite");

        assertThat(rewrite.exit()).isEqualTo(1);
        assertThat(rewrite.err()).contains("allow_http");
        assertThat(Files.readAllBytes(storeFile())).isEqualTo(broken);
    }

    @Test
    void aStoreFileSwappedForALinkIsNeverOpened() throws Exception {
        Path real = dir.resolve("elsewhere.json");
        Files.move(storeFile(), real);
        Files.createSymbolicLink(storeFile(), real);

        Run list = run("", "token", "list");

        assertThat(list.exit()).isEqualTo(1);
        assertThat(list.err()).contains("symbolic link");
    }
}
