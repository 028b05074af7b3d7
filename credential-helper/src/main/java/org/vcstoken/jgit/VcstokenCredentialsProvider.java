package org.vcstoken.jgit;

import java.io.PrintStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;
import org.vcstoken.broker.Answer;
import org.vcstoken.service.CredentialService;
import org.vcstoken.env.Clocks;
import org.vcstoken.env.Environment;
import org.vcstoken.request.ParsedUrl;
import org.vcstoken.request.Request;
import org.vcstoken.server.VcsType;
import org.vcstoken.store.StoreException;

/**
 * A JGit {@link CredentialsProvider} that answers with vcstoken's tokens, for Java tools that use
 * JGit in-process (build servers, IDEs) and for {@code vcstoken clone}.
 *
 * <pre>{@code
 * VcstokenCredentialsProvider.spareFileSystemMeasurement(workspace); // once: no ~3 s first-run timing
 * VcstokenCredentialsProvider tokens = VcstokenCredentialsProvider.fromSystem(false); // false: never prompt
 * try (Git git = Git.cloneRepository().setURI(url).setDirectory(dir)
 *         .setCredentialsProvider(tokens).call()) {
 *     tokens.approveAll();        // JGit has no success callback: confirm the tokens it used
 *     git.push().setCredentialsProvider(tokens).call();
 *     tokens.approveAll();
 * }
 * }</pre>
 *
 * <p>How it maps JGit's contract onto the broker:
 * <ul>
 * <li>{@link #get} asks the broker for the URI's repository (scheme, host, port, path, user):
 *     a stored or environment token, else the create-a-token fallback (which prompts only when
 *     the service is interactive). It remembers which token it handed out for that URI.</li>
 * <li>{@link #reset} is what JGit calls after the server refused the credentials: the token
 *     handed out for that URI is marked rejected, so the next {@link #get} yields the next
 *     candidate. A token is never handed out twice for a URI once refused.</li>
 * <li>JGit has no "it worked" callback, so callers run {@link #approve(URIish)} or
 *     {@link #approveAll()} after a successful operation; that records the token as confirmed.</li>
 * <li>With no token left for a server vcstoken knows, the operation fails with JGit's
 *     {@code TransportException} caused by a {@link VcstokenNoUsableToken}, whose message says
 *     what to store. For other servers {@link #get} answers false, so a provider placed after this
 *     one in a {@link org.eclipse.jgit.transport.ChainingCredentialsProvider} is still asked.</li>
 * </ul>
 * Only {@link CredentialItem.Username} and {@link CredentialItem.Password} are supported (what
 * JGit's HTTP transport asks for). A secret is copied into the password item's own array, which
 * JGit clears; nothing here logs or prints it. Instances are thread-safe.
 */
public final class VcstokenCredentialsProvider extends CredentialsProvider {
    /** How refusals name this provider when a program built it with {@code interactive} false. */
    static final String LIBRARY = "JGit credentials provider";

    private final CredentialService service;
    private final boolean interactive;
    // What was handed out per URI, so that reset and approve act on exactly that token.
    private final Map<String, Handed> handedOut = new HashMap<>();
    // Secrets refused per URI: the broker forgets nothing it stored, but an environment token is
    // never marked rejected in the store, so this keeps it from being offered again.
    private final Map<String, Set<String>> refused = new HashMap<>();

    private record Handed(Request request, String secret) {
    }

    /**
     * @param service     the broker facade, e.g. {@link CredentialService#fromSystem(boolean)}
     * @param interactive what {@link #isInteractive()} reports; pass the value the service was built with
     */
    public VcstokenCredentialsProvider(CredentialService service, boolean interactive) {
        this.service = Objects.requireNonNull(service, "service");
        this.interactive = interactive;
    }

    /**
     * A provider over this process's environment, store and clock.
     *
     * @param interactive false: never ask anything; when no token can be had, the line on standard
     *                    error names this setting ({@code interactive=false}) and says what to store
     */
    public static VcstokenCredentialsProvider fromSystem(boolean interactive) {
        Environment env = Environment.system();
        return from(env, FileSystems.getDefault(), Clocks.from(env, System.err), System.err, interactive);
    }

    /**
     * A provider over a given environment (VCSTOKEN_HOME, VCSTOKEN_TOKEN, ...), file system and clock;
     * refusals and warnings go to {@code err}.
     *
     * @param interactive as in {@link #fromSystem(boolean)}
     */
    public static VcstokenCredentialsProvider from(Environment env, FileSystem fs, Clock clock, PrintStream err,
            boolean interactive) {
        return new VcstokenCredentialsProvider(
                CredentialService.forProgram(env, fs, clock, err, interactive, LIBRARY), interactive);
    }

    /**
     * Spares JGit its first measurement of each file system, as {@code vcstoken clone} does. The first
     * time JGit meets a file system on a machine (every run of a CI job with a fresh home directory)
     * it spends about 3 s timing how fine its file timestamps are, then saves the result in
     * {@code $XDG_CONFIG_HOME/jgit/config}. Called once, before the program's first JGit command,
     * this gives JGit an upper bound instead, in memory: 20 ms for the file system of each of
     * {@code repositoryDirectories} whose timestamps a probe file shows to be finer than 10 ms, and
     * JGit's own fallback (2 s, safe everywhere) for every other file system.
     *
     * <p>Name every directory the program clones into or opens repositories in (they need not exist
     * yet): a repository on a file system given the fallback works, but receiving a large pack there
     * is slower. Measurements JGit has already saved are kept and win; nothing is written to any
     * configuration file. It replaces JGit's {@link org.eclipse.jgit.util.SystemReader} with one
     * that wraps the current one and differs only in JGit's configuration file; a program that
     * installs its own reader afterwards simply gets JGit's measurement back. Calling it again
     * adds directories.
     */
    public static void spareFileSystemMeasurement(Path... repositoryDirectories) {
        EstimatingSystemReader.install(FileSystems.getDefault(), repositoryDirectories);
    }

    @Override
    public boolean isInteractive() {
        return interactive;
    }

    @Override
    public boolean supports(CredentialItem... items) {
        for (CredentialItem item : items) {
            if (!(item instanceof CredentialItem.Username) && !(item instanceof CredentialItem.Password)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Fills the username and password items with a token for {@code uri}.
     *
     * <p>When there is none for a server vcstoken has a profile for (or for a URI whose token was
     * just refused), this throws a {@link VcstokenNoUsableToken}, a checked
     * {@link org.eclipse.jgit.errors.TransportException} JGit's signature cannot declare: JGit's HTTP
     * transport ends the operation with it, so the caller's exception says what to store.
     *
     * @return false for a server vcstoken knows nothing of, or a URI that is not http(s)
     * @throws UnsupportedCredentialItem for any item other than a username or password
     * @throws VcstokenStoreFailure when the store cannot be read (the message says what to fix)
     */
    @Override
    public boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
        for (CredentialItem item : items) {
            if (!(item instanceof CredentialItem.Username) && !(item instanceof CredentialItem.Password)) {
                throw new UnsupportedCredentialItem(uri, item.getClass().getSimpleName() + ": " + item.getPromptText());
            }
        }
        Optional<Request> request = requestFor(uri);
        if (request.isEmpty()) {
            return false;
        }
        String key = key(request.get());
        Optional<Answer> answer;
        try {
            answer = service.get(request.get(), VcsType.GIT);
        } catch (StoreException e) {
            throw new VcstokenStoreFailure(e);
        }
        if (answer.isEmpty()) {
            return noToken(uri, request.get(), key);
        }
        String secret = answer.get().secret().reveal();
        synchronized (this) {
            if (refused.getOrDefault(key, Set.of()).contains(secret)) {
                // The broker offered a token this URI already refused (an environment token): stop
                // rather than let JGit send it again.
                return noToken(uri, request.get(), key);
            }
            handedOut.put(key, new Handed(request.get(), secret));
        }
        for (CredentialItem item : items) {
            if (item instanceof CredentialItem.Username u) {
                u.setValue(answer.get().username());
            } else if (item instanceof CredentialItem.Password p) {
                p.setValueNoCopy(secret.toCharArray());
            }
        }
        return true;
    }

    /**
     * Nothing to send for a URI. For a server vcstoken knows (a profile, or a token this provider
     * already handed out and saw refused), JGit's "not authorized" would not say what to do, so the
     * failure is a {@link VcstokenNoUsableToken}, which says what to store. For any other server the
     * answer is a plain "no": another provider in a chain may have one.
     */
    private boolean noToken(URIish uri, Request request, String key) {
        boolean ours;
        synchronized (this) {
            ours = refused.containsKey(key);
        }
        try {
            ours = ours || service.hasServerFor(request);
        } catch (StoreException e) {
            throw new VcstokenStoreFailure(e);
        }
        if (!ours) {
            return false;
        }
        String target = request.origin().url() + (request.path().isEmpty() ? "" : "/" + request.path());
        throw VcstokenCredentialsProvider.<RuntimeException>unchecked(new VcstokenNoUsableToken(uri, target));
    }

    /**
     * Throws a checked exception from a method that cannot declare it. JGit's {@code get} declares
     * none, yet JGit's HTTP transport passes a {@link org.eclipse.jgit.errors.TransportException}
     * thrown there on, unchanged, to the command's caller (as the cause of the API's
     * {@code TransportException}): the one way that exception can carry vcstoken's hint. (Only when
     * a server refuses a POST after letting its GET through does JGit take any I/O failure there for
     * an unusable authentication scheme and report "authentication not supported" instead.)
     */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T unchecked(Throwable t) throws T {
        throw (T) t;
    }

    /** JGit calls this after the server refused what {@link #get} gave: that token is marked rejected. */
    @Override
    public void reset(URIish uri) {
        Optional<Request> request = requestFor(uri);
        if (request.isEmpty()) {
            return;
        }
        Handed handed;
        String key = key(request.get());
        synchronized (this) {
            handed = handedOut.remove(key);
            if (handed == null) {
                return;
            }
            refused.computeIfAbsent(key, k -> new HashSet<>()).add(handed.secret());
        }
        try {
            service.reject(handed.request(), handed.secret());
        } catch (StoreException e) {
            throw new VcstokenStoreFailure(e);
        }
    }

    /**
     * Records that the operation on {@code uri} succeeded with the token handed out for it.
     *
     * @return whether a token had been handed out for that URI
     */
    public boolean approve(URIish uri) throws StoreException {
        Optional<Request> request = requestFor(uri);
        if (request.isEmpty()) {
            return false;
        }
        Handed handed;
        synchronized (this) {
            handed = handedOut.remove(key(request.get()));
        }
        if (handed == null) {
            return false;
        }
        service.approve(handed.request(), handed.secret());
        return true;
    }

    /**
     * Records every token handed out and not refused since the last approval as working. Call it
     * after a JGit command succeeded; it is the simplest form when one provider serves one
     * operation at a time.
     *
     * @return how many tokens were confirmed
     */
    public int approveAll() throws StoreException {
        List<Handed> all;
        synchronized (this) {
            all = new ArrayList<>(handedOut.values());
            handedOut.clear();
        }
        for (Handed h : all) {
            service.approve(h.request(), h.secret());
        }
        return all.size();
    }

    /** The broker's request for a JGit URI; empty for ssh, file and other non-http URIs. */
    static Optional<Request> requestFor(URIish uri) {
        String scheme = uri.getScheme();
        if (scheme == null || uri.getHost() == null
                || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))) {
            return Optional.empty();
        }
        StringBuilder url = new StringBuilder(scheme).append("://");
        String host = uri.getHost();
        url.append(host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host);
        if (uri.getPort() > 0) {
            url.append(':').append(uri.getPort());
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        url.append(path.startsWith("/") || path.isEmpty() ? path : "/" + path);
        ParsedUrl parsed = ParsedUrl.parse(url.toString());
        return Optional.of(new Request(parsed.origin(), parsed.path(), uri.getUser()));
    }

    // The user name is left out: JGit may or may not carry it on the URI it passes to reset.
    private static String key(Request r) {
        return r.origin().url() + "/" + r.path();
    }
}
