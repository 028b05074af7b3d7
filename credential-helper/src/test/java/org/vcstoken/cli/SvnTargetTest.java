package org.vcstoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.FileSystems;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vcstoken.env.Environment;

/** Which URL {@code vcstoken svn} takes as its target: never an option's value. */
class SvnTargetTest {
    private final SvnCommand command = new SvnCommand(new CliContext(new Environment(Map.of()), FileSystems.getDefault(),
            Clock.systemUTC(), new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(new ByteArrayOutputStream())));

    @ParameterizedTest
    @ValueSource(strings = {"-m", "-qm", "--message", "-F", "-qF", "--show-revs", "--strip",
        "--trust-server-cert-failures"})
    void anOptionsValueThatLooksLikeAUrlIsNotTheTarget(String option) throws Exception {
        String target = command.targetUrl("svn", List.of("mkdir", option, "http://127.0.0.1:47124/notes",
                "https://code.example.com/team/app/newdir"));

        assertThat(target).isEqualTo("https://code.example.com/team/app/newdir");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-q", "-qv", "--quiet"})
    void optionsWithoutAValueLeaveTheNextArgumentAsTheTarget(String option) throws Exception {
        assertThat(command.targetUrl("svn", List.of("ls", option, "https://code.example.com/team/app")))
                .isEqualTo("https://code.example.com/team/app");
    }
}
