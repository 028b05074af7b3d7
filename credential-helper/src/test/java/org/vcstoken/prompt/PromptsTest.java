package org.vcstoken.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vcstoken.env.Environment;

class PromptsTest {
    @Test
    void wiresAnInteractionThatHonoursTheEnvironment() {
        Interaction interaction = Prompts.interaction(new Environment(Map.of("CI", "true")), System.err);

        assertThat(interaction.decide(false)).isEqualTo(new Interaction.Decision.NonInteractive("CI=true"));
    }

    @Test
    void wiresAnInteractionThatPrefersGitAskpass() {
        Interaction interaction = Prompts.interaction(
                new Environment(Map.of("GIT_ASKPASS", "/usr/lib/ssh/x11-ssh-askpass")), System.err);

        Interaction.Decision decision = interaction.decide(false);

        assertThat(decision).isInstanceOf(Interaction.Decision.Interactive.class);
        assertThat(((Interaction.Decision.Interactive) decision).prompter().channel())
                .isEqualTo("/usr/lib/ssh/x11-ssh-askpass");
    }
}
