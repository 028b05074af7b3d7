package org.vcstoken.service;

import org.vcstoken.messages.CommandMessages;
import org.vcstoken.svn.SvnAuthSync;
import org.vcstoken.svn.SvnAuthCache;
import org.vcstoken.svn.SvnRealms;
import org.vcstoken.messages.SvnMessages;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.vcstoken.messages.Messages;
import org.vcstoken.request.ParsedUrl;
import org.vcstoken.request.Request;
import org.vcstoken.server.HttpTransport;
import org.vcstoken.server.ServerException;
import java.util.function.Function;
import org.vcstoken.server.VcsType;
import org.vcstoken.store.StoreData;
import org.vcstoken.store.StoreException;
import org.vcstoken.store.TokenStore;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;

/**
 * {@code vcstoken configure --svn} and {@code unconfigure --svn}: for every server profile, learn
 * its realm and cache its server-wide token where the native svn client looks, so that a plain
 * {@code svn checkout https://server/repo} needs no prompt. When no server-wide token is usable the
 * broker's create-a-token fallback runs first (or, without a terminal, says what to store).
 */
public final class SvnConfiguration {
    private final TokenStore store;
    private final SvnAuthSync sync;
    private final SvnRealms realms;
    private final CredentialService service;
    private final Function<ServerProfile, String> defaultRealm;
    private final PrintStream out;
    private final PrintStream err;

    /**
     * @param defaultRealm the realm a profile's server family announces by default, or null when it
     *                     has none to assume (see {@code KindRules#defaultRealm})
     */
    public SvnConfiguration(TokenStore store, Clock clock, SvnRealms realms, CredentialService service,
            Function<ServerProfile, String> defaultRealm, PrintStream out, PrintStream err) {
        this.defaultRealm = defaultRealm;
        this.store = store;
        this.sync = new SvnAuthSync(store, clock);
        this.realms = realms;
        this.service = service;
        this.out = out;
        this.err = err;
    }

    /**
     * @param svnConfigDir svn's configuration directory ({@code ~/.subversion})
     * @param hints        repository URLs to learn realms from, for servers that ask for no
     *                     credentials at their base URL
     * @return false when some server could not be configured (each one was reported)
     */
    public boolean configure(Path svnConfigDir, List<String> hints) throws IOException, StoreException {
        StoreData data = store.read();
        if (data.servers().isEmpty()) {
            err.println(Messages.warning(CommandMessages.noServerProfilesYet()));
        }
        Path cacheDir = SvnAuthCache.inConfigDir(svnConfigDir).directory();
        boolean ok = true;
        for (ServerProfile profile : data.servers()) {
            if (!profile.mayReceiveTokens()) {
                err.println(Messages.warning(Messages.plainHttpRefused(profile.baseUrl())));
                continue;
            }
            Optional<String> realm;
            try {
                realm = realms.discover(candidates(profile, data, hints));
            } catch (ServerException e) {
                err.println(Messages.error(SvnMessages.configureFailed(e.getMessage())));
                ok = false;
                continue;
            }
            if (realm.isEmpty()) {
                String assumed = defaultRealm.apply(profile);
                if (assumed == null) {
                    err.println(Messages.error(SvnMessages.realmUnknown(profile.baseUrl())));
                    ok = false;
                    continue;
                }
                realm = Optional.of(SvnRealms.realmString(URI.create(profile.origin().url()), assumed));
                err.println(Messages.warning(SvnMessages.realmAssumed(profile.baseUrl(), realm.get())));
            }
            // A stored server-wide token, else the fallback creates one (or explains what to store).
            service.get(new Request(profile.origin(), profile.prefix(), profile.username()), VcsType.SVN);
            SvnAuthSync.Outcome o = sync.configure(profile, realm.get(), cacheDir);
            switch (o.state()) {
                case WRITTEN, CURRENT -> out.println(SvnMessages.configured(profile.baseUrl(), o.realm(), o.tokenId(),
                        o.file()));
                case FOREIGN -> err.println(Messages.warning(SvnMessages.foreignEntry(o.realm(), o.file())));
                case NO_TOKEN -> err.println(Messages.warning(SvnMessages.noServerWideToken(profile.baseUrl())));
                default -> throw new AssertionError(o.state());
            }
        }
        return ok;
    }

    /** Hints on this server first, then its base URL, then every repository a stored token names. */
    static List<URI> candidates(ServerProfile profile, StoreData data, List<String> hints) {
        Set<URI> uris = new LinkedHashSet<>();
        for (String hint : hints) {
            ParsedUrl p;
            try {
                p = ParsedUrl.parse(hint);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(SvnMessages.badSvnUrl(hint, e.getMessage()), e);
            }
            if (p.origin().equals(profile.origin()) && profile.repoFor(p.path()) != null) {
                uris.add(URI.create(p.origin().url() + "/" + HttpTransport.encodePath(p.path())));
            }
        }
        uris.add(HttpTransport.resolve(profile, ""));
        for (Token t : data.tokens()) {
            if (t.server().equals(profile.baseUrl()) && t.scope() != null) {
                uris.add(HttpTransport.resolve(profile, t.scope()));
            }
        }
        return new ArrayList<>(uris);
    }

    /** Deletes the cache entries vcstoken wrote, and only those. */
    public List<Path> unconfigure() throws IOException {
        return sync.unconfigure();
    }
}
