package org.vcstoken.select;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.vcstoken.messages.Messages;
import org.vcstoken.request.Request;
import org.vcstoken.store.StoreData;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;

/**
 * Chooses the token for a request (DESIGN.md "Choosing a token"): exact scheme, host and port;
 * a role that opens repositories; the request's user name (unless the profile says the forge
 * ignores it); not expired (with clock-skew margin), not rejected and not retired. A token scoped
 * to exactly this repository beats a server-wide one; among
 * equals the one that expires last wins, then the newest.
 */
public final class TokenSelector {
    // A plain class rather than Comparator combinators: lambdas cost the helper start-up time.
    private static final Comparator<Token> PREFERENCE = new Preference();

    private static final class Preference implements Comparator<Token> {
        @Override
        public int compare(Token a, Token b) {
            if (a.isServerWide() != b.isServerWide()) {
                return a.isServerWide() ? 1 : -1;
            }
            Instant ea = a.expires() == null ? Instant.MAX : a.expires();
            Instant eb = b.expires() == null ? Instant.MAX : b.expires();
            int byExpiry = eb.compareTo(ea);
            return byExpiry != 0 ? byExpiry : b.created().compareTo(a.created());
        }
    }

    private final Clock clock;

    public TokenSelector(Clock clock) {
        this.clock = clock;
    }

    public Selection select(StoreData data, Request request) {
        Optional<ServerProfile> server = data.serverFor(request.origin(), request.path());
        if (server.isEmpty()) {
            return new Selection(server, "", List.of(), List.of(), null);
        }
        ServerProfile profile = server.get();
        String repo = profile.repoFor(request.path());
        if (!profile.mayReceiveTokens()) {
            return new Selection(server, repo, List.of(), List.of(), Messages.plainHttpRefused(profile.baseUrl()));
        }
        Instant now = clock.instant();
        List<Token> usable = new ArrayList<>();
        List<Selection.Skip> skipped = new ArrayList<>();
        for (Token t : data.tokens()) {
            if (!t.server().equals(profile.baseUrl())) {
                continue;
            }
            String reason = unusable(t, request, profile.ignoresUsername(), repo, now);
            if (reason == null) {
                usable.add(t);
            } else {
                skipped.add(new Selection.Skip(t, reason));
            }
        }
        if (usable.size() > 1) { // sorting even one element loads the sort's classes
            usable.sort(PREFERENCE);
        }
        return new Selection(server, repo, List.copyOf(usable), List.copyOf(skipped), null);
    }

    private static String unusable(Token t, Request request, boolean ignoresUsername, String repo, Instant now) {
        if (!t.role().opensRepositories()) {
            return "role " + t.role().id() + " cannot open repositories";
        }
        // Where the forge ignores the Basic user name, the request's (often "git" or "oauth2" from
        // a copied URL) says nothing about which account's token fits.
        if (!ignoresUsername && request.username() != null && !request.username().equals(t.username())) {
            return "belongs to user " + t.username() + ", request is for " + request.username();
        }
        if (t.isRejected()) {
            return "rejected by the server at " + t.rejected();
        }
        if (t.isRetired()) {
            return "retired at " + t.state().retired() + " (replaced; kept only until the server deletes it)";
        }
        if (t.isExpiredAt(now)) {
            return "expired at " + t.expires();
        }
        if (t.state().retired() != null) {
            return "replaced at " + t.state().retired() + " (retired; still to be deleted on the server)";
        }
        if (!t.isServerWide()) {
            if (repo.isEmpty()) {
                return "scoped to " + t.scope() + " but the request names no repository"
                        + " (git needs credential.useHttpPath; run: vcstoken configure --git)";
            }
            if (!repo.equals(t.scope())) {
                return "scoped to " + t.scope() + ", request is for " + repo;
            }
        }
        return null;
    }
}
