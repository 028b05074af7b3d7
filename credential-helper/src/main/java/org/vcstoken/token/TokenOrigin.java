package org.vcstoken.token;

import java.util.Locale;

/** How a token came to be in the store; shown in listings so a user knows what to trust. */
public enum TokenOrigin {
    /** Added by the user with {@code vcstoken token add}. */
    MANUAL,
    /** Created on the server by vcstoken itself. */
    CREATED,
    /** A password typed at git's own prompt that the server accepted. */
    CAPTURED,
    /** Given through the environment for one process; never stored. */
    ENVIRONMENT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TokenOrigin parse(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
