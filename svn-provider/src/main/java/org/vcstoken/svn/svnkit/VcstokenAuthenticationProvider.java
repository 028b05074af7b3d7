package org.vcstoken.svn.svnkit;

import java.io.PrintStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tmatesoft.svn.core.SVNErrorMessage;
import org.tmatesoft.svn.core.SVNURL;
import org.tmatesoft.svn.core.auth.ISVNAuthenticationManager;
import org.tmatesoft.svn.core.auth.ISVNAuthenticationProvider;
import org.tmatesoft.svn.core.auth.SVNAuthentication;
import org.tmatesoft.svn.core.auth.SVNPasswordAuthentication;
import org.vcstoken.broker.Answer;
import org.vcstoken.broker.Brokers;
import org.vcstoken.service.CredentialService;
import org.vcstoken.env.Clocks;
import org.vcstoken.env.Environment;
import org.vcstoken.request.Request;
import org.vcstoken.store.StoreException;
import org.vcstoken.service.SvnCredentials;

/**
 * An SVNKit authentication provider that answers with vcstoken's token for the repository: the
 * best stored token for the URL, else one made by the create-a-token fallback (or, when prompting
 * is off, nothing and one line on standard error saying what to store).
 *
 * <p>Tokens are returned with storage disallowed, so SVNKit never writes them to its disk cache.
 * A request that carries the previous answer ({@code previousAuth}, or an
 * {@link #acknowledge acknowledgement} of failure) means the server refused it: that token is
 * marked rejected in the store and the next candidate is returned, or {@code null} when there is
 * none. The same token is never returned twice after a refusal, and after
 * {@value #MAX_ATTEMPTS} refusals in a row the provider answers {@code null} — SVNKit itself has
 * no retry limit. A success ({@link #acknowledge acknowledge(true, …)}) records the token as confirmed.
 *
 * <p>What it remembers is kept per repository, not per realm: the repositories of one server share
 * its realm, and one JVM may work on several at once (two threads, or a checkout and its
 * externals), so the token issued for one must not be taken for the other's when SVNKit reports
 * back. The count of refusals starts again with each new request SVNKit makes (a first attempt,
 * without an error), so a token stored after refusals is used without restarting the JVM; tokens
 * refused before are never offered again, because the store marks them rejected.
 *
 * <p>Registered with {@code setAuthenticationProvider} on SVNKit's default manager it is asked
 * last, after SVNKit's own caches; {@link VcstokenAuthentication#manager} makes it asked first.
 * It never accepts server certificates: trust stays with SVNKit's manager. Thread-safe.
 */
public final class VcstokenAuthenticationProvider implements ISVNAuthenticationProvider {
    /** How refusals name this provider when a program built it with {@code interactive} false. */
    static final String LIBRARY = "SVNKit authentication provider";

    /** Refusals in a row after which the provider gives up (each one already tried another token). */
    public static final int MAX_ATTEMPTS = 5;

    /**
     * One repository as SVNKit asks about it: the realm, and vcstoken's request for the URL (or the
     * URL itself, when vcstoken holds no tokens for such URLs).
     */
    record Repository(String realm, Object target) {
    }

    /** A token handed to SVNKit for a repository, with the request it answered. */
    private record Issued(Request request, Answer answer, SVNAuthentication auth) {
    }

    /** The current chain of attempts for one repository: what was handed out, and refused, since SVNKit's first attempt. */
    private static final class Chain {
        Issued issued;
        int attempts;
        final Set<String> refused = new HashSet<>();
    }

    private final SvnCredentials credentials;
    private final Map<Repository, Chain> chains = new HashMap<>();
    /** Token ids confirmed by this provider: SVNKit acknowledges every request, the store needs it once. */
    private final Set<String> confirmed = new HashSet<>();

    /** @param credentials the broker for svn URLs, e.g. {@code SvnCredentials.fromSystem(false)} */
    public VcstokenAuthenticationProvider(SvnCredentials credentials) {
        this.credentials = credentials;
    }

    /**
     * A provider over the process's own environment ({@code VCSTOKEN_HOME}, {@code VCSTOKEN_TRACE}, …).
     *
     * @param interactive false forbids every prompt (CI servers, IDE background jobs); when no token
     *                    can be had, the line on standard error names this setting
     *                    ({@code interactive=false}) and says what to store
     */
    public static VcstokenAuthenticationProvider fromSystem(boolean interactive) {
        Environment env = Environment.system();
        return from(env, FileSystems.getDefault(), Clocks.from(env, System.err), System.err, interactive);
    }

    /**
     * A provider over a given environment, file system and clock; refusals and warnings go to {@code err}.
     *
     * @param interactive as in {@link #fromSystem(boolean)}
     */
    public static VcstokenAuthenticationProvider from(Environment env, FileSystem fs, Clock clock, PrintStream err,
            boolean interactive) {
        return new VcstokenAuthenticationProvider(new SvnCredentials(
                CredentialService.forProgram(env, fs, clock, err, interactive, LIBRARY), Brokers.store(env, fs, err)));
    }

    /**
     * @throws IllegalStateException when the token store cannot be read (the message says why)
     */
    @Override
    public synchronized SVNAuthentication requestClientAuthentication(String kind, SVNURL url, String realm,
            SVNErrorMessage errorMessage, SVNAuthentication previousAuth, boolean authMayBeStored) {
        if (!ISVNAuthenticationManager.PASSWORD.equals(kind) || url == null) {
            return null;
        }
        try {
            Request request;
            try {
                request = credentials.requestFor(url.toString());
            } catch (IllegalArgumentException e) {
                // A URL vcstoken cannot hold tokens for (svn://, file://): not ours to answer.
                return null;
            }
            Repository repository = new Repository(realm, request);
            Chain chain = chains.get(repository);
            if (chain == null || errorMessage == null && previousAuth == null) {
                // SVNKit's first attempt for a request: earlier refusals are in the store already.
                chain = new Chain();
                chains.put(repository, chain);
            } else if (previousAuth != null && chain.issued != null && sameAs(chain.issued, previousAuth)) {
                reject(chain);
            }
            if (chain.attempts >= MAX_ATTEMPTS) {
                return null;
            }
            Optional<Answer> answer = credentials.get(request);
            if (answer.isEmpty() || chain.refused.contains(answer.get().tokenId())) {
                return null;
            }
            chain.attempts++;
            Answer a = answer.get();
            SVNAuthentication auth = SVNPasswordAuthentication.newInstance(a.username(),
                    a.secret().reveal().toCharArray(), false, url, false);
            chain.issued = new Issued(request, a, auth);
            return auth;
        } catch (StoreException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Server certificates are SVNKit's manager's business, never a token broker's. */
    @Override
    public int acceptServerAuthentication(SVNURL url, String realm, Object certificate, boolean resultMayBeStored) {
        return REJECTED;
    }

    /**
     * The server's verdict on an authentication this provider returned (others are ignored):
     * accepted records the token as confirmed; refused marks it rejected so it is never handed out again.
     *
     * @return whether {@code auth} was this provider's
     * @throws IllegalStateException when the token store cannot be written
     */
    public synchronized boolean acknowledge(boolean accepted, String realm, SVNAuthentication auth) {
        Repository repository = repositoryIssued(realm, auth);
        if (repository == null) {
            return false;
        }
        Chain chain = chains.get(repository);
        try {
            if (accepted) {
                chain.attempts = 0;
                if (confirmed.add(chain.issued.answer().tokenId())) {
                    credentials.approve(chain.issued.request(), chain.issued.answer());
                }
            } else {
                reject(chain);
            }
        } catch (StoreException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return true;
    }

    /**
     * The repository whose current token {@code auth} is: SVNKit reports back with the realm alone,
     * so the token itself says which repository it answered. The very object wins over an equal copy
     * (two repositories may hold the same server-wide token; either answer is then the same token's).
     */
    synchronized Repository repositoryIssued(String realm, SVNAuthentication auth) {
        if (auth == null) {
            return null;
        }
        Repository equal = null;
        for (Map.Entry<Repository, Chain> e : chains.entrySet()) {
            Issued i = e.getValue().issued;
            if (i == null || !e.getKey().realm().equals(realm)) {
                continue;
            }
            if (i.auth() == auth) {
                return e.getKey();
            }
            if (equal == null && sameAs(i, auth)) {
                equal = e.getKey();
            }
        }
        return equal;
    }

    /**
     * The repository SVNKit asks about with {@code url} in {@code realm}, as this provider files it.
     *
     * @throws IllegalStateException when the token store cannot be read
     */
    Repository repositoryFor(String realm, SVNURL url) {
        if (url == null) {
            return new Repository(realm, null);
        }
        try {
            return new Repository(realm, credentials.requestFor(url.toString()));
        } catch (IllegalArgumentException e) {
            return new Repository(realm, url.toString());
        } catch (StoreException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The authentication last returned for {@code repository} and not yet refused, or null. */
    synchronized SVNAuthentication lastIssued(Repository repository) {
        Chain chain = chains.get(repository);
        return chain == null || chain.issued == null ? null : chain.issued.auth();
    }

    private void reject(Chain chain) throws StoreException {
        Issued i = chain.issued;
        chain.issued = null;
        confirmed.remove(i.answer().tokenId());
        if (chain.refused.add(i.answer().tokenId())) {
            credentials.reject(i.request(), i.answer());
        }
    }

    /**
     * The same object, or the same user and token: SVNKit may hand back a copy, or clear the
     * password of the original once it has been sent.
     */
    private static boolean sameAs(Issued i, SVNAuthentication auth) {
        if (auth == i.auth()) {
            return true;
        }
        if (!(auth instanceof SVNPasswordAuthentication p) || !i.answer().username().equals(p.getUserName())) {
            return false;
        }
        // getPassword(), not getPasswordValue(): the latter may be SVNKit's own array, not a copy to clear.
        String password = p.getPassword();
        return password != null && i.answer().secret().matches(password);
    }
}
