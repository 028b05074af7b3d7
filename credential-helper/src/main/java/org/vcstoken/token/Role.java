package org.vcstoken.token;

import java.util.Locale;
import org.vcstoken.messages.InputMessages;

/** What a token may be used for, as RhodeCode names it; only VCS and ALL open a repository. */
public enum Role {
    VCS, ALL, API, HTTP, FEED;

    /** Short name used in the store and on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** RhodeCode's name for the role, e.g. {@code token_role_vcs}. */
    public String rhodecodeName() {
        return "token_role_" + id();
    }

    public boolean opensRepositories() {
        return this == VCS || this == ALL;
    }

    /** Accepts {@code vcs} as well as {@code token_role_vcs}, in any case. */
    public static Role parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("token_role_")) {
            t = t.substring("token_role_".length());
        }
        for (Role r : values()) {
            if (r.id().equals(t)) {
                return r;
            }
        }
        throw new IllegalArgumentException(InputMessages.unknownRole(text));
    }
}
