package org.vcstoken.renew;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.vcstoken.messages.Messages;
import org.vcstoken.broker.Answer;
import org.vcstoken.env.StatePaths;
import org.vcstoken.messages.RenewMessages;
import org.vcstoken.prompt.Interaction;
import org.vcstoken.prompt.PromptException;
import org.vcstoken.request.Request;
import org.vcstoken.select.Selection;
import org.vcstoken.select.TokenSelector;
import org.vcstoken.server.ServerException;
import org.vcstoken.server.ServerKinds;
import org.vcstoken.server.VcsType;
import org.vcstoken.store.FileLocks;
import org.vcstoken.store.StoreData;
import org.vcstoken.store.StoreException;
import org.vcstoken.store.TokenStore;
import org.vcstoken.token.ScopePolicy;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;
import org.vcstoken.trace.Trace;

/**
 * What happens when a client needs a token and none is usable (DESIGN.md "Fallback"): prompt and
 * create one when a person can be asked, or refuse with one line that says what to run or set.
 * Only one process creates a token for a given (server, user, scope) at a time; the others wait
 * for it and use its token.
 */
public final class Fallback {
    /** A person may take a while to type a password; git waits that long too. */
    static final Duration CREATOR_WAIT = Duration.ofMinutes(5);
    /**
     * How long a "no" (the person declined, or creation failed) holds for processes that start after
     * it, for the same server, user and repository: long enough for the later jobs of one parallel
     * git command, short enough that the next command asks again. Processes that were already
     * waiting while the person answered always end the same way.
     */
    static final Duration NO_TOKEN_HOLDS = Duration.ofSeconds(30);

    private final TokenStore store;
    private final Clock clock;
    private final Trace trace;
    private final Consumer<String> err;
    private final Decider interaction;
    private final TokenCreation creation;
    private final SingleFlight flights;

    /**
     * The fallback as the front doors run it: the store, prompts and creator wired from the
     * environment. Kept here so the git helper, the in-JVM service and the CLI share one wiring.
     */
    public static Fallback wired(org.vcstoken.env.Environment env, java.nio.file.FileSystem fs, Clock clock,
            java.io.PrintStream err, Trace trace) {
        return wired(env, fs, clock, err, trace, null);
    }

    /**
     * As {@link #wired(org.vcstoken.env.Environment, java.nio.file.FileSystem, Clock, java.io.PrintStream, Trace)},
     * for a caller that has forbidden prompts itself: with {@code promptsOffBy} set nothing is ever
     * asked, and a refusal names that setting (a program's {@code interactive=false}) instead of a
     * command-line flag.
     */
    public static Fallback wired(org.vcstoken.env.Environment env, java.nio.file.FileSystem fs, Clock clock,
            java.io.PrintStream err, Trace trace, String promptsOffBy) {
        TokenStore store = org.vcstoken.broker.Brokers.store(env, fs, err);
        ServerKinds kinds = ServerKinds.wired(clock, trace);
        Decider decider = promptsOffBy == null ? org.vcstoken.prompt.Prompts.interaction(env, err)::decide
                : nonInteractive -> new Interaction.Decision.NonInteractive(promptsOffBy);
        return new Fallback(store, StatePaths.from(env, fs), clock, trace, err::println, decider,
                TokenCreation.wired(store, kinds, env, clock, trace, err::println));
    }

    public Fallback(TokenStore store, StatePaths paths, Clock clock, Trace trace, Consumer<String> err,
            Decider interaction, TokenCreation creation) {
        this.store = store;
        this.clock = clock;
        this.trace = trace;
        this.err = err;
        this.interaction = interaction;
        this.creation = creation;
        this.flights = new SingleFlight(paths.dataDir().resolve("locks"), CREATOR_WAIT);
    }

    /** Whether a person may be asked now, and through what (see {@link Interaction#decide}). */
    @FunctionalInterface
    public interface Decider {
        Interaction.Decision decide(boolean nonInteractive);
    }

    /**
     * The lock under which one process at a time creates a token for (server, user, scope), for
     * callers other than the fallback ({@code vcstoken renew}); null when another process kept it
     * past the wait.
     */
    public static FileLocks.Held creationLock(java.nio.file.Path dataDir, String server, String user, String scope,
            java.util.function.Consumer<java.nio.file.Path> onWait) throws IOException {
        return new SingleFlight(dataDir.resolve("locks"), CREATOR_WAIT).acquire(server, user == null ? "" : user, scope,
                onWait);
    }

    /**
     * @param nonInteractive the caller was told not to prompt (e.g. {@code --non-interactive})
     */
    public Outcome run(Request request, VcsType vcs, boolean nonInteractive) throws StoreException {
        Instant started = clock.instant();
        StoreData data = store.read();
        Optional<ServerProfile> found = data.serverFor(request.origin(), request.path());
        if (found.isEmpty() || !found.get().mayReceiveTokens()) {
            return new Outcome.NotOurs();
        }
        ServerProfile profile = found.get();
        String repo = profile.repoFor(request.path());
        // A forge that ignores the user name for tokens still creates them for an account: the
        // profile's, not whatever user name the client's URL carried.
        String username = profile.ignoresUsername() && profile.username() != null ? profile.username()
                : request.username() != null ? request.username() : profile.username();
        String scope = profile.scope() == ScopePolicy.REPO && !repo.isEmpty() ? repo : null;
        try {
            if (scope != null && !creation.scopesRepositories(profile)) {
                // The family makes only server-wide tokens (Gitea): one creation serves every
                // repository, so requests for different repositories wait for the same one.
                scope = null;
            }
        } catch (ServerException e) {
            err.accept(Messages.error(Messages.creationFailed(e.getMessage())));
            return new Outcome.Declined();
        }

        TokenCreation.Target target = new TokenCreation.Target(profile, repo, username, scope, vcs, null);
        Interaction.Decision decision = interaction.decide(nonInteractive);
        boolean unattended;
        try {
            unattended = creation.hasUnattendedPath(target);
        } catch (ServerException e) {
            err.accept(Messages.error(Messages.creationFailed(e.getMessage())));
            return new Outcome.Declined();
        }
        if (decision instanceof Interaction.Decision.NonInteractive off && !unattended) {
            trace.line("fallback: non-interactive (" + off.reason() + ")");
            return new Outcome.Refused(Messages.noUsableToken(profile.baseUrl(), repo, off.reason()));
        }

        try (FileLocks.Held held = flights.acquire(profile.baseUrl(), username == null ? "" : username, scope,
                lock -> err.accept(Messages.warning(Messages.waitingForCreator(profile.baseUrl(), repo))))) {
            if (held == null) {
                return new Outcome.Refused(Messages.creatorTimedOut(profile.baseUrl(), repo));
            }
            // Another process may have created the token while this one waited for the lock.
            Selection now = new TokenSelector(clock).select(store.read(), request);
            if (now.best().isPresent()) {
                Token t = now.best().get();
                trace.line("fallback: token " + t.id() + " appeared while waiting; using it");
                return new Outcome.Created(answer(profile, t));
            }
            String user = username == null ? "" : username;
            Optional<SingleFlight.NoToken> earlier = flights.recentNoToken(profile.baseUrl(), user, scope,
                    clock.instant(), CREATOR_WAIT)
                    .filter(no -> !no.at().isBefore(started.minusSeconds(1))
                            || no.at().plus(NO_TOKEN_HOLDS).isAfter(clock.instant()));
            if (earlier.isPresent()) {
                // Another process asked a moment ago: the answer holds for this one too.
                trace.line("fallback: another process ended without a token at " + earlier.get().at());
                err.accept(Messages.warning(Messages.noTokenEarlier(profile.baseUrl(), repo, earlier.get().at(),
                        earlier.get().why())));
                return new Outcome.Declined();
            }
            target = new TokenCreation.Target(profile, repo, username, scope, vcs, replaced(now, username, repo, scope));
            Optional<Token> made;
            try {
                made = creation.unattended(target);
            } catch (ServerException e) {
                // A path that needs nobody failed; the person's paths may still work.
                err.accept(Messages.warning(Messages.creationFailed(e.getMessage())));
                made = Optional.empty();
            }
            if (made.isPresent()) {
                return new Outcome.Created(answer(profile, made.get()));
            }
            if (decision instanceof Interaction.Decision.NonInteractive off) {
                trace.line("fallback: non-interactive (" + off.reason() + ") and no unattended path worked");
                return new Outcome.Refused(Messages.noUsableToken(profile.baseUrl(), repo, off.reason()));
            }
            var prompter = ((Interaction.Decision.Interactive) decision).prompter();
            trace.line("fallback: interactive through " + prompter.channel());
            Token created;
            try {
                created = creation.create(target, prompter, TokenCreation.Mode.ASK);
            } catch (PromptException | ServerException e) {
                flights.recordNoToken(profile.baseUrl(), user, scope, clock.instant(), e.getMessage());
                throw e;
            }
            flights.clearNoToken(profile.baseUrl(), user, scope);
            return new Outcome.Created(answer(profile, created));
        } catch (PromptException e) {
            trace.line("fallback: no answer: " + e.getMessage());
            if (!RenewMessages.DECLINED.equals(e.getMessage())) {
                err.accept(Messages.warning(Messages.creationFailed(e.getMessage())));
            }
            return new Outcome.Declined();
        } catch (ServerException e) {
            err.accept(Messages.error(Messages.creationFailed(e.getMessage())));
            return new Outcome.Declined();
        } catch (IOException e) {
            err.accept(Messages.error(Messages.creationFailed(e.getMessage())));
            return new Outcome.Declined();
        }
    }

    private static Answer answer(ServerProfile profile, Token t) {
        return new Answer(profile.answerUser(t.username()), t.secret(), t.expires(), t.id());
    }

    /**
     * The token being renewed: an expired or rejected token of the same user that would otherwise
     * serve this request (scoped to exactly this repository, or server-wide), the one with the
     * scope asked for first, then the newest. It is replaced whatever its scope: RhodeCode CE makes
     * server-wide tokens only, so there the one renewed is server-wide while the profile asks for
     * repository tokens.
     */
    private static Token replaced(Selection selection, String username, String repo, String scope) {
        Token best = null;
        for (Selection.Skip skip : selection.skipped()) {
            Token t = skip.token();
            // Of this user's tokens that open this repository, only expired or rejected ones are skipped.
            boolean servesRequest = t.scope() == null || t.scope().equals(repo);
            if (!servesRequest || !t.role().opensRepositories() || t.state().retired() != null
                    || (username != null && !username.equals(t.username()))) {
                continue;
            }
            if (best == null || better(t, best, scope)) {
                best = t;
            }
        }
        return best;
    }

    private static boolean better(Token t, Token than, String scope) {
        boolean tAsked = java.util.Objects.equals(t.scope(), scope);
        boolean thanAsked = java.util.Objects.equals(than.scope(), scope);
        if (tAsked != thanAsked) {
            return tAsked;
        }
        return t.created().isAfter(than.created());
    }
}
