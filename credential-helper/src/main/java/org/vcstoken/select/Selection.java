package org.vcstoken.select;

import java.util.List;
import java.util.Optional;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;

/**
 * The outcome of choosing a token for a request.
 *
 * @param server     the server profile the request belongs to, if any
 * @param repo       the repository on that server ("" when the request carried no path)
 * @param candidates usable tokens, best first
 * @param skipped    tokens of this server that were not usable, each with the reason
 * @param refusal    why nothing at all may be sent to this server, or {@code null}
 */
public record Selection(Optional<ServerProfile> server, String repo, List<Token> candidates, List<Skip> skipped,
        String refusal) {

    /** A token that was passed over, and why (for the trace; never holds the secret's value). */
    public record Skip(Token token, String reason) {
    }

    public Optional<Token> best() {
        return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(0));
    }
}
