package org.vcstoken.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vcstoken.env.Environment;

class InteractionTest {

    /** One situation: what the environment, git config, terminal and flag say, and the expected outcome. */
    static final class Case {
        final Map<String, String> env = new HashMap<>();
        final Map<String, String> git = new HashMap<>();
        boolean tty = true;
        boolean flag;

        Case env(String name, String value) {
            env.put(name, value);
            return this;
        }

        Case git(String key, String value) {
            git.put(key, value);
            return this;
        }

        Case noTerminal() {
            tty = false;
            return this;
        }

        Case flag() {
            flag = true;
            return this;
        }
    }

    static Case given() {
        return new Case();
    }

    static Arguments row(String situation, Case c, String expected) {
        return Arguments.of(situation, c, expected);
    }

    /** Expected: "ask via <channel>" or "refuse: <reason>". */
    static Stream<Arguments> decisions() {
        return Stream.of(
                row("nothing set and a terminal", given(), "ask via terminal"),
                row("the --non-interactive flag", given().flag(), "refuse: --non-interactive"),
                row("CI=true", given().env("CI", "true"), "refuse: CI=true"),
                row("CI=1", given().env("CI", "1"), "refuse: CI=1"),
                row("CI=false", given().env("CI", "false"), "ask via terminal"),
                row("an empty CI", given().env("CI", ""), "ask via terminal"),
                row("VCSTOKEN_INTERACTIVE=never", given().env("VCSTOKEN_INTERACTIVE", "never"),
                        "refuse: VCSTOKEN_INTERACTIVE=never"),
                row("VCSTOKEN_INTERACTIVE=auto", given().env("VCSTOKEN_INTERACTIVE", "auto"), "ask via terminal"),
                row("credential.interactive=never", given().git("credential.interactive", "never"),
                        "refuse: credential.interactive=never"),
                row("credential.interactive=false", given().git("credential.interactive", "false"),
                        "refuse: credential.interactive=false"),
                row("credential.interactive=off", given().git("credential.interactive", "off"),
                        "refuse: credential.interactive=off"),
                row("credential.interactive=true", given().git("credential.interactive", "true"), "ask via terminal"),
                row("credential.interactive=always", given().git("credential.interactive", "always"),
                        "ask via terminal"),
                row("non-interactive settings win over an askpass program",
                        given().env("CI", "true").env("GIT_ASKPASS", "/bin/ask"), "refuse: CI=true"),
                row("credential.interactive=never wins over an askpass program",
                        given().git("credential.interactive", "never").git("core.askPass", "/bin/ask"),
                        "refuse: credential.interactive=never"),
                row("the flag is named before CI", given().flag().env("CI", "true"), "refuse: --non-interactive"),
                row("VCSTOKEN_INTERACTIVE is named before CI",
                        given().env("VCSTOKEN_INTERACTIVE", "never").env("CI", "true"),
                        "refuse: VCSTOKEN_INTERACTIVE=never"),
                row("CI is named before credential.interactive",
                        given().env("CI", "true").git("credential.interactive", "never"), "refuse: CI=true"),
                row("GIT_ASKPASS first", given().env("GIT_ASKPASS", "/a").git("core.askPass", "/b")
                        .env("SSH_ASKPASS", "/c"), "ask via /a"),
                row("core.askPass second", given().git("core.askPass", "/b").env("SSH_ASKPASS", "/c"), "ask via /b"),
                row("SSH_ASKPASS third", given().env("SSH_ASKPASS", "/c"), "ask via /c"),
                row("an empty GIT_ASKPASS counts as unset",
                        given().env("GIT_ASKPASS", "").git("core.askPass", "/b"), "ask via /b"),
                row("an empty core.askPass counts as unset",
                        given().git("core.askPass", "").env("SSH_ASKPASS", "/c"), "ask via /c"),
                row("an askpass program comes before the terminal", given().env("SSH_ASKPASS", "/c"), "ask via /c"),
                row("GIT_TERMINAL_PROMPT=0 leaves askpass working",
                        given().env("GIT_TERMINAL_PROMPT", "0").env("GIT_ASKPASS", "/a"), "ask via /a"),
                row("GIT_TERMINAL_PROMPT=0 turns the terminal off", given().env("GIT_TERMINAL_PROMPT", "0"),
                        "refuse: GIT_TERMINAL_PROMPT=0 and no askpass program"),
                row("GIT_TERMINAL_PROMPT=false turns the terminal off", given().env("GIT_TERMINAL_PROMPT", "false"),
                        "refuse: GIT_TERMINAL_PROMPT=false and no askpass program"),
                row("GIT_TERMINAL_PROMPT=1 keeps the terminal", given().env("GIT_TERMINAL_PROMPT", "1"),
                        "ask via terminal"),
                row("no terminal and no askpass", given().noTerminal(),
                        "refuse: no terminal and no askpass program"),
                row("no terminal but an askpass program", given().noTerminal().git("core.askPass", "/b"),
                        "ask via /b"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("decisions")
    void decidesByGitsRulesAndOurs(String situation, Case c, String expected) {
        Interaction interaction = new Interaction(new Environment(c.env), key -> Optional.ofNullable(c.git.get(key)),
                () -> c.tty, Path.of("/dev/tty"), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), Duration.ofSeconds(1));

        assertThat(describe(interaction.decide(c.flag))).isEqualTo(expected);
    }

    @Test
    void doesNotRunGitWhenTheEnvironmentAlreadyForbidsPrompting() {
        List<String> asked = new ArrayList<>();
        Interaction interaction = new Interaction(new Environment(Map.of("CI", "true")), key -> {
            asked.add(key);
            return Optional.empty();
        }, () -> true, Path.of("/dev/tty"), System.err, Duration.ofSeconds(1));

        Interaction.Decision decision = interaction.decide(false);

        assertThat(asked).isEmpty();
        assertThat(decision).isEqualTo(new Interaction.Decision.NonInteractive("CI=true"));
    }

    @Test
    void doesNotProbeTheTerminalWhenAnAskpassProgramIsSet() {
        List<String> probes = new ArrayList<>();
        Interaction interaction = new Interaction(new Environment(Map.of("GIT_ASKPASS", "/a")),
                key -> Optional.empty(), () -> probes.add("tty"), Path.of("/dev/tty"), System.err,
                Duration.ofSeconds(1));

        interaction.decide(false);

        assertThat(probes).isEmpty();
    }

    private static String describe(Interaction.Decision d) {
        if (d instanceof Interaction.Decision.Interactive i) {
            return "ask via " + i.prompter().channel();
        }
        return "refuse: " + ((Interaction.Decision.NonInteractive) d).reason();
    }
}
