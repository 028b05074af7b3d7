package org.vcstoken.svn.svnkit;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.TrustManager;
import org.tmatesoft.svn.core.SVNAuthenticationException;
import org.tmatesoft.svn.core.SVNErrorCode;
import org.tmatesoft.svn.core.SVNErrorMessage;
import org.tmatesoft.svn.core.SVNException;
import org.tmatesoft.svn.core.SVNURL;
import org.tmatesoft.svn.core.auth.ISVNAuthenticationManager;
import org.tmatesoft.svn.core.auth.ISVNAuthenticationManagerExt;
import org.tmatesoft.svn.core.auth.ISVNAuthenticationProvider;
import org.tmatesoft.svn.core.auth.ISVNProxyManager;
import org.tmatesoft.svn.core.auth.ISVNSSHHostVerifier;
import org.tmatesoft.svn.core.auth.SVNAuthentication;
import org.tmatesoft.svn.core.internal.wc.ISVNSSLPasspharsePromptSupport;
import org.tmatesoft.svn.core.io.SVNRepository;
import org.vcstoken.messages.SvnMessages;

/**
 * SVNKit's manager with vcstoken asked first: password requests go to the provider, and only when
 * it has nothing (a server vcstoken does not know, or no token left) to the wrapped manager's own
 * chain. Everything else — proxies, certificate trust, time-outs, SSH host keys — is the wrapped
 * manager's, unchanged.
 *
 * <p>SVNKit asks again after every refusal without limit; this manager ends a chain with an
 * {@link SVNAuthenticationException} instead of a {@code null}, which SVNKit would report as a
 * cancelled request.
 */
final class VcstokenAuthenticationManager
        implements ISVNAuthenticationManagerExt, ISVNSSHHostVerifier, ISVNSSLPasspharsePromptSupport {
    private final ISVNAuthenticationManager delegate;
    private final VcstokenAuthenticationProvider provider;
    /**
     * Repositories whose current chain has passed to the wrapped manager: it answers getNext from
     * then on. Per repository, as the provider's own state: a server's repositories share a realm.
     */
    private final Set<VcstokenAuthenticationProvider.Repository> delegated = new HashSet<>();
    private final Map<VcstokenAuthenticationProvider.Repository, SVNErrorMessage> lastError = new HashMap<>();

    VcstokenAuthenticationManager(ISVNAuthenticationManager delegate, VcstokenAuthenticationProvider provider) {
        this.delegate = delegate;
        this.provider = provider;
    }

    @Override
    public SVNAuthentication getFirstAuthentication(String kind, String realm, SVNURL url) throws SVNException {
        VcstokenAuthenticationProvider.Repository repository = repository(realm, url);
        synchronized (this) {
            delegated.remove(repository);
            lastError.remove(repository);
        }
        SVNAuthentication ours = ask(kind, url, realm, null, null);
        return ours != null ? ours : delegateFirst(kind, realm, url, repository);
    }

    @Override
    public SVNAuthentication getNextAuthentication(String kind, String realm, SVNURL url) throws SVNException {
        VcstokenAuthenticationProvider.Repository repository = repository(realm, url);
        SVNErrorMessage error;
        synchronized (this) {
            if (delegated.contains(repository)) {
                return orFail(delegate.getNextAuthentication(kind, realm, url), url, null);
            }
            error = lastError.get(repository);
        }
        SVNAuthentication previous = provider.lastIssued(repository);
        SVNAuthentication ours = ask(kind, url, realm,
                error != null ? error : SVNErrorMessage.create(SVNErrorCode.RA_NOT_AUTHORIZED), previous);
        return ours != null ? ours : delegateFirst(kind, realm, url, repository);
    }

    private VcstokenAuthenticationProvider.Repository repository(String realm, SVNURL url) throws SVNException {
        try {
            return provider.repositoryFor(realm, url);
        } catch (IllegalStateException e) {
            throw new SVNAuthenticationException(SVNErrorMessage.create(SVNErrorCode.RA_NOT_AUTHORIZED, "{0}",
                    "vcstoken: " + e.getMessage()), e);
        }
    }

    private SVNAuthentication ask(String kind, SVNURL url, String realm, SVNErrorMessage error,
            SVNAuthentication previous) throws SVNException {
        try {
            return provider.requestClientAuthentication(kind, url, realm, error, previous, false);
        } catch (IllegalStateException e) {
            throw new SVNAuthenticationException(SVNErrorMessage.create(SVNErrorCode.RA_NOT_AUTHORIZED, "{0}",
                    "vcstoken: " + e.getMessage()), e);
        }
    }

    private SVNAuthentication delegateFirst(String kind, String realm, SVNURL url,
            VcstokenAuthenticationProvider.Repository repository) throws SVNException {
        synchronized (this) {
            delegated.add(repository);
        }
        try {
            return orFail(delegate.getFirstAuthentication(kind, realm, url), url, null);
        } catch (SVNAuthenticationException e) {
            throw failure(url, e);
        }
    }

    private static SVNAuthentication orFail(SVNAuthentication auth, SVNURL url, SVNAuthenticationException cause)
            throws SVNAuthenticationException {
        if (auth == null) {
            throw failure(url, cause);
        }
        return auth;
    }

    private static SVNAuthenticationException failure(SVNURL url, SVNAuthenticationException cause) {
        SVNErrorMessage message = SVNErrorMessage.create(SVNErrorCode.RA_NOT_AUTHORIZED, "{0}",
                SvnMessages.noTokenForSvnKit(url == null ? "this repository" : url.toString()));
        if (cause != null) {
            message.setChildErrorMessage(cause.getErrorMessage());
        }
        return new SVNAuthenticationException(message, cause);
    }

    @Override
    public void acknowledgeAuthentication(boolean accepted, String kind, String realm, SVNErrorMessage errorMessage,
            SVNAuthentication authentication) throws SVNException {
        if (!acknowledgedByProvider(accepted, realm, errorMessage, authentication)) {
            delegate.acknowledgeAuthentication(accepted, kind, realm, errorMessage, authentication);
        }
    }

    @Override
    public void acknowledgeAuthentication(boolean accepted, String kind, String realm, SVNErrorMessage errorMessage,
            SVNAuthentication authentication, SVNURL accessedUrl) throws SVNException {
        if (acknowledgedByProvider(accepted, realm, errorMessage, authentication)) {
            return;
        }
        if (delegate instanceof ISVNAuthenticationManagerExt ext) {
            ext.acknowledgeAuthentication(accepted, kind, realm, errorMessage, authentication, accessedUrl);
        } else {
            delegate.acknowledgeAuthentication(accepted, kind, realm, errorMessage, authentication);
        }
    }

    /**
     * Our tokens stay out of the wrapped manager: told of a success it would keep them in its
     * memory cache and hand them out ahead of us, even after they are rejected.
     */
    private boolean acknowledgedByProvider(boolean accepted, String realm, SVNErrorMessage error, SVNAuthentication auth)
            throws SVNException {
        VcstokenAuthenticationProvider.Repository repository = provider.repositoryIssued(realm, auth);
        if (repository == null) {
            return false;
        }
        synchronized (this) {
            if (!accepted) {
                lastError.put(repository, error);
            }
        }
        try {
            return provider.acknowledge(accepted, realm, auth);
        } catch (IllegalStateException e) {
            throw new SVNAuthenticationException(SVNErrorMessage.create(SVNErrorCode.RA_NOT_AUTHORIZED, "{0}",
                    "vcstoken: " + e.getMessage()), e);
        }
    }

    @Override
    public void acknowledgeConnectionSuccessful(SVNURL url, String method) {
        if (delegate instanceof ISVNAuthenticationManagerExt ext) {
            ext.acknowledgeConnectionSuccessful(url, method);
        }
    }

    /** Replaces the wrapped manager's own (last-asked) provider; vcstoken's stays first. */
    @Override
    public void setAuthenticationProvider(ISVNAuthenticationProvider other) {
        delegate.setAuthenticationProvider(other);
    }

    @Override
    public ISVNProxyManager getProxyManager(SVNURL url) throws SVNException {
        return delegate.getProxyManager(url);
    }

    @Override
    public TrustManager getTrustManager(SVNURL url) throws SVNException {
        return delegate.getTrustManager(url);
    }

    @Override
    public void acknowledgeTrustManager(TrustManager manager) {
        delegate.acknowledgeTrustManager(manager);
    }

    @Override
    public boolean isAuthenticationForced() {
        return delegate.isAuthenticationForced();
    }

    @Override
    public int getReadTimeout(SVNRepository repository) {
        return delegate.getReadTimeout(repository);
    }

    @Override
    public int getConnectTimeout(SVNRepository repository) {
        return delegate.getConnectTimeout(repository);
    }

    /**
     * SVNKit verifies SSH host keys only through a manager that implements this; a wrapped manager
     * that does not verify keeps not verifying, exactly as it would unwrapped.
     */
    @Override
    public void verifyHostKey(String hostName, int port, String keyAlgorithm, byte[] hostKey) throws SVNException {
        if (delegate instanceof ISVNSSHHostVerifier verifier) {
            verifier.verifyHostKey(hostName, port, keyAlgorithm, hostKey);
        }
    }

    @Override
    public boolean isSSLPassphrasePromtSupported() {
        return delegate instanceof ISVNSSLPasspharsePromptSupport s && s.isSSLPassphrasePromtSupported();
    }
}
