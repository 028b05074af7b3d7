package org.vcstoken.sandbox.gitlab;

import java.time.LocalDate;
import java.util.List;

/**
 * What the server holds about one token, for tests that assert server-side state ("exactly
 * one live token"): never the secret.
 *
 * @param projectPath the project of a project access token, null for a personal one
 * @param accessLevel the project bot's role for a project token, 0 otherwise
 * @param active not revoked and not expired on the server clock
 * @param previousId the token this one replaced by rotation, or null
 */
public record TokenView(long id, String name, long userId, String username, String projectPath, List<String> scopes,
    LocalDate expiresAt, boolean revoked, boolean active, int accessLevel, Long previousId) {}
