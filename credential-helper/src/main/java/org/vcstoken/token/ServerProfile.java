package org.vcstoken.token;

import java.time.Duration;
import java.util.Objects;

/**
 * A server vcstoken knows: where it is, what kind it is, whose account, and the policy for
 * tokens created for it.
 *
 * @param origin      scheme, host and port
 * @param prefix      path the server is mounted under, without leading or trailing slash; "" for none
 * @param kind        server family, e.g. {@code rhodecode}
 * @param username    account name, or {@code null} when not known yet
 * @param scope       scope of tokens vcstoken creates
 * @param lifetime    lifetime of tokens vcstoken creates
 * @param renewBefore how long before expiry to start renewing, or {@code null} for the default rule
 * @param allowHttp   whether plain http to a non-loopback host is acceptable for this server
 * @param ignoresUsername the server's family ignores the Basic user name for tokens (GitLab, Forgejo,
 *                    Gitea): a request's user name then does not narrow the choice of token,
 *                    and answers carry {@link #username()}. Written by {@code server add} from
 *                    the family's rules, so that the lean {@code get} path never loads a family.
 */
public record ServerProfile(
        Origin origin,
        String prefix,
        String kind,
        String username,
        ScopePolicy scope,
        Duration lifetime,
        Duration renewBefore,
        boolean allowHttp,
        boolean ignoresUsername) {

    public static final String DEFAULT_KIND = "rhodecode";
    public static final Duration DEFAULT_LIFETIME = Duration.ofDays(30);

    public ServerProfile {
        Objects.requireNonNull(origin, "origin");
        prefix = prefix == null ? "" : prefix;
        kind = kind == null ? DEFAULT_KIND : kind;
        scope = scope == null ? ScopePolicy.REPO : scope;
        lifetime = lifetime == null ? DEFAULT_LIFETIME : lifetime;
    }

    /** A profile of a family that checks the Basic user name (RhodeCode, generic). */
    public ServerProfile(Origin origin, String prefix, String kind, String username, ScopePolicy scope,
            Duration lifetime, Duration renewBefore, boolean allowHttp) {
        this(origin, prefix, kind, username, scope, lifetime, renewBefore, allowHttp, false);
    }

    /**
     * The user name to answer a client with for a token of {@code tokenUser}: the profile's own
     * where the family ignores user names and the profile names one, else the token's.
     */
    public String answerUser(String tokenUser) {
        return ignoresUsername && username != null ? username : tokenUser;
    }

    /** A profile with every policy at its default. */
    public static ServerProfile withDefaults(Origin origin, String prefix, String username) {
        return new ServerProfile(origin, prefix, DEFAULT_KIND, username, ScopePolicy.REPO, DEFAULT_LIFETIME, null, false);
    }

    /** The key under which tokens refer to this profile: scheme://host[:port][/prefix]. */
    public String baseUrl() {
        return prefix.isEmpty() ? origin.url() : origin.url() + "/" + prefix;
    }

    /** Plain http leaves the machine in clear text; only loopback or an explicit opt-in may use it. */
    public boolean mayReceiveTokens() {
        return origin.scheme().equals("https") || origin.isLoopback() || allowHttp;
    }

    /**
     * The repository a request path names on this server, or {@code null} when the path is not
     * under this server's prefix. An empty string means "the server itself", and so does an empty
     * path (a request that names no repository).
     */
    public String repoFor(String path) {
        if (prefix.isEmpty() || path.isEmpty()) {
            return path;
        }
        if (path.equals(prefix)) {
            return "";
        }
        if (path.startsWith(prefix + "/")) {
            return path.substring(prefix.length() + 1);
        }
        return null;
    }
}
