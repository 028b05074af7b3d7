package org.vcstoken.messages;

import java.time.Duration;

/**
 * What vcstoken says when talking to a server goes wrong, whatever its family: no answer, a
 * refused connection, a bad certificate, an answer it did not expect. Each message starts with
 * {@code what} (what vcstoken was doing: "checking the token on https://host") and ends with what
 * to check. Texts from the server or the network are made printable by the caller; none of these
 * takes a secret.
 */
public final class ServerMessages {
    private ServerMessages() {
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    // ---- the connection ------------------------------------------------------------------

    /** @param name the time-out's name ({@code connectTimeout}) */
    public static String timeoutNotPositive(String name, Duration d) {
        return name + " must be positive, got " + d;
    }

    public static String interrupted(String what, String server) {
        return what + ": interrupted while waiting for " + server;
    }

    public static String cancelled(String what, String server) {
        return what + ": the request to " + server + " was cancelled";
    }

    public static String noAnswer(String what, String server, Duration limit) {
        return what + ": no answer from " + server + " within " + seconds(limit)
                + "; check that the server is up and reachable from here, then try again";
    }

    public static String unresolvable(String what, String host) {
        return what + ": the host name " + host
                + " cannot be resolved; check the server URL (vcstoken server list) and your DNS";
    }

    public static String connectTimedOut(String what, String server, Duration limit) {
        return what + ": could not connect to " + server + " within " + seconds(limit)
                + "; check the server URL (vcstoken server list), the network and any proxy or firewall";
    }

    public static String connectionRefused(String what, String server) {
        return what + ": connection refused by " + server
                + "; check the server URL and port (vcstoken server list) and that the server is running";
    }

    /** @param reason the JDK's words, printable, without exception class names */
    public static String tlsFailed(String what, String server, String reason) {
        return what + ": the TLS handshake with " + server + " failed (" + reason
                + "); check that the server's certificate is valid and trusted by this Java runtime";
    }

    public static String answerTooLarge(String what, String server, int max) {
        return what + ": the answer from " + server + " is larger than " + max
                + " bytes, far more than expected; is the server URL right?";
    }

    /** The detail of the exception that stops reading an answer past {@code max} bytes. */
    public static String bodyTooLarge(int max) {
        return "answer larger than " + max + " bytes";
    }

    public static String closedEarly(String what, String server) {
        return what + ": " + server + " closed the connection before the answer was complete; try again, and if it "
                + "persists ask the server's admin to check its logs";
    }

    /** @param detail the failure's type and printable message, or null when there is none */
    public static String cannotTalk(String what, String server, String detail) {
        return what + ": could not talk to " + server + " (" + (detail == null ? "unknown error" : detail)
                + "); check the server URL (vcstoken server list) and the network, then try again";
    }

    // ---- answers vcstoken did not expect -------------------------------------------------

    /** @param location where the redirect points, without its query, or null when it names none */
    public static String redirected(String what, String server, int status, String location) {
        return what + ": " + server + " answered with a redirect (HTTP " + status + ") to "
                + (location == null ? "nowhere" : location) + "; vcstoken never resends credentials to another "
                + "address. If the server moved, use its new URL (vcstoken server add URL)";
    }

    public static String serverError(String what, String server, int status) {
        return what + ": " + server + " failed with HTTP " + status
                + " (a server error); try again later, and if it persists ask the server's admin to check its logs";
    }

    public static String proxyAuthentication(String what) {
        return what + ": a proxy asked for authentication (HTTP 407); vcstoken does not use proxies yet, reach the "
                + "server directly";
    }

    public static String unexpectedStatus(String what, String server, int status) {
        return what + ": " + server + " answered with HTTP " + status
                + ", which vcstoken did not expect; check the server URL and kind (vcstoken server list)";
    }

    /** @param vcs "git", "hg" or "svn" */
    public static String htmlInsteadOfVcs(String what, String vcs) {
        return what + ": the server answered with an HTML page instead of a " + vcs + " answer; check the server "
                + "URL and its path prefix (vcstoken server list) — a login portal or proxy may be in front of it";
    }

    public static String passwordOverPlainHttp(String server) {
        return "not sending the account password to " + server + " over plain http; use https, or allow it with: "
                + "vcstoken server add " + server + " --allow-http";
    }

    // ---- server kinds --------------------------------------------------------------------

    /** The {@code what} of asking a server what kind it is. */
    /** What a VCS request that checks a token was doing, for the error when it fails. */
    public static String checkingToken(String repo, String server, String vcs) {
        return "checking the token for " + repo + " on " + server + " (" + vcs + ")";
    }

    public static String findingKind(String server) {
        return "finding out what kind of server " + server + " is";
    }

    public static String findingKindFailed(String server, String detail) {
        return findingKind(server) + ": " + detail;
    }

    /** @param kind the kind as stored, printable */
    public static String unknownKind(String kind, String server, String valid) {
        return "unknown server kind '" + kind + "' for " + server + "; valid kinds: " + valid
                + ". Fix it with: vcstoken server add " + server + " --kind KIND";
    }

    public static String duplicateKind(String kind) {
        return "two server families are named '" + kind + "'";
    }

    public static String genericNeedsRepository(String server) {
        return "cannot check a token for " + server + " without a repository: a server of kind 'generic' can only be "
                + "asked about a repository; give a repository URL (e.g. " + server + "/REPO)";
    }

    public static String probeRepoEmpty() {
        return "repo is empty: a VCS probe needs a repository";
    }

    /** @param repo the repository, printable */
    public static String probeRepoSegment(String repo) {
        return "repo '" + repo + "' has an empty, '.' or '..' segment";
    }

    // ---- JSON answers (every family reads some) -------------------------------------------

    public static String jsonEmpty() {
        return "empty answer";
    }

    public static String jsonTrailingText() {
        return "text after the JSON value";
    }

    public static String jsonMalformed() {
        return "malformed JSON";
    }

    public static String jsonEndsInObject() {
        return "the JSON ends inside an object";
    }

    public static String jsonEndsInArray() {
        return "the JSON ends inside an array";
    }

    public static String jsonEndsEarly() {
        return "the JSON ends too early";
    }

    public static String jsonNumberTooLarge() {
        return "a number too large for an id";
    }

    /** A value vcstoken itself would send cannot be written as JSON (a caller's mistake). */
    public static String jsonUnwritable(String type) {
        return "cannot write " + type + " as JSON";
    }
}
