package org.vcstoken.token;

import java.util.Locale;
import org.vcstoken.messages.InputMessages;

/** Whether tokens that vcstoken creates for a server cover one repository or the whole server. */
public enum ScopePolicy {
    REPO, HOST;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ScopePolicy parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "repo" -> REPO;
            case "host", "server" -> HOST;
            default -> throw new IllegalArgumentException(InputMessages.unknownScope(text));
        };
    }
}
