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

    /** {@code saved}: the store named in the settings file, which this vcstoken does not know. */
    public static String unknownSavedStore(String saved, String file, List<String> valid) {
        return unknownStore(saved, file, valid) + "; choose one with: vcstoken store use NAME";
    }

    /** @param stores each store described, with what keeps it from being used */
    public static String unknownStoreListed(String name, List<String> valid, List<String> stores) {
        return unknownStore(name, null, valid) + ". Stores: " + String.join("; ", stores);
    }

    public static String cannotReadSettings(String file, String detail) {
        return "cannot read " + file + ": " + detail;
    }

    public static String cannotWriteSettings(String file, String detail) {
        return "cannot write " + file + ": " + detail;
    }

    public static String settingsNotAnObject(String file) {
        return file + " is not a JSON object; fix or delete it";
    }

    public static String settingsUnknownField(String file, String field) {
        return file + " has a field " + quoted(field) + " that vcstoken does not know; it holds only \"store\" "
                + "(e.g. {\"store\":\"pass\"}): fix the name or delete the file";
    }

    public static String settingsDuplicateStore(String file) {
        return file + " names \"store\" twice; keep one";
    }

    public static String settingsStoreNotAString(String file) {
        return "\"store\" in " + file + " must be a string naming a store (e.g. \"pass\"); fix it or run: "
                + "vcstoken store use NAME after deleting the file";
    }

    public static String settingsTrailingData(String file) {
        return file + " has text after its JSON object; remove it";
    }

    public static String settingsWithoutStore(String file) {
        return file + " has no \"store\"; add one (e.g. {\"store\":\"pass\"}) or delete the file";
    }

    /** A field name from a hand-edited file, shown short and printable. */
    private static String quoted(String name) {
        StringBuilder b = new StringBuilder("\"");
        name.codePoints().limit(40).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.append(name.codePointCount(0, name.length()) > 40 ? "...\"" : "\"").toString();
    }

    public static String settingsNotJson(String file) {
        return file + " is not valid JSON; fix or delete it";
    }

    public static String settingsNotAtomic(String file) {
        return "the file system cannot replace " + file + " atomically";
    }

    /** @param nothing whether reading gave nothing at all (else a different value) */
    public static String readBackDiffers(boolean nothing) {
        return "reading the secret back gave " + (nothing ? "nothing" : "a different value");
    }

    public static String noDbusSession() {
        return "no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set); run vcstoken in a desktop session or under "
                + "dbus-run-session, or choose another store: vcstoken store use pass|file";
    }

    public static String passNotInitialised(String storeDir) {
        return "`pass init` has not been run for " + storeDir + " (no .gpg-id); run: pass init YOUR-GPG-KEY-ID";
    }

    /** @param installHint how to install it ("Debian: apt-get install pass") */
    public static String toolMissing(String program, String installHint) {
        return program + " is not installed or not on PATH (" + installHint + ")";
    }

    public static String toolTimedOut(String program, long seconds) {
        return program + " did not answer within " + seconds + " s (waiting for an unlock or passphrase prompt nobody "
                + "can see?)";
    }

    /** A program embedding vcstoken without secret back ends met a token whose secret is kept in one. */
    public static String noBackEndAccess() {
        return "this program was not given access to secret back ends";
    }
}
