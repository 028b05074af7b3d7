package org.vcstoken.renew;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileSystem;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.vcstoken.messages.Messages;
import org.vcstoken.broker.Answer;
import org.vcstoken.env.Environment;
import org.vcstoken.env.StatePaths;
import org.vcstoken.request.Request;
import org.vcstoken.select.TokenSelector;
import org.vcstoken.server.ServerException;
import org.vcstoken.server.ServerKind;
import org.vcstoken.server.ServerKinds;
import org.vcstoken.store.FileLocks;
import org.vcstoken.store.StoreData;
import org.vcstoken.store.StoreException;
import org.vcstoken.store.TokenStore;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;
import org.vcstoken.trace.Trace;

/**
 * What a front door does with an answer inside its token's renew window (DESIGN.md "Expiry"):
 * where the server's family can replace the token without a person (GitLab's rotate endpoints),
 * it is rotated now, once, under the same lock as token creation, and the answer already carries
 * the new token; otherwise the old token is still handed out with one line saying when it
 * expires and how to renew it. Loaded only for such answers, never on a plain {@code get}.
 */
public final class Renewal {
    private final TokenStore store;
    private final ServerKinds kinds;
    private final Clock clock;
    private final Trace trace;
    private final Consumer<String> err;
    private final SingleFlight flights;
    private final Rotations rotations;

    public Renewal(TokenStore store, ServerKinds kinds, StatePaths paths, Clock clock, Trace trace,
            Consumer<String> err) {
        this.store = store;
        this.kinds = kinds;
        this.clock = clock;
        this.trace = trace;
        this.err = err;
        this.flights = new SingleFlight(paths.dataDir().resolve("locks"), Fallback.CREATOR_WAIT);
        this.rotations = new Rotations(store, clock, trace, err);
    }

    /** The renewal as the front doors run it, wired from the environment. */
    public static Renewal wired(Environment env, FileSystem fs, Clock clock, PrintStream err, Trace trace) {
        return new Renewal(org.vcstoken.broker.Brokers.store(env, fs, err), ServerKinds.wired(clock, trace),
                StatePaths.from(env, fs), clock, trace, err::println);
    }

    /**
     * @param answer the broker's answer, {@link Answer#renewDue()} set
     * @return the answer to give: the rotated token's, or {@code answer} itself
     */
    public Answer renewOrWarn(Request request, Answer answer) throws StoreException {
        Optional<Answer> renewed = Optional.empty();
        try {
            renewed = rotate(request, answer);
        } catch (ServerException e) {
            trace.line("renewal: " + e.getMessage());
        }
        if (renewed.isPresent()) {
            return renewed.get();
        }
        StoreData data = store.read();
        String server = data.token(answer.tokenId()).map(Token::server).orElse(request.origin().url());
        err.accept(Messages.warning(Messages.expiresSoon(answer.tokenId(), server, answer.expires())));
        return answer;
    }

    private Optional<Answer> rotate(Request request, Answer answer) throws StoreException, ServerException {
        StoreData data = store.read();
        Optional<Token> found = data.token(answer.tokenId());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Token token = found.get();
        if (!token.secret().matches(answer.secret().reveal())) {
            trace.line("renewal: token " + token.id() + " was renewed by another process");
            return new TokenSelector(clock).select(data, request).best().map(Renewal::answer);
        }
        ServerProfile profile = data.server(token.server()).orElse(null);
        if (profile == null) {
            return Optional.empty();
        }
        ServerKind kind = kinds.kindFor(profile);
        Instant now = clock.instant();
        Token api = ApiTokens.usable(data, profile, token.username(), now).orElse(null);
        if (!Rotations.rotatable(kind, token, api, now)) {
            trace.line("renewal: " + kind.id() + " cannot rotate token " + token.id() + " without a person");
            return Optional.empty();
        }
        try (FileLocks.Held held = flights.acquire(profile.baseUrl(), token.username(), token.scope(),
                lock -> err.accept(Messages.warning(Messages.waitingForCreator(profile.baseUrl(),
                        token.scope() == null ? "" : token.scope()))))) {
            if (held == null) {
                return Optional.empty();
            }
            // Another process may have rotated it while this one waited: use what is stored now.
            StoreData fresh = store.read();
            Optional<Token> current = fresh.token(token.id());
            if (current.isPresent() && !current.get().secret().matches(token.secret().reveal())) {
                trace.line("renewal: token " + token.id() + " was renewed by another process");
                return new TokenSelector(clock).select(fresh, request).best().map(Renewal::answer);
            }
            Optional<Token> rotated = rotations.rotate(kind, profile, current.orElse(token), api);
            rotated.ifPresent(t -> err.accept(Messages.rotated(t.id(), profile.baseUrl(), t.expires())));
            return rotated.map(Renewal::answer);
        } catch (IOException e) {
            throw new StoreException(e.getMessage());
        }
    }

    private static Answer answer(Token t) {
        return new Answer(t.username(), t.secret(), t.expires(), t.id());
    }
}
