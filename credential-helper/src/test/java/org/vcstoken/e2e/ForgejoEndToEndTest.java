package org.vcstoken.e2e;

import org.vcstoken.sandbox.forgejo.Flavor;

/** Forgejo end to end: first use makes a token for the one repository. */
class ForgejoEndToEndTest extends ForgeEndToEndContract {
    @Override
    Flavor flavor() {
        return Flavor.FORGEJO;
    }

    @Override
    String expectedScope() {
        return "alice/app";
    }
}
