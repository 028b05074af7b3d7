package org.vcstoken.request;

import java.util.Objects;
import org.vcstoken.messages.InputMessages;
import org.vcstoken.token.Origin;

/**
 * What a client asks for, normalised.
 *
 * @param origin   scheme, host and port
 * @param path     repository path on the host (without prefix stripping), "" when the client sent none
 * @param username the user name the client already knows, or {@code null}
 */
public record Request(Origin origin, String path, String username) {
    public Request {
        Objects.requireNonNull(origin, "origin");
        path = path == null ? "" : path;
        username = username == null || username.isEmpty() ? null : username;
        if (username != null) {
            for (int i = 0; i < username.length(); i++) {
                char c = username.charAt(i);
                // A user name goes into HTTP Basic auth, the store and listings printed on terminals.
                if (c == ':' || Character.isISOControl(c)) {
                    throw new IllegalArgumentException(InputMessages.userNameUnusable());
                }
            }
        }
    }

    public boolean hasPath() {
        return !path.isEmpty();
    }

    /** A description safe for messages and traces (no secrets live in a request). */
    public String describe() {
        return origin.url() + (path.isEmpty() ? "" : "/" + path) + (username == null ? "" : " (user " + username + ")");
    }
}
