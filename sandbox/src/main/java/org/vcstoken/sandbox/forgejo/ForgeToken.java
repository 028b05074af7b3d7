package org.vcstoken.sandbox.forgejo;

import java.time.Instant;
import java.util.List;

/**
 * A token as the server holds it, for tests to assert on server-side state ("the old token was
 * deleted"): never the secret, which the forge does not keep either.
 *
 * @param scopes the normalised scope list, as the API shows it
 * @param repositories {@code owner/name} of a Forgejo repository-specific token; null for a
 *     token valid on every repository
 */
public record ForgeToken(long id, String name, String lastEight, List<String> scopes, List<String> repositories,
    Instant created, Instant lastUsed) {}
