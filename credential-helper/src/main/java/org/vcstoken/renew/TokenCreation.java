package org.vcstoken.renew;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.vcstoken.Messages;
import org.vcstoken.prompt.PromptException;
import org.vcstoken.prompt.Prompter;
import org.vcstoken.server.AccountSession;
import org.vcstoken.server.CreatedToken;
import org.vcstoken.server.ProbeResult;
import org.vcstoken.server.ServerException;
import org.vcstoken.server.ServerKind;
import org.vcstoken.server.TokenSpec;
import org.vcstoken.server.VcsType;
import org.vcstoken.store.StoreException;
import org.vcstoken.store.TokenStore;
import org.vcstoken.token.Durations;
import org.vcstoken.token.Role;
import org.vcstoken.token.ScopePolicy;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;
import org.vcstoken.token.TokenIds;
import org.vcstoken.token.TokenOrigin;
import org.vcstoken.trace.Trace;

/**
 * Creates a token with a person's help and stores it: assisted (the account password logs into
 * the web UI once, the token is created and read back, the password is forgotten) or guided
 * (the token page is opened, the person pastes what they created, the server confirms it before
 * it is stored). A token it replaces is dropped once the new one works, and deleted on the
 * server when vcstoken knows its id there.
 */
public final class TokenCreation {
    /** How to create. */
    public enum Mode {
        ASK, ASSISTED, GUIDED
    }

    /**
     * What to create a token for.
     *
     * @param profile   the server
     * @param repo      repository the request was for ("" for none)
     * @param username  the account, or {@code null} to ask
     * @param scope     repository the new token should be limited to, or {@code null} for server-wide
     * @param vcs       the client, for the verification probe
     * @param replacing a stored token the new one replaces, or {@code null}
     */
    public record Target(ServerProfile profile, String repo, String username, String scope, VcsType vcs,
            Token replacing) {
    }

    private final TokenStore store;
    private final Clock clock;
    private final Trace trace;
    private final Browser browser;
    private final TokenIds ids;

    /** The creator every front door uses: the real browser opener and fresh token ids. */
    public static TokenCreation wired(TokenStore store, org.vcstoken.env.Environment env, Clock clock, Trace trace) {
        var opener = org.vcstoken.prompt.Prompts.browserOpener(env);
        return new TokenCreation(store, clock, trace, page -> opener.open(page.toString()), new TokenIds());
    }

    public TokenCreation(TokenStore store, Clock clock, Trace trace, Browser browser, TokenIds ids) {
        this.store = store;
        this.clock = clock;
        this.trace = trace;
        this.browser = browser;
        this.ids = ids;
    }

    /**
     * @return the stored token
     * @throws PromptException the person cancelled or no answer could be had
     * @throws ServerException the server refused or failed; the message says which and what to do
     */
    public Token create(Target target, ServerKind kind, Prompter prompter, Mode mode)
            throws PromptException, ServerException, StoreException {
        String where = Messages.describeTarget(target.profile().baseUrl(), target.repo());
        Mode chosen = mode;
        if (chosen == Mode.ASK) {
            chosen = choose(kind, prompter, where, target);
        }
        String username = target.username();
        if (username == null) {
            username = prompter.ask("Your user name on " + target.profile().baseUrl() + ": ").strip();
            if (username.isEmpty() || username.indexOf(':') >= 0) {
                throw new PromptException("no usable user name given");
            }
        }
        return chosen == Mode.ASSISTED
                ? assisted(target, username, kind, prompter)
                : guided(target, username, kind, prompter);
    }

    private Mode choose(ServerKind kind, Prompter prompter, String where, Target target) throws PromptException {
        Token old = target.replacing();
        String why = old == null ? "no usable token" : "the token " + old.id()
                + (old.isRejected() || old.expires() == null ? " was rejected"
                : old.isExpiredAt(clock.instant()) ? " expired at " + old.expires() : " expires " + old.expires());
        if (!kind.canCreateTokens()) {
            prompter.tell("vcstoken: " + why + " for " + where + "; this server kind cannot create tokens itself.");
            return Mode.GUIDED;
        }
        String answer = prompter.ask("vcstoken: " + why + " for " + where
                + ". Create one now? [a]ssisted with your account password, [g]uided in the browser, [n]o [a]: ")
                .strip().toLowerCase(Locale.ROOT);
        if (answer.isEmpty() || answer.startsWith("a")) {
            return Mode.ASSISTED;
        }
        if (answer.startsWith("g")) {
            return Mode.GUIDED;
        }
        throw new PromptException("declined");
    }

    private Token assisted(Target target, String username, ServerKind kind, Prompter prompter)
            throws PromptException, ServerException, StoreException {
        ServerProfile profile = target.profile();
        char[] password = prompter.askSecret("Password for " + username + " at " + profile.baseUrl()
                + " (used once to create a token, never stored): ");
        AccountSession session;
        try {
            session = kind.login(profile, username, password);
        } finally {
            Arrays.fill(password, '\0');
        }
        try (session) {
            String scope = scope(target, username, session, prompter);
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            TokenSpec spec = new TokenSpec("vcstoken " + now.toString().substring(0, 10)
                    + (scope == null ? "" : " for " + scope), profile.lifetime(), scope, Role.VCS);
            CreatedToken created = session.create(spec);
            trace.mask(created.secret().reveal());
            trace.line("created token on the server, id " + created.serverId());
            if (created.note() != null) {
                prompter.tell(Messages.warning(created.note()));
            }
            Token token;
            try {
                verify(kind, profile, target, username, created.secret());
                token = store(target, username, created.secret(), created.expires(), created.repo(),
                        TokenOrigin.CREATED, created.serverId());
            } catch (ServerException | StoreException | RuntimeException e) {
                // Not stored (or not usable): a token nobody holds must not stay live on the server.
                try {
                    session.delete(created.serverId());
                } catch (ServerException cleanup) {
                    e.addSuppressed(cleanup);
                    prompter.tell("vcstoken: the new token (server id " + created.serverId() + ") could not be "
                            + "deleted again; delete it at " + kind.tokenPage(profile));
                }
                throw e;
            }
            if (target.replacing() != null && target.replacing().serverId() != null) {
                // Only now that the new token works and is stored: a failed rotation must leave the old
                // one usable. Deleting it is tidying up: the new token is already in use if it fails
                // (it may be gone already, deleted in the web page).
                try {
                    session.delete(target.replacing().serverId());
                    trace.line("deleted the replaced token " + target.replacing().id() + " on the server");
                } catch (ServerException e) {
                    prompter.tell("vcstoken: could not delete the replaced token (server id "
                            + target.replacing().serverId() + ") on the server (" + e.getMessage()
                            + "); if it is still listed, delete it at " + kind.tokenPage(profile));
                }
            }
            prompter.tell("vcstoken: created token " + token.id() + " for " + Messages.describeTarget(profile.baseUrl(),
                    token.scope() == null ? "" : token.scope()) + ", expires "
                    + (token.expires() == null ? "never" : token.expires()));
            return token;
        }
    }

    /**
     * The repository the new token is limited to, or null for a server-wide one. A server without
     * repository scopes (RhodeCode CE) makes server-wide tokens: said once (not again when the token
     * being replaced is server-wide already) and recorded as such. A repository the server does not
     * offer as a scope is an error, unless the profile allows server-wide tokens.
     */
    private static String scope(Target target, String username, AccountSession session, Prompter prompter)
            throws ServerException {
        String wanted = target.scope();
        if (wanted == null) {
            return null;
        }
        ServerProfile profile = target.profile();
        if (!session.supportsRepoScope()) {
            if (target.replacing() == null || !target.replacing().isServerWide()) {
                prompter.tell(Messages.warning(Messages.serverWideTokensOnly(profile.baseUrl(), wanted)));
            }
            return null;
        }
        if (!session.offersRepoScope(wanted)) {
            if (profile.scope() != ScopePolicy.HOST) {
                throw new ServerException(Messages.repoScopeNotOffered(profile.baseUrl(), wanted, username));
            }
            prompter.tell(Messages.warning(Messages.repoScopeNotOfferedServerWide(profile.baseUrl(), wanted)));
            return null;
        }
        return wanted;
    }

    private Token guided(Target target, String username, ServerKind kind, Prompter prompter)
            throws PromptException, ServerException, StoreException {
        ServerProfile profile = target.profile();
        var page = kind.tokenPage(profile);
        boolean opened = browser.open(page);
        prompter.tell("vcstoken: " + (opened ? "opened " : "open ") + page + (opened ? " in your browser" : "")
                + " and create a token with role VCS" + (target.scope() == null ? "" : " (limit it to " + target.scope()
                + " if you like)") + ".");
        char[] pasted = prompter.askSecret("Paste the new token (input hidden): ");
        Secret secret;
        try {
            secret = Secret.of(new String(pasted).strip());
        } catch (IllegalArgumentException e) {
            throw new PromptException("the pasted text is not a token: " + e.getMessage());
        } finally {
            Arrays.fill(pasted, '\0');
        }
        trace.mask(secret.reveal());
        String life = prompter.ask("Its lifetime as chosen on the page (e.g. 1h, 30d, never) ["
                + Durations.format(profile.lifetime()) + "]: ").strip();
        Duration lifetime;
        try {
            lifetime = life.isEmpty() ? profile.lifetime() : Durations.parseLifetime(life);
        } catch (IllegalArgumentException e) {
            throw new PromptException(e.getMessage());
        }
        String scope = null;
        if (target.scope() != null) {
            String limited = prompter.ask("Did you limit it to " + target.scope() + "? [y/N]: ").strip();
            scope = limited.toLowerCase(Locale.ROOT).startsWith("y") ? target.scope() : null;
        }
        verify(kind, profile, target, username, secret);
        Instant expires = lifetime == null ? null : clock.instant().truncatedTo(ChronoUnit.SECONDS).plus(lifetime);
        Token token = store(target, username, secret, expires, scope, TokenOrigin.MANUAL, null);
        prompter.tell("vcstoken: stored token " + token.id() + " for " + Messages.describeTarget(profile.baseUrl(),
                scope == null ? "" : scope) + (target.repo().isEmpty() ? " (not checked: no repository named)"
                : "; the server accepted it"));
        Token old = target.replacing();
        if (old != null && old.serverId() != null && !old.isExpiredAt(clock.instant()) && !old.isRejected()) {
            // vcstoken created the old one, but without a login it cannot delete it: say which to delete.
            prompter.tell("vcstoken: the replaced token " + old.id() + " (server id " + old.serverId()
                    + ") still works on the server; delete it at " + page);
        }
        return token;
    }

    /** The server must accept a token before it is stored: a typo must not become a stored token. */
    private void verify(ServerKind kind, ServerProfile profile, Target target, String username, Secret secret)
            throws ServerException {
        if (target.repo().isEmpty()) {
            trace.line("no repository to check the token against; stored unverified");
            return;
        }
        ProbeResult result = kind.probe(profile, target.repo(), target.vcs(), username, secret);
        trace.line("verification probe for " + target.repo() + ": " + result);
        if (result == ProbeResult.REJECTED) {
            throw new ServerException(Messages.tokenNotAccepted(profile.baseUrl(), target.repo(), username));
        }
    }

    private Token store(Target target, String username, Secret secret, Instant expires, String scope,
            TokenOrigin origin, String serverId) throws StoreException {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Token[] made = new Token[1];
        ServerProfile profile = target.profile();
        store.update(data -> {
            Set<String> taken = data.tokens().stream().map(Token::id).collect(Collectors.toSet());
            Token t = new Token(ids.unique(taken), profile.baseUrl(), username, Role.VCS, scope, expires,
                    origin == TokenOrigin.CREATED ? "created by vcstoken" : "pasted at a vcstoken prompt", now, origin,
                    now, null, secret, serverId);
            made[0] = t;
            var next = data.server(profile.baseUrl()).isPresent() ? data : data.withServer(profile);
            next = next.withToken(t);
            Token old = target.replacing();
            if (old != null && (old.isExpiredAt(now) || old.isRejected() || old.serverId() != null)) {
                // The replacement works; an expired, rejected or (about to be) deleted token is of no further use.
                next = next.withoutToken(old.id());
            }
            return next;
        });
        // A new token (and the one it replaced) changes what svn's cached password should be.
        org.vcstoken.svn.SvnAuthSync.afterStoreChange(store, clock, trace::line);
        return made[0];
    }
}
