package org.vcstoken.check;

import java.util.Objects;

/**
 * What a {@link Check} found: one line, passed or failed, and for a failure the command or
 * setting that fixes it. The text never holds a secret (token ids, not tokens).
 *
 * @param ok   whether this part of the setup is fine
 * @param what what was found, e.g. {@code java: 21 (vcstoken needs 17 or newer)}
 * @param fix  for a failure: what to run or change; null when there is nothing to suggest (and
 *             always for a pass)
 */
public record Finding(boolean ok, String what, String fix) {
    public Finding {
        Objects.requireNonNull(what, "what");
        if (ok) {
            fix = null;
        }
    }

    /** A part of the setup that is fine (or a fact worth showing, such as which installation runs). */
    public static Finding pass(String what) {
        return new Finding(true, what, null);
    }

    /** A part of the setup that is not fine, and how to fix it. */
    public static Finding fail(String what, String fix) {
        return new Finding(false, what, fix);
    }

    /** {@code condition} decides: a pass, or a failure fixed by {@code fix}. */
    public static Finding of(boolean condition, String what, String fix) {
        return new Finding(condition, what, fix);
    }
}
