package org.vcstoken.server;

/**
 * A password login cannot work for this account at all (Forgejo refuses Basic logins while
 * security keys are enrolled; an SSO-only account has no password): asking for the password
 * again is pointless, so the caller goes to guided creation.
 */
public final class PasswordLoginImpossible extends ServerException {
    public PasswordLoginImpossible(String message) {
        super(message);
    }
}
