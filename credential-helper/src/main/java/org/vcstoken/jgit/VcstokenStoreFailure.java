package org.vcstoken.jgit;

import org.vcstoken.store.StoreException;

/**
 * The token store could not be used while JGit asked for or returned a credential. JGit's
 * {@code CredentialsProvider} methods cannot throw checked exceptions, so the store's
 * {@link StoreException} travels inside this one; its message says what to change.
 */
public final class VcstokenStoreFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    VcstokenStoreFailure(StoreException cause) {
        super(cause.getMessage(), cause);
    }

    @Override
    public synchronized StoreException getCause() {
        return (StoreException) super.getCause();
    }
}
