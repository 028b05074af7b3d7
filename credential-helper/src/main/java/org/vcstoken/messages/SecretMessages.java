package org.vcstoken.messages;

import java.util.List;

/** The secret back ends' user-facing messages, in one place. None of them takes a secret. */
public final class SecretMessages {
    private SecretMessages() {
    }

    /** @param valid the names of the stores this vcstoken has */
    public static String unknownStore(String name, String source, List<String> valid) {
        return "'" + name + "'" + (source == null ? "" : " (from " + source + ")") + " is not a secret store; valid: "
                + String.join(", ", valid);
    }

    public static String cannotUse(String name, String problem, List<String> others) {
        return "cannot use the " + name + " store: " + problem + ". Stores: " + String.join("; ", others);
    }

    public static String cannotRead(String tokenId, String backend, String why) {
        return "cannot read the secret of token " + tokenId + " from the " + backend + " store: " + why
                + " (nothing was changed; see: vcstoken store status)";
    }

    public static String missing(String tokenId, String backend) {
        return "the " + backend + " store has no secret for token " + tokenId + " (was it deleted there?); remove the "
                + "token with: vcstoken token remove " + tokenId;
    }

    public static String unknownBackendOfToken(String tokenId, String backend, List<String> valid) {
        return "token " + tokenId + " keeps its secret in '" + backend + "', which this vcstoken does not know (valid: "
                + String.join(", ", valid) + "); use the vcstoken that stored it";
    }

    public static String notStored(String tokenId, String backend, String why) {
        return "the secret of token " + tokenId + " could not be put in the " + backend + " store: " + why
                + "; nothing was stored. Fix it, or choose another store: vcstoken store use file";
    }

    public static String notDeleted(String tokenId, String backend, String why) {
        return "the secret of removed token " + tokenId + " is still in the " + backend + " store (" + why
                + "); delete it there by hand";
    }
}
