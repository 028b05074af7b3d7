package org.vcstoken.token;

/**
 * IPv6 literals in their one canonical text form (RFC 5952), so that every spelling of one
 * address ({@code [::1]}, {@code [0:0::1]}, {@code [0000::0001]}) names the same origin. Written
 * out here rather than through {@code InetAddress}: parsing needs no name service, and the
 * credential helper's start-up does not pay for the networking classes.
 */
final class Ipv6 {
    private Ipv6() {
    }

    /**
     * @param text the literal without brackets, e.g. {@code 0:0::1} or {@code ::ffff:192.0.2.1}
     * @return its canonical form, e.g. {@code ::1}
     * @throws IllegalArgumentException when it is not an IPv6 address
     */
    static String canonical(String text) {
        return format(parse(text));
    }

    static int[] parse(String text) {
        if (text.isEmpty() || text.length() > 45) {
            throw new IllegalArgumentException("not an IPv6 address");
        }
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            throw new IllegalArgumentException("more than one '::'");
        }
        int[] groups = new int[8];
        if (gap < 0) {
            if (parseGroups(text, groups, 0, true) != 8) {
                throw new IllegalArgumentException("not eight groups");
            }
            return groups;
        }
        int[] head = new int[8];
        int[] tail = new int[8];
        int h = text.substring(0, gap).isEmpty() ? 0 : parseGroups(text.substring(0, gap), head, 0, false);
        int t = text.substring(gap + 2).isEmpty() ? 0 : parseGroups(text.substring(gap + 2), tail, 0, true);
        if (h + t > 7) {
            throw new IllegalArgumentException("'::' stands for no group");
        }
        System.arraycopy(head, 0, groups, 0, h);
        System.arraycopy(tail, 0, groups, 8 - t, t);
        return groups;
    }

    /** Parses colon-separated groups into {@code out}; the last part may be a dotted IPv4 address. */
    private static int parseGroups(String text, int[] out, int at, boolean ipv4Allowed) {
        String[] parts = text.split(":", -1);
        int n = at;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (ipv4Allowed && i == parts.length - 1 && p.indexOf('.') >= 0) {
                if (n > 6) {
                    throw new IllegalArgumentException("too many groups");
                }
                int v4 = ipv4(p);
                out[n++] = v4 >>> 16;
                out[n++] = v4 & 0xffff;
                continue;
            }
            if (p.isEmpty() || p.length() > 4 || n >= 8) {
                throw new IllegalArgumentException("bad group");
            }
            int v = 0;
            for (int k = 0; k < p.length(); k++) {
                int d = Character.digit(p.charAt(k), 16);
                if (d < 0) {
                    throw new IllegalArgumentException("bad hex digit");
                }
                v = v * 16 + d;
            }
            out[n++] = v;
        }
        return n - at;
    }

    private static int ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("bad IPv4 part");
        }
        int v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
                throw new IllegalArgumentException("bad IPv4 part");
            }
            int b = 0;
            for (int k = 0; k < p.length(); k++) {
                char c = p.charAt(k);
                if (c < '0' || c > '9') {
                    throw new IllegalArgumentException("bad IPv4 part");
                }
                b = b * 10 + (c - '0');
            }
            if (b > 255) {
                throw new IllegalArgumentException("bad IPv4 part");
            }
            v = (v << 8) | b;
        }
        return v;
    }

    /** RFC 5952 section 4: no leading zeros, the longest run of two or more zero groups as "::" (the first on a tie). */
    static String format(int[] g) {
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder b = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                b.append("::");
                i += bestLen - 1;
                continue;
            }
            if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
                b.append(':');
            }
            b.append(Integer.toHexString(g[i]));
        }
        return b.toString();
    }
}
