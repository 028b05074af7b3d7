package org.vcstoken.server;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;

/**
 * What {@code vcstoken doctor} hands a family whose own checks it runs (see
 * {@link ServerKind#checks}): the server's profile, every stored token for it (API tokens
 * included), and the repository the person named on the command line, if any.
 *
 * @param repository the repository named ({@code vcstoken doctor URL/REPO}), without the server's prefix
 */
public record ServerUnderCheck(ServerProfile profile, List<Token> tokens, Optional<String> repository) {
    public ServerUnderCheck {
        Objects.requireNonNull(profile, "profile");
        tokens = List.copyOf(tokens);
        Objects.requireNonNull(repository, "repository");
    }
}
