package org.vcstoken.hg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs the extension's Python unit tests so that {@code mvn verify} covers them. */
class PythonUnitTest {

    @Test
    void pythonUnitTestsOfTheExtensionPass() {
        boolean hgInstalled = Tools.onPath("hg").isPresent();
        // The extension runs inside Mercurial's Python; test it there when hg is installed.
        Path python = Tools.hgPython()
                .or(() -> Tools.onPath("python3"))
                .orElseGet(() -> Tools.missing("neither hg's Python nor python3 is available"));
        Path tests = Path.of("src", "test", "python").toAbsolutePath();

        ProcessResult result = Processes.run(
                List.of(python.toString(), "-m", "unittest", "discover", "-v", "-s", tests.toString()),
                tests,
                Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"), "LANG", "C.UTF-8",
                        "PYTHONDONTWRITEBYTECODE", "1"),
                Duration.ofSeconds(180));

        System.out.println(result.stderr());
        assertThat(result.exitCode()).as("python -m unittest with %s:%n%s", python, result).isZero();
        assertThat(result.stderr()).contains("OK");
        if (hgInstalled) {
            assertThat(result.stderr())
                    .as("the Mercurial glue tests must run with hg's Python")
                    .doesNotContain("Mercurial is not importable");
        }
    }
}
