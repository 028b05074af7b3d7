package org.vcstoken.request;

import org.vcstoken.messages.InputMessages;
import org.vcstoken.token.Origin;

/**
 * A URL split into the parts vcstoken cares about. A password in the user-info part is noted but
 * never kept: secrets do not belong in URLs.
 *
 * @param origin      scheme, host, port
 * @param path        normalised path ("" for none)
 * @param username    user name from the URL, or {@code null}
 * @param hadPassword whether the URL carried a password (callers warn or refuse)
 */
public record ParsedUrl(Origin origin, String path, String username, boolean hadPassword) {

    /**
     * Parses {@code scheme://[user[:password]@]host[:port][/path][?query][#fragment]}.
     *
     * @throws IllegalArgumentException with a message that names the problem
     */
    public static ParsedUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(InputMessages.urlEmpty());
        }
        int sep = url.indexOf("://");
        if (sep <= 0) {
            // Not echoed when it may hold a user's password (user:secret@host).
            throw new IllegalArgumentException(InputMessages.notAUrl(url.indexOf('@') >= 0 ? null : printable(url)));
        }
        String scheme = url.substring(0, sep);
        String rest = url.substring(sep + 3);
        int end = rest.length();
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        String authority = rest.substring(0, end);
        String path = rest.substring(end);
        int cut = path.length();
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '?' || path.charAt(i) == '#') {
                cut = i;
                break;
            }
        }
        path = path.substring(0, cut);

        String username = null;
        boolean hadPassword = false;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userinfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userinfo.indexOf(':');
            if (colon >= 0) {
                hadPassword = true;
                userinfo = userinfo.substring(0, colon);
            }
            username = userinfo.isEmpty() ? null : RepoPath.percentDecode(userinfo);
            // A decoded newline would add a line to the credential protocol (git's CVE-2020-5260).
            for (int i = 0; username != null && i < username.length(); i++) {
                if (Character.isISOControl(username.charAt(i))) {
                    throw new IllegalArgumentException(InputMessages.controlCharacterInUrlUser());
                }
            }
        }
        HostPort hp;
        try {
            hp = HostPort.parse(authority);
        } catch (IllegalArgumentException e) {
            if (url.indexOf('@') >= 0) {
                // user:pass/word@host: the password ran past its first '/', and what the host parser
                // would quote ("port 'pass' is not a number") is part of it. Quote nothing.
                throw new IllegalArgumentException(InputMessages.hostInvalidWithAt());
            }
            throw e;
        }
        Origin origin = Origin.of(scheme, hp.host(), hp.port());
        return new ParsedUrl(origin, RepoPath.normalise(path), username, hadPassword);
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(100).forEach(cp -> b.appendCodePoint(cp < 0x20 || cp == 0x7f ? '?' : cp));
        return b.toString();
    }
}
