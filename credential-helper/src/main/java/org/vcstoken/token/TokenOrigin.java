package org.vcstoken.token;

import java.util.Locale;
import org.vcstoken.messages.InputMessages;

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

    /** @throws IllegalArgumentException for an unknown name */
    public static TokenOrigin parse(String text) {
        // A loop, not valueOf: valueOf builds its name table by reflection, which the credential
        // helper would pay for at every start.
        for (TokenOrigin o : values()) {
            if (o.name().equalsIgnoreCase(text)) {
                return o;
            }
        }
        throw new IllegalArgumentException(InputMessages.unknownTokenOrigin());
    }
}
