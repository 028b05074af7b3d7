package org.vcstoken.service;

import java.io.PrintStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.vcstoken.broker.Answer;
import org.vcstoken.broker.Brokers;
import org.vcstoken.env.Clocks;
import org.vcstoken.env.Environment;
import org.vcstoken.request.ParsedUrl;
import org.vcstoken.request.Request;
import org.vcstoken.server.VcsType;
import org.vcstoken.store.StoreData;
import org.vcstoken.store.StoreException;
import org.vcstoken.store.TokenStore;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;

/**
 * Tokens for svn URLs, shared by {@code vcstoken svn} and the SVNKit provider: the broker (stored
 * token, else the create-a-token fallback) plus the one thing svn needs on top — finding the
 * repository in a URL that usually points below it ({@code …/grp/app/trunk/src}).
 */
public final class SvnCredentials {
    /** svn's conventional layout directories: what follows one of them is never part of a repository name. */
    private static final Set<String> LAYOUT = Set.of("trunk", "branches", "tags");

    private final CredentialService service;
    private final TokenStore store;

    public SvnCredentials(CredentialService service, TokenStore store) {
        this.service = service;
        this.store = store;
    }

    /** @param interactive false forbids every prompt (CI, IDE background jobs) */
    public static SvnCredentials from(Environment env, FileSystem fs, Clock clock, PrintStream err, boolean interactive) {
        return new SvnCredentials(CredentialService.from(env, fs, clock, err, interactive), Brokers.store(env, fs, err));
    }

    /** The process's own environment, file system and clock. */
    public static SvnCredentials fromSystem(boolean interactive) {
        Environment env = Environment.system();
        return from(env, FileSystems.getDefault(), Clocks.from(env, System.err), System.err, interactive);
    }

    /**
     * The request for an svn URL. The repository is the longest leading part of the path that a
     * stored token is scoped to; failing that, the part before {@code trunk}, {@code branches} or
     * {@code tags}; failing that, the whole path.
     *
     * @throws IllegalArgumentException the URL is malformed (the message says how)
     */
    public Request requestFor(String url) throws StoreException {
        ParsedUrl parsed = ParsedUrl.parse(url);
        StoreData data = store.readFor(parsed.origin());
        Optional<ServerProfile> found = data.serverFor(parsed.origin(), parsed.path());
        if (found.isEmpty()) {
            return new Request(parsed.origin(), parsed.path(), parsed.username());
        }
        ServerProfile profile = found.get();
        String repo = repository(data, profile, profile.repoFor(parsed.path()));
        String path = profile.prefix().isEmpty() ? repo : repo.isEmpty() ? profile.prefix() : profile.prefix() + "/" + repo;
        return new Request(parsed.origin(), path, parsed.username());
    }

    static String repository(StoreData data, ServerProfile profile, String below) {
        String best = null;
        for (Token t : data.tokens()) {
            String scope = t.scope();
            if (scope != null && t.server().equals(profile.baseUrl())
                    && (below.equals(scope) || below.startsWith(scope + "/"))
                    && (best == null || scope.length() > best.length())) {
                best = scope;
            }
        }
        if (best != null) {
            return best;
        }
        String[] segments = below.split("/");
        for (int i = 1; i < segments.length; i++) {
            if (LAYOUT.contains(segments[i])) {
                return String.join("/", java.util.Arrays.copyOf(segments, i));
            }
        }
        return below;
    }

    /** A stored token for the request, else one created through the fallback; empty when none. */
    public Optional<Answer> get(Request request) throws StoreException {
        return service.get(request, VcsType.SVN);
    }

    /** The server accepted the token: recorded as confirmed. */
    public void approve(Request request, Answer answer) throws StoreException {
        service.approve(request, answer.secret().reveal());
    }

    /** The server refused the token: it is never handed out again. */
    public void reject(Request request, Answer answer) throws StoreException {
        service.reject(request, answer.secret().reveal());
    }
}
