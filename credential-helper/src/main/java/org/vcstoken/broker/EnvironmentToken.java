package org.vcstoken.broker;

import org.vcstoken.env.Environment;
import org.vcstoken.request.ParsedUrl;
import org.vcstoken.request.Request;
import org.vcstoken.token.Origin;
import org.vcstoken.token.Secret;

/**
 * A token given to one process through the environment (CI): {@code VCSTOKEN_TOKEN}, only for
 * requests under {@code VCSTOKEN_URL} (exact scheme, host and port; the URL's path as a prefix
 * by whole segments), as {@code VCSTOKEN_USERNAME}. It is never stored and never printed; a
 * request for any other host, port or repository gets nothing from it, so a hostile submodule URL
 * cannot receive it.
 */
public final class EnvironmentToken {
    static final String TOKEN = "VCSTOKEN_TOKEN";
    static final String URL = "VCSTOKEN_URL";
    static final String USERNAME = "VCSTOKEN_USERNAME";

    private final Origin origin;
    private final String prefix;
    private final String username;
    private final Secret secret;

    private EnvironmentToken(Origin origin, String prefix, String username, Secret secret) {
        this.origin = origin;
        this.prefix = prefix;
        this.username = username;
        this.secret = secret;
    }

    /** What the environment asks for: nothing, a usable token, or a mistake to report. */
    public record Setting(EnvironmentToken token, String problem) {
    }

    public static Setting from(Environment env) {
        String token = env.variables().get(TOKEN);
        if (token == null || token.isEmpty()) {
            return new Setting(null, null);
        }
        String url = env.variables().get(URL);
        if (url == null || url.isEmpty()) {
            return new Setting(null, "VCSTOKEN_TOKEN is set without VCSTOKEN_URL; it is used only for requests under "
                    + "VCSTOKEN_URL (e.g. VCSTOKEN_URL=https://code.example.com/group/repo), so it is ignored");
        }
        ParsedUrl parsed;
        Secret secret;
        try {
            parsed = ParsedUrl.parse(url);
            secret = Secret.of(token.strip());
        } catch (IllegalArgumentException e) {
            return new Setting(null, "VCSTOKEN_URL or VCSTOKEN_TOKEN is not usable (" + e.getMessage() + "); ignored");
        }
        if (!parsed.origin().scheme().equals("https") && !parsed.origin().isLoopback()) {
            return new Setting(null, "VCSTOKEN_URL " + parsed.origin().url() + " is plain http to a remote host; "
                    + "the environment token is only sent over https");
        }
        String user = env.variables().get(USERNAME);
        return new Setting(new EnvironmentToken(parsed.origin(), parsed.path(),
                user == null || user.isEmpty() ? parsed.username() : user, secret), null);
    }

    Origin origin() {
        return origin;
    }

    /** Why this request may not have the token, or {@code null} when it may. */
    public String refusal(Request request) {
        if (!origin.equals(request.origin())) {
            return "request is for " + request.origin().url() + ", not VCSTOKEN_URL's " + origin.url();
        }
        if (!prefix.isEmpty()) {
            if (!request.hasPath()) {
                return "VCSTOKEN_URL names a path but the request has none (set credential.useHttpPath=true)";
            }
            if (!request.path().equals(prefix) && !request.path().startsWith(prefix + "/")) {
                return "request path " + request.path() + " is not under VCSTOKEN_URL's " + prefix;
            }
        }
        String user = user(request);
        if (user == null) {
            return "no user name: set VCSTOKEN_USERNAME";
        }
        if (request.username() != null && !request.username().equals(user)) {
            return "request is for user " + request.username() + ", VCSTOKEN_USERNAME is " + user;
        }
        return null;
    }

    String user(Request request) {
        return username != null ? username : request.username();
    }

    Secret secret() {
        return secret;
    }

    boolean matches(String password) {
        return secret.matches(password);
    }
}
