package org.vcstoken.jgit;

import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.transport.URIish;
import org.vcstoken.messages.Messages;

/**
 * vcstoken has no token to send to a server it knows: none stored, none could be created, or each
 * was refused. JGit ends the operation with it as the cause of the API's
 * {@link org.eclipse.jgit.api.errors.TransportException}, whose message then says, as JGit's own
 * does, "not authorized", followed by what to store (the same words SVNKit's exception uses).
 */
public final class VcstokenNoUsableToken extends TransportException {
    private static final long serialVersionUID = 1L;

    /**
     * @param uri    what JGit was asked to reach (a password in it is left out of the message)
     * @param target the server and repository vcstoken looked for a token for
     */
    VcstokenNoUsableToken(URIish uri, String target) {
        super(uri, "not authorized: " + Messages.noTokenInProcess(target));
    }
}
