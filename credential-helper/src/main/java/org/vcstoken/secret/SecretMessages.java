package org.vcstoken.secret;

import java.util.List;

/** The secret back ends' user-facing messages, in one place. None of them takes a secret. */
final class SecretMessages {
    private SecretMessages() {
    }

    static String validNames() {
        return String.join(", ", SecretBackends.NAMES);
    }

    static String unknownStore(String name, String source) {
        return "'" + name + "'" + (source == null ? "" : " (from " + source + ")") + " is not a secret store; valid: "
                + validNames();
    }

    static String cannotUse(String name, String problem, List<String> others) {
        return "cannot use the " + name + " store: " + problem + ". Stores: " + String.join("; ", others);
    }

    static String cannotRead(String tokenId, String backend, String why) {
        return "cannot read the secret of token " + tokenId + " from the " + backend + " store: " + why
                + " (nothing was changed; see: vcstoken store status)";
    }

    static String missing(String tokenId, String backend) {
        return "the " + backend + " store has no secret for token " + tokenId + " (was it deleted there?); remove the "
                + "token with: vcstoken token remove " + tokenId;
    }

    static String unknownBackendOfToken(String tokenId, String backend) {
        return "token " + tokenId + " keeps its secret in '" + backend + "', which this vcstoken does not know (valid: "
                + validNames() + "); use the vcstoken that stored it";
    }

    static String notStored(String tokenId, String backend, String why) {
        return "the secret of token " + tokenId + " could not be put in the " + backend + " store: " + why
                + "; nothing was stored. Fix it, or choose another store: vcstoken store use file";
    }

    static String notDeleted(String tokenId, String backend, String why) {
        return "the secret of removed token " + tokenId + " is still in the " + backend + " store (" + why
                + "); delete it there by hand";
    }
}
