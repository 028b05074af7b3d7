package org.vcstoken.broker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.vcstoken.messages.Messages;
import org.vcstoken.request.Request;
import org.vcstoken.select.ExpiryPolicy;
import org.vcstoken.select.Selection;
import org.vcstoken.select.TokenSelector;
import org.vcstoken.store.StoreData;
import org.vcstoken.store.StoreException;
import org.vcstoken.store.TokenStore;
import org.vcstoken.token.Role;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;
import org.vcstoken.token.TokenIds;
import org.vcstoken.token.TokenOrigin;
import org.vcstoken.trace.Trace;

/**
 * The one place that answers a request with a credential and hears back whether it worked.
 * Every front door (git protocol, hg extension, SVNKit, JGit, the svn wrapper) goes through it.
 */
public final class Broker {
    /** A confirmation younger than this is not rewritten: every git fetch would otherwise write the store. */
    static final Duration CONFIRM_GRANULARITY = Duration.ofMinutes(1);

    private final TokenStore store;
    private final TokenSelector selector;
    private final Clock clock;
    private final Trace trace;
    private final Consumer<String> warn;
    private final TokenIds ids;
    private final EnvironmentToken.Setting environment;
    private final Mirror mirror;

    /**
     * @param warn receives user-facing warning lines (the front door decides where they go)
     */
    public Broker(TokenStore store, Clock clock, Trace trace, Consumer<String> warn, TokenIds ids) {
        this(store, clock, trace, warn, ids, new EnvironmentToken.Setting(null, null));
    }

    /** @param environment the token given through VCSTOKEN_TOKEN / VCSTOKEN_URL, if any */
    public Broker(TokenStore store, Clock clock, Trace trace, Consumer<String> warn, TokenIds ids,
            EnvironmentToken.Setting environment) {
        this(store, clock, trace, warn, ids, environment, Mirror.NONE);
    }

    /** @param mirror told of every lookup and change, to keep a copy of tokens elsewhere in step */
    public Broker(TokenStore store, Clock clock, Trace trace, Consumer<String> warn, TokenIds ids,
            EnvironmentToken.Setting environment, Mirror mirror) {
        this.mirror = mirror;
        this.environment = environment;
        this.store = store;
        this.selector = new TokenSelector(clock);
        this.clock = clock;
        this.trace = trace;
        this.warn = warn;
        this.ids = ids;
    }

    /** The best usable token for the request, if any. */
    public Optional<Answer> get(Request request) throws StoreException {
        if (trace.enabled()) { // the strings would be built for nothing
            trace.line("get " + request.describe());
        }
        // A cached svn password whose token has expired leaves svn's cache at the next run of any
        // kind (issue 21): one stat without svn configured, one small read with it.
        mirror.onLookup(store, clock, warn);
        if (environment.problem() != null) {
            warn.accept(Messages.warning(environment.problem()));
        }
        EnvironmentToken env = environment.token();
        if (env != null) {
            trace.mask(env.secret().reveal());
            String refusal = env.refusal(request);
            if (refusal == null) {
                trace.line("using the environment token (" + env.variable() + ")");
                return Optional.of(new Answer(env.user(request), env.secret(), null, "environment"));
            }
            trace.line("environment token not for this request: " + refusal);
        }
        StoreData data = store.readFor(request.origin());
        Selection selection = selector.select(data, request);
        traceSelection(selection);
        if (selection.refusal() != null) {
            warn.accept(Messages.warning(selection.refusal()));
            return Optional.empty();
        }
        Optional<Token> best = selection.best();
        if (best.isEmpty()) {
            trace.line("no usable token");
            return Optional.empty();
        }
        Token t = best.get();
        // Issue 10: the one secret this get needs is loaded here; a store that cannot give it makes
        // one clear line and no answer (and no fallback), and the store itself is left untouched.
        try {
            trace.mask(t.secret().reveal());
        } catch (Secret.UnavailableException e) {
            throw new StoreException(e.getMessage());
        }
        if (trace.enabled()) {
            trace.line("chose token " + t.id() + (t.isServerWide() ? " (server-wide)" : " (repo " + t.scope() + ")"));
        }
        ServerProfile profile = selection.server().orElse(null);
        // Inside the renew window the front door renews (or says when it expires): that may need
        // the server's family, which this lean path does not load.
        boolean due = ExpiryPolicy.expiresSoon(t, profile, clock.instant());
        if (due) {
            trace.line("token " + t.id() + " is inside its renew window");
        }
        // Forgejo and Gitea ignore the user name for tokens: answer with the profile's account, so
        // that git never pairs the token with a user name it picked up elsewhere.
        String user = profile == null ? t.username() : profile.answerUser(t.username());
        return Optional.of(new Answer(user, t.secret(), t.expires(), t.id(), due));
    }

    /**
     * Why the environment token (VCSTOKEN_TOKEN, or GitLab CI's job token) was not given for a
     * request to its own server, as the error line to print, or null when there is none or the
     * request is for another server.
     */
    public String environmentRefusal(Request request) {
        EnvironmentToken env = environment.token();
        if (env == null || !env.origin().equals(request.origin())) {
            return null;
        }
        String why = env.refusal(request);
        return why == null ? null : Messages.environmentTokenNotFor(env.variable(), why, env.hint());
    }

    /** Whether a server profile covers the request (then the fallback may create a token for it). */
    public boolean hasServerFor(Request request) throws StoreException {
        return store.readFor(request.origin()).serverFor(request.origin(), request.path()).isPresent();
    }

    /**
     * The server accepted {@code password}: record the token as confirmed, or keep a password typed
     * at the client's own prompt as a captured token for a server that has a profile.
     *
     * <p>A stored token matches when its secret is the password and, when the client names a user,
     * it belongs to that user: the same secret under another account is another credential, and the
     * server's word about one says nothing about the other (RhodeCode checks the user name too).
     */
    public void approve(Request request, String password, Instant passwordExpiry) throws StoreException {
        if (password == null || password.isEmpty()) {
            return;
        }
        trace.mask(password);
        trace.line("store " + request.describe());
        if (isEnvironmentToken(password)) {
            trace.line("the environment token (" + environment.token().variable() + ") worked; it is never stored");
            return;
        }
        Instant now = clock.instant();
        // Only this host's part of the store, as for a get: git runs store after every operation
        // that authenticated, and most find the token confirmed recently and write nothing. A
        // change re-reads the whole store under the lock (store.update).
        StoreData before = store.readFor(request.origin());
        Optional<ServerProfile> server = before.serverFor(request.origin(), request.path());
        if (server.isEmpty()) {
            trace.line("no server profile; nothing to record");
            return;
        }
        ServerProfile profile = server.get();
        String repo = profile.repoFor(request.path());
        String scope = repo == null || repo.isEmpty() ? null : repo;
        boolean capturable = request.username() != null && profile.mayReceiveTokens();
        try {
            // Issue 10: the token a get would choose is compared first, so a confirmation usually
            // loads one secret from a keyring, not all of the server's.
            // No lambdas here: git runs `store` after every authenticated operation, and the first
            // lambda of a process costs it a few milliseconds of method-handle spinning.
            Optional<Token> chosen = selector.select(before, request).best();
            if (chosen.isPresent() && chosen.get().server().equals(profile.baseUrl())
                    && chosen.get().secret().matches(password) && !needsConfirmation(chosen.get(), now)) {
                trace.line("token " + chosen.get().id() + " confirmed recently; nothing to write");
                return;
            }
            if (!capturable && matching(before, profile, request.username(), password).isEmpty()) {
                trace.line("unknown password without user name or over plain http; not captured");
                return;
            }
        } catch (Secret.UnavailableException e) {
            throw new StoreException(e.getMessage());
        }
        Secret secret;
        try {
            secret = Secret.of(password);
        } catch (IllegalArgumentException e) {
            trace.line("password not capturable: " + e.getMessage());
            return;
        }
        store.update(data -> {
            StoreData next = data;
            boolean covered = false;
            boolean known = false;
            // Secrets held in the file first: only when none of them is this password are the ones
            // in a keyring or pass loaded (issue 10: a confirmation should not need the keyring).
            for (int pass = 0; pass < 2 && !known; pass++) {
                for (Token t : data.tokens()) {
                    boolean held = t.secret().isLoaded() || t.secret().backend() == null;
                    if ((pass == 0) != held || !sameCredential(t, profile, request.username(), password)) {
                        continue;
                    }
                    known = true;
                    covered |= t.isServerWide() || t.scope().equals(scope);
                    if (needsConfirmation(t, now)) {
                        trace.line("token " + t.id() + " confirmed");
                        next = next.mapToken(t.id(), old -> old.withConfirmed(now));
                    }
                }
            }
            // A password typed for a repository that a stored token of the same secret is not scoped
            // to is kept for that repository too, or git would prompt for it every time. Without a
            // repository a known secret is never widened to a server-wide token: a repository
            // token must not reach the server's other repositories.
            if (covered || !capturable || known && scope == null) {
                return next;
            }
            Set<String> taken = next.tokens().stream().map(Token::id).collect(Collectors.toSet());
            Token captured = new Token(ids.unique(taken), profile.baseUrl(), profile.answerUser(request.username()),
                    Role.VCS, scope,
                    passwordExpiry, Messages.capturedTokenDescription(), now, TokenOrigin.CAPTURED, now, null, secret);
            // As a storing helper overwrites: the password now typed for this user and scope supersedes
            // one typed before, which would otherwise come back once the new one is refused.
            for (Token t : data.tokens()) {
                if (t.origin() == TokenOrigin.CAPTURED && t.server().equals(profile.baseUrl())
                        && t.username().equals(profile.answerUser(request.username()))
                        && java.util.Objects.equals(t.scope(), scope)
                        && !t.secret().matches(password)) {
                    trace.line("token " + t.id() + " (captured before) replaced");
                    next = next.withoutToken(t.id());
                }
            }
            trace.line("captured a new token " + captured.id() + " for " + profile.baseUrl()
                    + (captured.scope() == null ? "" : " repo " + captured.scope()));
            return next.withToken(captured);
        });
        // svn keeps a cached password until it is rewritten; a confirmed, captured or rejected token can change it.
        mirror.afterChange(store, clock, warn);
    }

    /**
     * The server refused {@code password}: mark the stored tokens with that secret rejected (those
     * of the request's user when it names one).
     */
    public void reject(Request request, String password) throws StoreException {
        if (password == null || password.isEmpty()) {
            return;
        }
        trace.mask(password);
        trace.line("erase " + request.describe());
        if (isEnvironmentToken(password)) {
            warn.accept(Messages.warning(Messages.environmentTokenRefused(environment.token().variable(),
                    request.describe())));
            return;
        }
        StoreData before = store.readFor(request.origin()); // a change re-reads it all under the lock
        Optional<ServerProfile> server = before.serverFor(request.origin(), request.path());
        boolean matches;
        try {
            // Issue 10: with a keyring this reads the secrets of this server's tokens, no others.
            matches = server.isPresent() && matching(before, server.get(), request.username(), password).isPresent();
        } catch (Secret.UnavailableException e) {
            throw new StoreException(e.getMessage());
        }
        if (!matches) {
            trace.line("the password matches no stored token" + (request.username() == null ? "" : " of this user")
                    + "; nothing to change");
            return;
        }
        Instant now = clock.instant();
        ServerProfile profile = server.get();
        store.update(data -> {
            // Every entry holding this secret: the same token added for two repositories is still one
            // token, and the server has just refused it.
            StoreData next = data;
            for (Token t : data.tokens()) {
                if (sameCredential(t, profile, request.username(), password)) {
                    trace.line("token " + t.id() + " marked rejected");
                    next = next.mapToken(t.id(), old -> old.withRejected(now));
                }
            }
            return next;
        });
        // svn keeps a cached password until it is rewritten; a confirmed, captured or rejected token can change it.
        mirror.afterChange(store, clock, warn);
    }

    private boolean isEnvironmentToken(String password) {
        return environment.token() != null && environment.token().matches(password);
    }

    private static Optional<Token> matching(StoreData data, ServerProfile profile, String username, String password) {
        for (Token t : data.tokens()) {
            if (sameCredential(t, profile, username, password)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /**
     * The token is this server's, the request's user's (when it names one and the server's family
     * checks user names) and holds this secret.
     */
    private static boolean sameCredential(Token t, ServerProfile profile, String username, String password) {
        return t.server().equals(profile.baseUrl())
                && (username == null || profile.ignoresUsername() || username.equals(t.username()))
                && t.secret().matches(password);
    }

    private static boolean needsConfirmation(Token t, Instant now) {
        return t.isRejected() || t.confirmed() == null
                || !ExpiryPolicy.plus(t.confirmed(), CONFIRM_GRANULARITY).isAfter(now);
    }

    private void traceSelection(Selection s) {
        if (!trace.enabled()) {
            return;
        }
        if (s.server().isEmpty()) {
            trace.line("no server profile matches");
            return;
        }
        trace.line("server " + s.server().get().baseUrl() + ", repo '" + s.repo() + "'");
        for (Selection.Skip skip : s.skipped()) {
            trace.line("skipped token " + skip.token().id() + ": " + skip.reason());
        }
        for (Token t : s.candidates()) {
            trace.line("candidate token " + t.id() + (t.isServerWide() ? " server-wide" : " repo " + t.scope())
                    + ", expires " + (t.expires() == null ? "never" : t.expires()));
        }
    }
}
