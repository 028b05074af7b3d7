package org.vcstoken.server.forgejo;

import java.io.IOException;
import java.net.InetAddress;

/**
 * The name of this computer, for the names of the tokens vcstoken creates: on the forge's token
 * page they say which machine holds each one. Asked only when a token is created.
 */
final class MachineName {
    private MachineName() {
    }

    /** The local host name without its domain, or "this computer" when it cannot be had. */
    static String local() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            int dot = name.indexOf('.');
            // Keep an address whole; cut a domain off a name.
            if (dot > 0 && !Character.isDigit(name.charAt(0))) {
                name = name.substring(0, dot);
            }
            return name.isBlank() ? "this computer" : name;
        } catch (IOException | SecurityException e) {
            return "this computer";
        }
    }
}
