package org.vcstoken.broker;

import org.vcstoken.env.Environment;
import org.vcstoken.messages.Messages;
import org.vcstoken.request.ParsedUrl;
import org.vcstoken.request.Request;
import org.vcstoken.token.Origin;
import org.vcstoken.token.Secret;

/**
 * A token given to one process through the environment (CI): {@code VCSTOKEN_TOKEN}, only for
 * requests under {@code VCSTOKEN_URL} (exact scheme, host and port; the URL's path as a prefix
 * by whole segments), as {@code VCSTOKEN_USERNAME}; or, in a GitLab CI job without
 * {@code VCSTOKEN_TOKEN}, the job's own {@code CI_JOB_TOKEN} for {@code CI_SERVER_URL}. It is
 * never stored and never printed; a request for any other host, port or repository gets
 * nothing from it, so a hostile submodule URL cannot receive it.
 */
public final class EnvironmentToken {
    static final String TOKEN = "VCSTOKEN_TOKEN";
    static final String URL = "VCSTOKEN_URL";
    static final String USERNAME = "VCSTOKEN_USERNAME";

    /**
     * Where the environment may hand a token over, first match wins; data rather than code, so
     * a CI system is one more entry. The job token of GitLab CI: every job has CI_JOB_TOKEN,
     * valid for git over HTTPS on its own instance (CI_SERVER_URL, with the instance's relative
     * URL root as path) and only with the user name gitlab-ci-token (GitLab's "CI/CD job token"
     * docs). It is used only when the job sets no VCSTOKEN_TOKEN, which always wins, and it is
     * as short-lived as the job, so it is never stored.
     */
    private static final Source[] SOURCES = {
        new Source(TOKEN, URL, USERNAME, null, null, Messages.ENVIRONMENT_TOKEN_HINT),
        new Source("CI_JOB_TOKEN", "CI_SERVER_URL", null, "gitlab-ci-token", "GITLAB_CI", Messages.JOB_TOKEN_HINT),
    };

    /** One way the environment hands a token over: the variables, the user, and the hint for a refusal. */
    static final class Source {
        final String token;
        final String url;
        final String userVariable;
        final String fixedUser;
        final String onlyWhen;
        final String hint;

        /**
         * @param userVariable the variable naming the user, or null when the user is fixed
         * @param fixedUser    the one user name the token works with, or null
         * @param onlyWhen     a variable that must be {@code true} (the CI system's marker), or null
         * @param hint         what to change when a request on the same server is not covered
         */
        Source(String token, String url, String userVariable, String fixedUser, String onlyWhen, String hint) {
            this.token = token;
            this.url = url;
            this.userVariable = userVariable;
            this.fixedUser = fixedUser;
            this.onlyWhen = onlyWhen;
            this.hint = hint;
        }
    }

    private final Source source;
    private final Origin origin;
    private final String prefix;
    private final String username;
    private final Secret secret;

    private EnvironmentToken(Source source, Origin origin, String prefix, String username, Secret secret) {
        this.source = source;
        this.origin = origin;
        this.prefix = prefix;
        this.username = username;
        this.secret = secret;
    }

    /** What the environment asks for: nothing, a usable token, or a mistake to report. */
    public record Setting(EnvironmentToken token, String problem) {
    }

    public static Setting from(Environment env) {
        // A plain loop over an array: this runs on every git `get`, where lambdas cost start-up time.
        for (Source source : SOURCES) {
            String token = env.variables().get(source.token);
            if (token == null || token.isEmpty()) {
                continue;
            }
            if (source.onlyWhen != null && !"true".equalsIgnoreCase(env.variables().get(source.onlyWhen))) {
                continue;
            }
            return from(env, source, token);
        }
        return new Setting(null, null);
    }

    /**
     * The URL the environment token is for, for {@code vcstoken env --ci} to enable the helper
     * there: {@code VCSTOKEN_URL} when set (as before any CI system was known), else the URL of
     * the source in use (GitLab CI's {@code CI_SERVER_URL}); {@code null} for none.
     */
    public static String url(Environment env) {
        String own = env.variables().get(URL);
        if (own != null && !own.isEmpty()) {
            return own;
        }
        Setting s = from(env);
        return s.token() == null ? null : s.token().origin.url() + (s.token().prefix.isEmpty() ? "" : "/" + s.token().prefix);
    }

    private static Setting from(Environment env, Source source, String token) {
        String url = env.variables().get(source.url);
        if (url == null || url.isEmpty()) {
            return new Setting(null, Messages.environmentTokenWithoutUrl(source.token, source.url));
        }
        ParsedUrl parsed;
        Secret secret;
        try {
            parsed = ParsedUrl.parse(url);
            secret = Secret.of(token.strip());
        } catch (IllegalArgumentException e) {
            return new Setting(null, Messages.environmentTokenUnusable(source.url, source.token, e.getMessage()));
        }
        if (!parsed.origin().scheme().equals("https") && !parsed.origin().isLoopback()) {
            return new Setting(null, Messages.environmentTokenOverHttp(source.url, parsed.origin().url()));
        }
        if (source.fixedUser != null && (parsed.username() != null || parsed.hadPassword())) {
            // The CI system's own URL never carries credentials: one that does was not set by it.
            return new Setting(null, Messages.environmentUrlWithCredentials(source.url, source.token));
        }
        String user = source.fixedUser != null ? source.fixedUser : env.variables().get(source.userVariable);
        return new Setting(new EnvironmentToken(source, parsed.origin(), parsed.path(),
                user == null || user.isEmpty() ? parsed.username() : user, secret), null);
    }

    /** The variable the token came from, e.g. {@code VCSTOKEN_TOKEN} or {@code CI_JOB_TOKEN}, for messages. */
    public String variable() {
        return source.token;
    }

    /** What to change when a request to the same server is not covered, for the refusal in CI. */
    public String hint() {
        return source.hint;
    }

    Origin origin() {
        return origin;
    }

    /** Why this request may not have the token, or {@code null} when it may. */
    public String refusal(Request request) {
        if (!origin.equals(request.origin())) {
            return Messages.notForOrigin(request.origin().url(), source.url, origin.url());
        }
        if (!prefix.isEmpty()) {
            if (!request.hasPath()) {
                return Messages.requestWithoutPath(source.url);
            }
            if (!request.path().equals(prefix) && !request.path().startsWith(prefix + "/")) {
                return Messages.notUnderPrefix(request.path(), source.url, prefix);
            }
        }
        String user = user(request);
        if (user == null) {
            return Messages.noEnvironmentUser();
        }
        if (request.username() != null && !request.username().equals(user)) {
            return Messages.otherUser(request.username(), source.userVariable, source.token, user);
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
