package org.vcstoken.renew;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.vcstoken.messages.Messages;
import org.vcstoken.messages.RenewMessages;
import org.vcstoken.prompt.PromptException;
import org.vcstoken.prompt.Prompter;
import org.vcstoken.server.AccountSession;
import org.vcstoken.server.ApiCreation;
import org.vcstoken.server.ApiOutcome;
import org.vcstoken.server.CreatedToken;
import org.vcstoken.server.GuidedPage;
import org.vcstoken.server.KindRules;
import org.vcstoken.server.OneTimeCodes;
import org.vcstoken.server.PasswordCreation;
import org.vcstoken.server.PasswordLoginImpossible;
import org.vcstoken.server.ProbeResult;
import org.vcstoken.server.ServerException;
import org.vcstoken.server.ServerKind;
import org.vcstoken.server.ServerKinds;
import org.vcstoken.server.TokenSpec;
import org.vcstoken.server.VcsType;
import org.vcstoken.store.StoreData;
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
import org.vcstoken.token.TokenState;
import org.vcstoken.trace.Trace;

/**
 * Makes a new token for a server and stores it, by the best path the server's family offers
 * (DESIGN.md "Server families"): first the paths that need nobody (rotating the token being
 * replaced, creating with an API token vcstoken holds), then, with a person, the account password
 * once (assisted), then the token page and a paste (guided). A token it replaces is dropped once
 * the new one works, and deleted on the server where vcstoken can; one that stays valid there is
 * kept as retired, listed with how to delete it.
 */
public final class TokenCreation {
    /** How to create, when a person is asked. */
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
    private final ServerKinds kinds;
    private final Clock clock;
    private final Trace trace;
    private final Browser browser;
    private final TokenIds ids;
    private final Consumer<String> notes;
    private final Rotations rotations;

    /** The creator every front door uses: the real browser opener and fresh token ids. */
    public static TokenCreation wired(TokenStore store, ServerKinds kinds, org.vcstoken.env.Environment env, Clock clock,
            Trace trace, Consumer<String> notes) {
        var opener = org.vcstoken.prompt.Prompts.browserOpener(env);
        return new TokenCreation(store, kinds, clock, trace, page -> opener.open(page.toString()), new TokenIds(), notes);
    }

    /**
     * @param notes receives the lines of the unattended paths (a path that did not work and why),
     *              which have no prompter to tell
     */
    public TokenCreation(TokenStore store, ServerKinds kinds, Clock clock, Trace trace, Browser browser, TokenIds ids,
            Consumer<String> notes) {
        this.store = store;
        this.kinds = kinds;
        this.clock = clock;
        this.trace = trace;
        this.browser = browser;
        this.ids = ids;
        this.notes = notes;
        this.rotations = new Rotations(store, clock, trace, notes);
    }

    public ServerKinds kinds() {
        return kinds;
    }

    /** Whether the profile's family can limit tokens to one repository at all. */
    public boolean scopesRepositories(ServerProfile profile) throws ServerException {
        return kinds.kindFor(profile).rules().scopesRepositories();
    }

    /**
     * Whether a path that asks nobody could apply: the token being replaced could be rotated, or
     * an API token is stored and the kind creates tokens with one. Cheap: reads the store only.
     */
    public boolean hasUnattendedPath(Target target) throws StoreException, ServerException {
        ServerKind kind = kinds.kindFor(target.profile());
        if (kind.rotation().isEmpty() && kind.apiCreation().isEmpty()) {
            return false;
        }
        StoreData data = store.read();
        Instant now = clock.instant();
        Token api = ApiTokens.usable(data, target.profile(), target.username(), now).orElse(null);
        return (target.replacing() != null && Rotations.rotatable(kind, target.replacing(), api, now))
                || (kind.apiCreation().isPresent() && api != null);
    }

    /**
     * The paths that need nobody, best first: rotating the token being replaced, then creating one
     * with a stored API token. A path that does not work here is named in one line (to
     * {@code notes}) and the next is tried.
     *
     * @return the stored token, or empty when no such path gave one
     */
    public Optional<Token> unattended(Target target) throws StoreException, ServerException {
        ServerProfile profile = target.profile();
        ServerKind kind = kinds.kindFor(profile);
        Instant now = clock.instant();
        Optional<Token> api = freshApiToken(kind, profile, target.username());
        Token old = target.replacing();
        if (old != null && Rotations.rotatable(kind, old, api.orElse(null), now)) {
            trace.line("renewal: rotating " + old.id() + " on the server");
            Optional<Token> rotated = rotations.rotate(kind, profile, old, api.orElse(null));
            if (rotated.isPresent()) {
                notes.accept(Messages.rotated(old.id(), profile.baseUrl(), rotated.get().expires()));
                return rotated;
            }
        }
        Optional<ApiCreation> creator = kind.apiCreation();
        if (creator.isEmpty() || api.isEmpty()) {
            trace.line("creation: no API path (" + (creator.isEmpty() ? "the kind has none" : "no API token stored")
                    + ")");
            return Optional.empty();
        }
        TokenSpec spec = spec(profile, target.scope());
        ApiOutcome outcome = creator.get().create(profile, api.get().username(), api.get().secret(), spec);
        if (outcome instanceof ApiOutcome.Unavailable no) {
            notes.accept(Messages.warning(Messages.apiCreationUnavailable(profile.baseUrl(), target.repo(), no.reason())));
            return Optional.empty();
        }
        CreatedToken created = ((ApiOutcome.Created) outcome).token();
        trace.mask(created.secret().reveal());
        trace.line("created token on the server with the API token " + api.get().id() + ", server id "
                + created.serverId());
        String username = target.username() != null ? target.username() : api.get().username();
        Token token = storeVerified(kind, target, username, created, TokenOrigin.CREATED, () -> {
            kind.revocation().orElseThrow().revoke(profile, asToken(profile, username, created), api.get().secret());
            return null;
        }, kind.revocation().isPresent());
        retire(kind, profile, target.replacing(), null, api.get());
        notes.accept(Messages.created(token.id(), profile.baseUrl(), token.scope(), token.expires()));
        return Optional.of(token);
    }

    /**
     * The paths with a person: asked which ({@code ASK}), assisted where the kind creates tokens
     * from the account password, else guided.
     *
     * @return the stored token
     * @throws PromptException the person cancelled or no answer could be had
     * @throws ServerException the server refused or failed; the message says which and what to do
     */
    public Token create(Target target, Prompter prompter, Mode mode)
            throws PromptException, ServerException, StoreException {
        ServerKind kind = kinds.kindFor(target.profile());
        String where = Messages.describeTarget(target.profile().baseUrl(), target.repo());
        Mode chosen = mode;
        if (chosen == Mode.ASK) {
            chosen = choose(kind, prompter, where, target);
        }
        if (chosen == Mode.ASSISTED && kind.passwordCreation().isEmpty()) {
            prompter.tell(RenewMessages.noPasswordCreation(kind.id()));
            chosen = Mode.GUIDED;
        }
        String username = target.username();
        if (username == null) {
            username = prompter.ask(RenewMessages.userNameQuestion(target.profile().baseUrl())).strip();
            if (username.isEmpty() || username.indexOf(':') >= 0) {
                throw new PromptException(RenewMessages.noUserName());
            }
        }
        if (chosen == Mode.ASSISTED) {
            try {
                return assisted(target, username, kind, kind.passwordCreation().orElseThrow(), prompter);
            } catch (PasswordLoginImpossible e) {
                prompter.tell(RenewMessages.passwordLoginImpossible(e.getMessage()));
                return guided(target, username, kind, prompter);
            }
        }
        return guided(target, username, kind, prompter);
    }

    /**
     * A token for vcstoken's own use of the server's API (role {@code api}), pasted by a person
     * from the token page (prefilled where the forge allows) and checked with the server before
     * it is stored with the expiry the server gives. It is never handed to git, hg or svn.
     */
    public Token createApiToken(ServerProfile profile, String username, Prompter prompter)
            throws PromptException, ServerException, StoreException {
        ServerKind kind = kinds.kindFor(profile);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        TokenSpec spec = new TokenSpec(RenewMessages.apiTokenName(now.toString().substring(0, 10)), profile.lifetime(), null,
                Role.API);
        GuidedPage page = kind.tokenPage(profile, spec);
        Secret secret = paste(page, null, RenewMessages.pasteApiToken(), prompter);
        String user = username;
        Instant expires;
        String serverId = null;
        boolean unchecked = false;
        if (kind.inspection().isPresent()) {
            var facts = kind.inspection().get().inspect(profile, username, secret);
            if (!facts.active()) {
                throw new ServerException(Messages.apiTokenRefused(profile.baseUrl(), RenewMessages.apiTokenInactive()));
            }
            if (!facts.opensApi()) {
                throw new ServerException(Messages.apiTokenRefused(profile.baseUrl(), RenewMessages.apiTokenWithoutApi(
                        String.join(", ", facts.scopes().stream().sorted().toList()), page.instructions())));
            }
            if (user == null) {
                user = facts.owner();
            }
            serverId = facts.serverId();
            expires = facts.expiryKnown() ? facts.expires() : askExpiry(prompter, profile, now);
            trace.line("the server accepts the API token; expires " + (expires == null ? "never" : expires));
        } else {
            String sure = prompter.ask(RenewMessages.storeApiTokenUnchecked(profile.baseUrl())).strip();
            if (!sure.toLowerCase(Locale.ROOT).startsWith("y")) {
                throw new PromptException(RenewMessages.DECLINED);
            }
            unchecked = true;
            expires = askExpiry(prompter, profile, now);
        }
        if (user == null) {
            user = prompter.ask(RenewMessages.userNameQuestion(profile.baseUrl())).strip();
            if (user.isEmpty() || user.indexOf(':') >= 0) {
                throw new PromptException(RenewMessages.noUserName());
            }
        }
        String owner = user;
        String sid = serverId;
        TokenState state = new TokenState(false, unchecked, null, null);
        Token[] made = new Token[1];
        store.update(data -> {
            Set<String> taken = data.tokens().stream().map(Token::id).collect(Collectors.toSet());
            Token t = new Token(ids.unique(taken), profile.baseUrl(), owner, Role.API, null, expires,
                    RenewMessages.apiTokenDescription(), now, TokenOrigin.MANUAL, now, null, secret, sid, state);
            made[0] = t;
            var next = data.server(profile.baseUrl()).isPresent() ? data : data.withServer(profile);
            return next.withToken(t);
        });
        return made[0];
    }

    private Instant askExpiry(Prompter prompter, ServerProfile profile, Instant now) throws PromptException {
        String life = prompter.ask(RenewMessages.apiLifetimeQuestion(Durations.format(profile.lifetime()))).strip();
        try {
            Duration lifetime = life.isEmpty() ? profile.lifetime() : Durations.parseLifetime(life);
            return lifetime == null ? null : now.plus(lifetime);
        } catch (IllegalArgumentException e) {
            throw new PromptException(e.getMessage());
        }
    }

    /**
     * Rotates an API token (or any token the kind can rotate with what vcstoken holds) now, as
     * {@code vcstoken renew} asks; empty when the kind cannot or the rotation did not happen.
     */
    public Optional<Token> rotate(ServerProfile profile, Token token) throws StoreException, ServerException {
        ServerKind kind = kinds.kindFor(profile);
        Instant now = clock.instant();
        Token api = token.role() == Role.API ? null
                : ApiTokens.usable(store.read(), profile, token.username(), now).orElse(null);
        if (!Rotations.rotatable(kind, token, api, now)) {
            return Optional.empty();
        }
        return rotations.rotate(kind, profile, token, api);
    }

    private Mode choose(ServerKind kind, Prompter prompter, String where, Target target) throws PromptException {
        Token old = target.replacing();
        String why = old == null ? RenewMessages.needed(null, null, null) : RenewMessages.needed(old.id(),
                old.isRejected() || old.expires() == null ? "rejected" : old.isExpiredAt(clock.instant()) ? "expired"
                        : "expires", old.expires());
        if (kind.passwordCreation().isEmpty()) {
            prompter.tell(RenewMessages.cannotCreateItself(why, where));
            return Mode.GUIDED;
        }
        String answer = prompter.ask(RenewMessages.chooseHow(why, where)).strip().toLowerCase(Locale.ROOT);
        if (answer.isEmpty() || answer.startsWith("a")) {
            return Mode.ASSISTED;
        }
        if (answer.startsWith("g")) {
            return Mode.GUIDED;
        }
        throw new PromptException(RenewMessages.DECLINED);
    }

    private Token assisted(Target target, String username, ServerKind kind, PasswordCreation creator,
            Prompter prompter) throws PromptException, ServerException, StoreException {
        ServerProfile profile = target.profile();
        char[] password = prompter.askSecret(RenewMessages.passwordQuestion(username, profile.baseUrl()));
        AccountSession session;
        try {
            session = creator.login(profile, username, password, codes(prompter, username, profile));
        } finally {
            Arrays.fill(password, '\0');
        }
        try (session) {
            String scope = scope(target, username, session, prompter);
            CreatedToken created = session.create(spec(profile, scope));
            trace.mask(created.secret().reveal());
            trace.line("created token on the server, id " + created.serverId());
            if (created.note() != null) {
                prompter.tell(Messages.warning(created.note()));
            }
            Token token = storeVerified(kind, target, username, created, TokenOrigin.CREATED, () -> {
                session.delete(created.serverId());
                return null;
            }, true);
            retire(kind, profile, target.replacing(), session, null);
            prompter.tell(Messages.created(token.id(), profile.baseUrl(), token.scope(), token.expires()));
            return token;
        }
    }

    /** One-time codes asked through the same prompter as the password. */
    private static OneTimeCodes codes(Prompter prompter, String username, ServerProfile profile) {
        return question -> {
            try {
                String code = prompter.ask(question == null || question.isBlank()
                        ? RenewMessages.oneTimeCodeQuestion(username, profile.baseUrl()) : question).strip();
                return code.isEmpty() ? Optional.empty() : Optional.of(code);
            } catch (PromptException e) {
                return Optional.empty();
            }
        };
    }

    /**
     * The repository the new token is limited to, or null for a server-wide one. A server without
     * repository scopes makes server-wide tokens: said once (not again when the token
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
                prompter.tell(Messages.warning(Messages.serverWideTokensOnly(profile.baseUrl(), wanted, session.whyNoRepoScope())));
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

    /**
     * Opens (or names) the token page and reads the pasted token, hidden. The pasted characters
     * are wiped whatever happens, and the secret is masked in traces from here on.
     *
     * @param limitTo the repository the person may limit the token to on the page, or null
     */
    private Secret paste(GuidedPage page, String limitTo, String question, Prompter prompter) throws PromptException {
        boolean opened = browser.open(page.uri());
        prompter.tell(RenewMessages.openPage(opened, page.uri().toString(), page.instructions(), limitTo));
        char[] pasted = prompter.askSecret(question);
        Secret secret;
        try {
            secret = Secret.of(new String(pasted).strip());
        } catch (IllegalArgumentException e) {
            throw new PromptException(RenewMessages.notAToken(e.getMessage()));
        } finally {
            Arrays.fill(pasted, '\0');
        }
        trace.mask(secret.reveal());
        return secret;
    }

    private Token guided(Target target, String username, ServerKind kind, Prompter prompter)
            throws PromptException, ServerException, StoreException {
        ServerProfile profile = target.profile();
        GuidedPage page = kind.tokenPage(profile, spec(profile, target.scope()));
        Secret secret = paste(page, target.scope() == null || !page.limitsToRepository() ? null : target.scope(),
                RenewMessages.pasteToken(), prompter);
        String life = prompter.ask(RenewMessages.lifetimeQuestion(kind.rules().enforcesExpiry(),
                Durations.format(profile.lifetime()))).strip();
        Duration lifetime;
        try {
            lifetime = life.isEmpty() ? profile.lifetime() : Durations.parseLifetime(life);
        } catch (IllegalArgumentException e) {
            throw new PromptException(e.getMessage());
        }
        String scope = null;
        if (target.scope() != null && page.limitsToRepository()) {
            String limited = prompter.ask(RenewMessages.limitedQuestion(target.scope())).strip();
            scope = limited.toLowerCase(Locale.ROOT).startsWith("y") ? target.scope() : null;
        }
        boolean checked = checkPasted(kind, profile, target, username, secret, prompter);
        Instant expires = lifetime == null ? null : clock.instant().truncatedTo(ChronoUnit.SECONDS).plus(lifetime);
        Token token = store(target, username, secret, expires, scope, TokenOrigin.MANUAL, null,
                kind.rules().enforcesExpiry() && expires != null, !checked);
        prompter.tell(RenewMessages.stored(token.id(), Messages.describeTarget(profile.baseUrl(),
                scope == null ? "" : scope), checked));
        Token old = target.replacing();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (old != null && old.serverId() != null && !old.isRejected()
                && (!old.isExpiredAt(now) || old.state().expiryEnforced())) {
            // vcstoken created the old one, but without a login it cannot delete it: say which to
            // delete, and keep it as retired (never handed out, listed) until the person has.
            prompter.tell(RenewMessages.replacedStillWorks(old.id(), old.serverId(), page.uri().toString()));
            store.update(data -> data.mapToken(old.id(), t -> t.withState(t.state().withRetired(now))));
        }
        return token;
    }

    /** What vcstoken asks a server for: a VCS token with the profile's lifetime, named so a person knows it. */
    private TokenSpec spec(ServerProfile profile, String scope) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return new TokenSpec(RenewMessages.tokenName(now.toString().substring(0, 10), scope),
                profile.lifetime(), scope, Role.VCS);
    }

    /** Undoes a creation on the server: the token nobody will hold must not stay valid there. */
    @FunctionalInterface
    private interface Undo {
        Void run() throws ServerException;
    }

    /**
     * Checks a created token against the repository and stores it; when either fails, the token
     * is deleted on the server again ({@code undo}) before the failure is passed on.
     */
    private Token storeVerified(ServerKind kind, Target target, String username, CreatedToken created,
            TokenOrigin origin, Undo undo, boolean canUndo) throws ServerException, StoreException {
        ServerProfile profile = target.profile();
        KindRules rules = kind.rules();
        Instant expires = created.expires();
        boolean enforced = false;
        if (rules.enforcesExpiry() && expires == null && profile.lifetime() != null) {
            // The forge keeps tokens forever: the lifetime is vcstoken's, counted from now.
            expires = clock.instant().truncatedTo(ChronoUnit.SECONDS).plus(profile.lifetime());
            enforced = true;
        }
        try {
            verify(kind, profile, target, username, created.secret());
            return store(target, username, created.secret(), expires, created.repo(), origin, created.serverId(),
                    enforced);
        } catch (ServerException | StoreException | RuntimeException e) {
            if (canUndo) {
                try {
                    undo.run();
                } catch (ServerException cleanup) {
                    e.addSuppressed(cleanup);
                    notes.accept(Messages.warning(RenewMessages.newTokenNotDeleted(created.serverId(),
                            kind.tokenPage(profile, null).uri().toString())));
                }
            }
            throw e;
        }
    }

    /**
     * The replaced token, once its replacement works and is stored: deleted on the server where
     * vcstoken can (with the session, or the API token), then dropped from the store. One that
     * stays valid on the server is kept as retired, so listings say it is still live there.
     */
    private void retire(ServerKind kind, ServerProfile profile, Token old, AccountSession session, Token api)
            throws StoreException {
        if (old == null || old.serverId() == null) {
            return;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        boolean deadAnyway = old.isRejected() || (old.isExpiredAt(now) && !old.state().expiryEnforced());
        String failure = null;
        try {
            if (session != null) {
                session.delete(old.serverId());
            } else if (api != null && kind.revocation().isPresent()) {
                kind.revocation().get().revoke(profile, old, api.secret());
            } else {
                failure = RenewMessages.cannotDeleteOn(profile.baseUrl());
            }
        } catch (ServerException e) {
            failure = e.getMessage();
        }
        if (failure == null) {
            trace.line("deleted the replaced token " + old.id() + " on the server");
            store.update(data -> data.withoutToken(old.id()));
            return;
        }
        if (deadAnyway) {
            store.update(data -> data.withoutToken(old.id()));
            return;
        }
        String reason = failure;
        notes.accept(Messages.warning(Messages.replacedStillValid(old.id(), old.serverId(), reason,
                kind.tokenPage(profile, null).uri().toString())));
        store.update(data -> data.mapToken(old.id(), t -> t.withState(t.state().withRetired(now))));
    }

    /** A created token as a stored-token shape, for revoking it again before it was stored. */
    private Token asToken(ServerProfile profile, String username, CreatedToken created) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return new Token("new", profile.baseUrl(), username, Role.VCS, created.repo(), created.expires(), "", now,
                TokenOrigin.CREATED, null, null, created.secret(), created.serverId());
    }

    /**
     * The API token to act with, rotated first when it is inside its own renew window and the
     * kind can rotate it (GitLab's {@code self/rotate}): an API token that expires unnoticed would
     * end every unattended path.
     */
    private Optional<Token> freshApiToken(ServerKind kind, ServerProfile profile, String username)
            throws StoreException {
        Instant now = clock.instant();
        Optional<Token> api = ApiTokens.usable(store.read(), profile, username, now);
        if (api.isEmpty() || !org.vcstoken.select.ExpiryPolicy.expiresSoon(api.get(), profile, now)
                || !Rotations.rotatable(kind, api.get(), null, now)) {
            return api;
        }
        trace.line("renewal: the API token " + api.get().id() + " is inside its renew window; rotating it");
        Optional<Token> rotated = rotations.rotate(kind, profile, api.get(), null);
        return rotated.isPresent() ? rotated : ApiTokens.usable(store.read(), profile, username, now);
    }

    /**
     * A pasted token is checked before it is stored: on the repository the request was for, else
     * with the server's API where it can judge the token, else on a repository the person names.
     * A token nothing can check is stored only when the person says so.
     *
     * @return whether the server confirmed it (false: stored unchecked with the person's consent)
     * @throws ServerException the server refused it: nothing is stored
     */
    private boolean checkPasted(ServerKind kind, ServerProfile profile, Target target, String username,
            Secret secret, Prompter prompter) throws ServerException, PromptException {
        if (!target.repo().isEmpty()) {
            verify(kind, profile, target, username, secret);
            return true;
        }
        Token probe = new Token("pasted", profile.baseUrl(), username, Role.VCS, null, null, "", clock.instant(),
                TokenOrigin.MANUAL, null, null, secret);
        if (kind.inspection().isPresent() && kind.inspection().get().canInspect(probe)) {
            var facts = kind.inspection().get().inspect(profile, username, secret);
            trace.line("the server's view of the pasted token: " + (facts.active() ? "active" : "not active"));
            if (!facts.active()) {
                throw new ServerException(Messages.pastedTokenRefused(profile.baseUrl(), username));
            }
            return true;
        }
        String repo = prompter.ask(RenewMessages.repositoryToCheckQuestion(profile.baseUrl())).strip();
        if (!repo.isEmpty()) {
            String name;
            try {
                name = org.vcstoken.request.RepoPath.normaliseDecoded(repo);
            } catch (IllegalArgumentException e) {
                throw new PromptException(RenewMessages.notARepositoryName(e.getMessage()));
            }
            verify(kind, profile, new Target(profile, name, username, null, target.vcs(), null), username, secret);
            return true;
        }
        String sure = prompter.ask(RenewMessages.storeUncheckedQuestion()).strip().toLowerCase(Locale.ROOT);
        if (!sure.startsWith("y")) {
            throw new PromptException(RenewMessages.DECLINED);
        }
        return false;
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
            TokenOrigin origin, String serverId, boolean expiryEnforced) throws StoreException {
        return store(target, username, secret, expires, scope, origin, serverId, expiryEnforced, false);
    }

    private Token store(Target target, String username, Secret secret, Instant expires, String scope,
            TokenOrigin origin, String serverId, boolean expiryEnforced, boolean unchecked) throws StoreException {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Token[] made = new Token[1];
        ServerProfile profile = target.profile();
        store.update(data -> {
            Set<String> taken = data.tokens().stream().map(Token::id).collect(Collectors.toSet());
            Token t = new Token(ids.unique(taken), profile.baseUrl(), username, Role.VCS, scope, expires,
                    RenewMessages.description(origin == TokenOrigin.CREATED), now, origin,
                    now, null, secret, serverId, new TokenState(expiryEnforced, unchecked, null, null));
            made[0] = t;
            var next = data.server(profile.baseUrl()).isPresent() ? data : data.withServer(profile);
            next = next.withToken(t);
            Token old = target.replacing();
            if (old != null && old.serverId() == null && (old.isExpiredAt(now) || old.isRejected())) {
                // The replacement works; an expired or rejected token vcstoken cannot delete is of no further use.
                next = next.withoutToken(old.id());
            }
            return next;
        });
        // A new token (and the one it replaced) changes what svn's cached password should be.
        org.vcstoken.svn.SvnAuthSync.afterStoreChange(store, clock, trace::line);
        return made[0];
    }
}
