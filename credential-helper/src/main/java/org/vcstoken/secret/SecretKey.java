package org.vcstoken.secret;

/**
 * What identifies a token's secret in a back end: the server base URL, the user and the token id.
 * None of it is secret; it is stored next to the secret as attributes or as the entry's name.
 */
record SecretKey(String server, String user, String tokenId) {

    /** The pass entry: {@code vcstoken/<host[_port][_prefix]>/<user>/<id>}, readable in {@code pass ls}. */
    String passEntry() {
        int sep = server.indexOf("://");
        String host = sep < 0 ? server : server.substring(sep + 3);
        return "vcstoken/" + safe(host) + "/" + safe(user) + "/" + safe(tokenId);
    }

    /** A label shown by keyring managers (seahorse, KeePassXC). */
    String label() {
        return "vcstoken token " + tokenId + " for " + user + " at " + server;
    }

    /** Keeps the entry one path segment of harmless characters; ids make it unique, the rest is for people. */
    private static String safe(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '@' || c == '+';
            b.append(ok ? c : '_');
        }
        String r = b.toString();
        return r.isEmpty() || r.startsWith(".") ? "_" + r : r;
    }
}
