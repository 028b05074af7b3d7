package org.vcstoken.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vcstoken.env.Environment;
import org.vcstoken.testing.MutableClock;

class TraceTest {
    private final MutableClock clock = MutableClock.at("2026-05-01T13:14:15.678Z");
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path tmp;

    @Test
    void masksRegisteredSecrets() {
        Trace trace = Trace.to(stream(out), clock);
        trace.mask("tok-1234567890");
        trace.line("sending tok-1234567890 to https://h (again: tok-1234567890)");
        assertThat(text(out)).doesNotContain("tok-1234567890").contains("sending **** to https://h (again: ****)");
    }

    @Test
    void masksEverySecretEvenWhenOneContainsAnother() {
        Trace trace = Trace.to(stream(out), clock);
        trace.mask("abc123");
        trace.mask("abc123-longer-secret");
        trace.mask("er-sec");
        trace.line("first abc123-longer-secret then abc123");
        assertThat(text(out)).doesNotContain("longer").doesNotContain("secret").doesNotContain("abc123")
                .contains("first **** then ****");
    }

    @Test
    void masksSecretsThatOverlapInTheLine() {
        Trace trace = Trace.to(stream(out), clock);
        trace.mask("abcdef");
        trace.mask("defxyz");
        trace.line("[abcdefxyz] [defxyz] [abcdef] [abc]");
        assertThat(text(out)).contains("[****] [****] [****] [abc]").doesNotContain("xyz").doesNotContain("def");
    }

    @Test
    void aVeryShortSecretIsHiddenWhereItStandsAloneWithoutGarblingTheWordsAroundIt() {
        Trace trace = Trace.to(stream(out), clock);
        trace.mask("ab1");
        trace.line("table ab1e tab1 password=ab1; (ab1) ab1");
        assertThat(text(out)).contains("table ab1e tab1 password=****; (****) ****");
        assertThat(text(out).replace("ab1e", "").replace("tab1", "")).doesNotContain("ab1");
    }

    @Test
    void linesCarryTheTimeOfTheClock() {
        Trace trace = Trace.to(stream(out), clock);
        trace.line("hello");
        assertThat(text(out)).isEqualTo("13:14:15.678 vcstoken: hello" + System.lineSeparator());
    }

    @Test
    void isOffByDefault() {
        Trace trace = Trace.fromEnvironment(new Environment(Map.of()), FileSystems.getDefault(), stream(err), clock);
        trace.mask("x-secret");
        trace.line("anything x-secret");
        assertThat(trace.enabled()).isFalse();
        assertThat(text(err)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "false", "FALSE"})
    void staysOffForTheUsualSpellingsOfNo(String value) {
        Trace trace = Trace.fromEnvironment(new Environment(Map.of("VCSTOKEN_TRACE", value)),
                FileSystems.getDefault(), stream(err), clock);
        trace.line("anything");
        assertThat(trace.enabled()).isFalse();
        assertThat(text(err)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "2", "true", "True"})
    void tracesToStandardErrorWhenSwitchedOn(String value) {
        Trace trace = Trace.fromEnvironment(new Environment(Map.of("VCSTOKEN_TRACE", value)),
                FileSystems.getDefault(), stream(err), clock);
        trace.mask("the-secret");
        trace.line("got the-secret");
        assertThat(trace.enabled()).isTrue();
        assertThat(text(err)).contains("vcstoken: got ****").doesNotContain("the-secret");
    }

    @Test
    void tracesToAFileCreated0600() throws Exception {
        Path file = tmp.resolve("trace.log");
        Trace trace = Trace.fromEnvironment(new Environment(Map.of("VCSTOKEN_TRACE", file.toString())),
                FileSystems.getDefault(), stream(err), clock);
        trace.mask("file-secret");
        trace.line("wrote file-secret");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains("vcstoken: wrote ****").doesNotContain("file-secret");
        assertThat(text(err)).isEmpty();
    }

    @Test
    void appendsToAnExistingTraceFile() throws Exception {
        Path file = tmp.resolve("trace.log");
        Files.writeString(file, "earlier line\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Trace.fromEnvironment(new Environment(Map.of("VCSTOKEN_TRACE", file.toString())), FileSystems.getDefault(),
                stream(err), clock).line("later line");
        assertThat(Files.readAllLines(file)).hasSize(2).first().isEqualTo("earlier line");
    }

    @Test
    void anExistingTraceFileOthersCouldReadIsMadePrivateBeforeItIsWritten() throws Exception {
        Path file = tmp.resolve("open.log");
        Files.writeString(file, "earlier line\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));

        Trace.fromEnvironment(new Environment(Map.of("VCSTOKEN_TRACE", file.toString())), FileSystems.getDefault(),
                stream(err), clock).line("later line");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readAllLines(file)).containsExactly("earlier line", Files.readAllLines(file).get(1));
    }

    @Test
    void onlyAValueThatTurnsTracingOnAsksForStackTraces() {
        for (String off : new String[] {"", "0", "false", "FALSE"}) {
            assertThat(Trace.requested(new Environment(Map.of("VCSTOKEN_TRACE", off)))).as(off).isFalse();
        }
        assertThat(Trace.requested(new Environment(Map.of()))).isFalse();
        assertThat(Trace.requested(new Environment(Map.of("VCSTOKEN_TRACE", "1")))).isTrue();
        assertThat(Trace.requested(new Environment(Map.of("VCSTOKEN_TRACE", "/tmp/x.log")))).isTrue();
    }

    @Test
    void refusesToFollowASymlinkedTraceFileAndFallsBackToStandardError() throws Exception {
        Path target = tmp.resolve("target.log");
        Files.writeString(target, "");
        Path link = tmp.resolve("trace.log");
        Files.createSymbolicLink(link, target);

        Trace trace = Trace.fromEnvironment(new Environment(Map.of("VCSTOKEN_TRACE", link.toString())),
                FileSystems.getDefault(), stream(err), clock);
        trace.line("where does this go");

        assertThat(Files.readString(target)).isEmpty();
        assertThat(text(err)).contains("cannot write trace file").contains("where does this go");
    }

    @Test
    void aRelativeTracePathFallsBackToStandardErrorWithAWarning() {
        Trace trace = Trace.fromEnvironment(new Environment(Map.of("VCSTOKEN_TRACE", "relative/trace.log")),
                FileSystems.getDefault(), stream(err), clock);
        trace.line("here");
        assertThat(text(err)).contains("vcstoken: warning: VCSTOKEN_TRACE must be 1 or an absolute file path")
                .contains("vcstoken: here");
        assertThat(Path.of("relative")).doesNotExist();
    }

    @Test
    void theOffTraceKeepsNoSecrets() {
        Trace.off().mask("off-secret");
        assertThat(Trace.off().enabled()).isFalse();
        Trace.off().line("off-secret");
    }

    private static PrintStream stream(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
