package org.vcstoken.server;

import java.util.Optional;

/**
 * Asks the person for a one-time code (two-factor authentication) when a forge wants one in the
 * middle of a password login. Kept apart from the prompt package: a kind only needs this answer.
 */
@FunctionalInterface
public interface OneTimeCodes {
    /** The code the person typed, or empty when they gave none. */
    Optional<String> ask(String question);

    /** For callers that cannot ask: every question goes unanswered. */
    OneTimeCodes NONE = question -> Optional.empty();
}
