package org.vcstoken.cli;

import org.vcstoken.messages.CommandMessages;

/** Checks on values people type, with messages that say what is allowed. */
final class Validation {
    private Validation() {
    }

    /** A user name goes into HTTP Basic auth and the credential protocol: no colon, no control characters. */
    static void username(String user) {
        if (user == null || user.isEmpty()) {
            throw new CliException(CommandMessages.userNameEmpty());
        }
        for (int i = 0; i < user.length(); i++) {
            char c = user.charAt(i);
            if (c < 0x20 || c == 0x7f || c == ':') {
                throw new CliException(CommandMessages.userNameInvalid());
            }
        }
    }
}
