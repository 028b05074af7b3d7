package org.vcstoken.messages;

import java.nio.file.Path;

/** What vcstoken tells a person about svn; each message says what to change. None takes a secret. */
public final class SvnMessages {
    private SvnMessages() {
    }

    public static String syncFailed(String detail) {
        return "could not update svn's cached password (" + detail + "); run: vcstoken configure --svn";
    }

    public static String realmUnknown(String server) {
        return "svn: cannot find the realm of " + server + " (no unauthenticated request answered with a Basic "
                + "challenge); name one of its svn repositories: vcstoken configure --svn --svn-url " + server + "/REPO";
    }

    public static String realmAssumed(String server, String realm) {
        return "svn: " + server + " asked for no credentials at its base URL and vcstoken knows none of its "
                + "repositories; assuming its server family's default realm '" + realm + "'. If svn still prompts, run: "
                + "vcstoken configure --svn --svn-url " + server + "/REPO";
    }

    public static String foreignEntry(String realm, Path file) {
        return "svn: you already have a cached password for " + realm + " (" + file + "); vcstoken left it alone. "
                + "To let vcstoken manage it, remove it with: svn auth --remove '" + realm + "' and run: "
                + "vcstoken configure --svn";
    }

    public static String noServerWideToken(String server) {
        return "svn: no usable server-wide token for " + server + " yet, so svn will ask for a password; store "
                + "one with: printf '%s\\n' \"$TOKEN\" | vcstoken token add " + server + " --user NAME   (or use "
                + "per-repository tokens through: vcstoken svn ARGS...)";
    }

    public static String retrying(String tokenId) {
        return "the server refused token " + tokenId + "; it is marked rejected. Trying the next token";
    }

    public static String noRealm(String url) {
        return "cannot learn the svn realm of " + url + " (it did not ask for a password); running svn without "
                + "vcstoken's token";
    }

    public static String realmChanged(String server, String recorded, String now) {
        return "svn: " + server + " now asks for credentials for the realm '" + now + "', not '" + recorded
                + "' as when svn was configured; vcstoken recorded the new realm (and moved its svn cache entry there)";
    }

    public static String cannotConfirmRefusal(String detail) {
        return "svn reported an authentication failure, but the server could not be asked whether it refuses the "
                + "token (" + detail + "); the token is kept";
    }

    public static String svnMissing() {
        return "svn is not on PATH; install Subversion (Debian: apt-get install subversion) or add it to PATH";
    }

    /** The same hint JGit's provider gives: the two libraries' callers read one wording. */
    public static String noTokenForSvnKit(String target) {
        return Messages.noTokenInProcess(target);
    }

    /** What {@code vcstoken configure --svn} did for one server. */
    public static String configured(String server, String realm, String tokenId, Path file) {
        return "svn: " + server + " (realm " + realm + ") uses token " + tokenId + " from " + file;
    }

    /** Configuring svn for one server failed; {@code detail} says why. */
    public static String configureFailed(String detail) {
        return "svn: " + detail;
    }

    public static String badSvnUrl(String url, String detail) {
        return "--svn-url " + url + ": " + detail;
    }

    public static String notAtomic(Path dir) {
        return "the file system of " + dir + " cannot replace files atomically";
    }

    /** vcstoken's index of svn's cache entries cannot be read. */
    public static String indexDamaged(Path file, int line, String why) {
        return file + " is damaged at line " + line + " (" + why + "); remove it and run: vcstoken configure --svn";
    }

    // ---- svn's own cache files (a damaged one is left alone) -------------------------------

    /** @param line the line found, already printable */
    public static String cacheExpectedKey(String line) {
        return "expected 'K <length>' or END, found '" + line + "'";
    }

    public static String cacheExpectedValue(String key) {
        return "expected 'V <length>' after key " + key;
    }

    public static String cacheTruncated() {
        return "truncated entry (no END line)";
    }
}
