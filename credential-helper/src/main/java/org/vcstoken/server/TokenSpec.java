package org.vcstoken.server;

import java.time.Duration;
import org.vcstoken.token.Role;

/**
 * What to create on the server.
 *
 * @param description shown in the server's token list, e.g. "vcstoken on laptop, 2026-11-27"
 * @param lifetime    how long it lives, or {@code null} for never
 * @param repo        repository to scope it to, or {@code null} for the whole server
 * @param role        normally {@link Role#VCS}
 */
public record TokenSpec(String description, Duration lifetime, String repo, Role role) {
}
