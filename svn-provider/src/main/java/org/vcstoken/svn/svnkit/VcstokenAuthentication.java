package org.vcstoken.svn.svnkit;

import java.io.File;
import org.tmatesoft.svn.core.auth.ISVNAuthenticationManager;
import org.tmatesoft.svn.core.wc.SVNWCUtil;

/**
 * vcstoken for SVNKit clients: authentication managers that answer password requests with
 * vcstoken's token for the repository before anything else.
 *
 * <pre>{@code
 * ISVNAuthenticationManager auth = VcstokenAuthentication.manager(false); // false: never prompt (CI, IDE jobs)
 * SVNClientManager client = SVNClientManager.newInstance(SVNWCUtil.createDefaultOptions(true), auth);
 * client.getUpdateClient().doCheckout(url, dir, SVNRevision.HEAD, SVNRevision.HEAD, SVNDepth.INFINITY, false);
 * }</pre>
 */
public final class VcstokenAuthentication {
    private VcstokenAuthentication() {
    }

    /**
     * SVNKit's default manager (svn's configuration directory {@code ~/.subversion}: proxies,
     * certificate trust, time-outs, cached credentials for other servers) with vcstoken asked first,
     * over the process's environment.
     *
     * @param interactive false forbids every prompt; without a token the operation then fails with
     *                    an {@link org.tmatesoft.svn.core.SVNAuthenticationException} saying what to store
     */
    public static ISVNAuthenticationManager manager(boolean interactive) {
        return manager(SVNWCUtil.createDefaultAuthenticationManager(), VcstokenAuthenticationProvider.fromSystem(interactive));
    }

    /**
     * SVNKit's default manager for a given svn configuration directory, with {@code provider} asked first.
     *
     * @param svnConfigDir svn's configuration directory, or {@code null} for {@code ~/.subversion}
     */
    public static ISVNAuthenticationManager manager(File svnConfigDir, VcstokenAuthenticationProvider provider) {
        return manager(SVNWCUtil.createDefaultAuthenticationManager(svnConfigDir), provider);
    }

    /**
     * Any manager with {@code provider} asked first; {@code delegate} keeps answering everything
     * else (proxies, trust, time-outs) and password requests the provider cannot answer.
     */
    public static ISVNAuthenticationManager manager(ISVNAuthenticationManager delegate,
            VcstokenAuthenticationProvider provider) {
        return new VcstokenAuthenticationManager(delegate, provider);
    }
}
