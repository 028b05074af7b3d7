package org.vcstoken.messages;

/**
 * What vcstoken says about input it refuses: URLs, hosts, ports, repository paths, lifetimes and
 * expiries, user names, and git's credential protocol. A refused value is quoted only when it
 * cannot hold a password, and then after the caller made it printable; none of these takes a secret.
 */
public final class InputMessages {
    private InputMessages() {
    }

    // ---- origins and hosts ----------------------------------------------------------------

    public static String unsupportedScheme(String scheme) {
        return "unsupported scheme '" + scheme + "' (use https or http)";
    }

    public static String hostEmpty() {
        return "host is empty";
    }

    public static String portOutOfRange(int port) {
        return "port " + port + " is out of range";
    }

    /** @param port the text after the host's ':', already printable */
    public static String portNotANumber(String port) {
        return "port '" + port + "' is not a number";
    }

    /** @param host the host as given, quoted by {@link #quoteHost} */
    public static String malformedIpv6(String host) {
        return "malformed IPv6 literal " + host;
    }

    public static String malformedIpv6InHost() {
        return "malformed IPv6 literal in host";
    }

    public static String textAfterIpv6() {
        return "unexpected text after IPv6 literal in host";
    }

    /** @param host the host as given, quoted by {@link #quoteHost} */
    public static String invalidHost(String host) {
        return "host " + host + " is not a valid host name";
    }

    /** @param host the host as given, quoted by {@link #quoteHost} */
    public static String ambiguousIdn(String host) {
        return "host " + host + " is ambiguous between IDNA versions; use its xn-- form";
    }

    /**
     * A host name as it is quoted in the messages above: in single quotes, at most 80 characters,
     * each control character a '?', so a hostile name cannot move the terminal's cursor.
     */
    public static String quoteHost(String s) {
        StringBuilder b = new StringBuilder("'");
        int[] cps = s.codePoints().limit(80).toArray();
        for (int cp : cps) {
            if (cp < 0x20 || cp == 0x7f) {
                b.append('?');
            } else {
                b.appendCodePoint(cp);
            }
        }
        return b.append('\'').toString();
    }

    // ---- URLs and repository paths --------------------------------------------------------

    public static String urlEmpty() {
        return "URL is empty";
    }

    /** @param url the text, printable and quoted, or null when it may hold a password (it has an '@') */
    public static String notAUrl(String url) {
        return (url == null ? "the text given" : "'" + url + "'") + " is not a URL (expected https://host/...)";
    }

    public static String controlCharacterInUrlUser() {
        return "the user name in the URL contains a control character";
    }

    public static String hostInvalidWithAt() {
        return "the host part of the URL is not valid, and the URL has an '@': if it holds a user name and password, "
                + "remove them (never put secrets in URLs; give the token on standard input)";
    }

    public static String repoPathControlCharacter() {
        return "repository path contains a control character";
    }

    public static String repoPathBackslash() {
        return "repository path contains a backslash";
    }

    public static String repoPathEncodedTwice() {
        return "repository path is percent-encoded twice";
    }

    public static String repoPathEmptySegment() {
        return "repository path has an empty segment (double slash)";
    }

    /** @param segment "." or ".." */
    public static String repoPathDotSegment(String segment) {
        return "repository path contains '" + segment + "'";
    }

    public static String repoPathBadEscape() {
        return "repository path has a malformed percent escape";
    }

    public static String repoPathNotUtf8() {
        return "repository path is not valid UTF-8 after decoding";
    }

    // ---- user names, roles, scopes, secrets ----------------------------------------------

    public static String userNameUnusable() {
        return "the user name contains ':' or a control character";
    }

    public static String unknownRole(String text) {
        return "unknown role '" + text + "' (use vcs, all, api, http or feed)";
    }

    public static String unknownScope(String text) {
        return "unknown scope '" + text + "' (use repo or host)";
    }

    public static String unknownTokenOrigin() {
        return "unknown token origin";
    }

    public static String secretEmpty() {
        return "secret is empty";
    }

    public static String secretControlCharacter() {
        return "secret contains a control character";
    }

    /** A secret kept in a back end that, asked for it, gave nothing usable. */
    public static String backEndSecretUnusable(String backend) {
        return "the " + backend + " back end returned no usable secret";
    }

    // ---- lifetimes and expiries -----------------------------------------------------------

    public static String unreadableLifetime(String text) {
        return "cannot read lifetime '" + text + "'; use e.g. 90m, 12h, 30d, 2w or never";
    }

    public static String lifetimeNotPositive(String text) {
        return "lifetime '" + text + "' must be positive";
    }

    public static String lifetimeTooLong(String text) {
        return "lifetime '" + text + "' is longer than 100 years; use never";
    }

    public static String unreadableExpiry(String text) {
        return "cannot read expiry '" + text + "'; use an ISO-8601 date such as 2027-01-31 "
                + "or an instant such as 2027-01-31T12:00:00Z";
    }

    public static String expiryTooLate(String text) {
        return "expiry '" + text + "' is after the year 9999; leave it out for a token that never expires";
    }

    // ---- git's credential protocol --------------------------------------------------------

    public static String protocolLineTooLong(int maxBytes) {
        return "a line is longer than " + maxBytes + " bytes";
    }

    public static String protocolTooManyLines(int maxLines) {
        return "more than " + maxLines + " lines";
    }

    public static String protocolNotKeyValue() {
        return "a line is not key=value";
    }

    /** @param key the attribute's name, already printable */
    public static String protocolValueHasNul(String key) {
        return "the value of '" + key + "' contains NUL";
    }

    /** @param key the attribute's name, already printable */
    public static String protocolValueHasCarriageReturn(String key) {
        return "the value of '" + key + "' contains a carriage return";
    }

    public static String protocolNotUtf8() {
        return "input is not UTF-8";
    }

    /** An answer to git would hold a line break in a value: it would start an attribute of its own. */
    public static String protocolAnswerLineBreak(String key) {
        return "attribute " + key + " contains a line break";
    }

    public static String requestPlacesDiffer() {
        return "url= and protocol=, host=, path= or username= name different places";
    }

    public static String requestNoHost() {
        return "no host";
    }

    public static String requestHostHasAtOrSlash() {
        return "host contains '@' or '/'";
    }

    public static String protocolInputUnreadable() {
        return "cannot read standard input";
    }

    /** @param problem the kind of failure (its exception's simple name) */
    public static String protocolAnswerUnwritable(String problem) {
        return "cannot write the answer to git: " + problem;
    }
}
