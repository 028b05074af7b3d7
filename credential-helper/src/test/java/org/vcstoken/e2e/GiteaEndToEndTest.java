package org.vcstoken.e2e;

import org.vcstoken.sandbox.forgejo.Flavor;

/** Gitea end to end: first use makes an account token (Gitea has no repository tokens). */
class GiteaEndToEndTest extends ForgeEndToEndContract {
    @Override
    Flavor flavor() {
        return Flavor.GITEA;
    }

    @Override
    String expectedScope() {
        return null;
    }
}
