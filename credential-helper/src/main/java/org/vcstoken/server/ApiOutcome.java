package org.vcstoken.server;

/** What creating a token with an API token came to. */
public sealed interface ApiOutcome {
    /** The server made it. */
    record Created(CreatedToken token) implements ApiOutcome {
    }

    /**
     * This path gives no token here, and the next path should be tried.
     *
     * @param reason one clause naming what the server said, e.g. "GitLab answered 400: User does
     *               not have permission to create project access token"
     */
    record Unavailable(String reason) implements ApiOutcome {
    }
}
