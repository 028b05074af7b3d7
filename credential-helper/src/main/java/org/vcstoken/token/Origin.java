package org.vcstoken.token;

import java.net.IDN;
import java.util.Locale;
import org.vcstoken.messages.InputMessages;

/**
 * Scheme, host and port of a server, normalised so that two origins are equal exactly when a
 * token may be sent to both: lower-case ASCII host, explicit port.
 */
public record Origin(String scheme, String host, int port) {

    public Origin {
        if (!"https".equals(scheme) && !"http".equals(scheme)) {
            throw new IllegalArgumentException(InputMessages.unsupportedScheme(scheme));
        }
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException(InputMessages.hostEmpty());
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(InputMessages.portOutOfRange(port));
        }
    }

    /** Builds an origin from untrusted parts, normalising the host; port -1 means the default. */
    public static Origin of(String scheme, String rawHost, int port) {
        String s = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
        String host = normaliseHost(rawHost);
        int p = port == -1 ? defaultPort(s) : port;
        return new Origin(s, host, p);
    }

    static int defaultPort(String scheme) {
        return switch (scheme) {
            case "https" -> 443;
            case "http" -> 80;
            default -> throw new IllegalArgumentException(InputMessages.unsupportedScheme(scheme));
        };
    }

    /**
     * Lower-cases and converts IDN hosts to their ASCII form, and refuses anything that is not a
     * plain DNS name or an IP literal: a guess here could send a token to the wrong host.
     */
    static String normaliseHost(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new IllegalArgumentException(InputMessages.hostEmpty());
        }
        if (raw.startsWith("[")) {
            if (!raw.endsWith("]") || raw.length() < 3) {
                throw new IllegalArgumentException(InputMessages.malformedIpv6(quote(raw)));
            }
            String inner = raw.substring(1, raw.length() - 1).toLowerCase(Locale.ROOT);
            for (int i = 0; i < inner.length(); i++) {
                char c = inner.charAt(i);
                boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == ':' || c == '.';
                if (!ok) {
                    throw new IllegalArgumentException(InputMessages.malformedIpv6(quote(raw)));
                }
            }
            try {
                // One spelling per address: [0:0::1] and [::1] are one origin.
                return "[" + Ipv6.canonical(inner) + "]";
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(InputMessages.malformedIpv6(quote(raw)));
            }
        }
        String ascii = raw;
        if (!isAscii(raw)) {
            // IDN loads Unicode tables; plain ASCII hosts (nearly all) skip it on the hot path.
            try {
                ascii = IDN.toASCII(raw, IDN.USE_STD3_ASCII_RULES);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(InputMessages.invalidHost(quote(raw)));
            }
            // java.net.IDN is IDNA2003: it maps 'ß' to "ss" and drops zero-width characters and soft
            // hyphens, where git's curl (IDNA2008) resolves another host ("faß" is xn--fa-hia, not
            // "fass"). Only a name that survives the round trip is surely the host the client means.
            if (!sameName(raw, IDN.toUnicode(ascii, IDN.USE_STD3_ASCII_RULES))) {
                throw new IllegalArgumentException(InputMessages.ambiguousIdn(quote(raw)));
            }
        }
        ascii = ascii.toLowerCase(Locale.ROOT);
        if (ascii.endsWith(".")) {
            ascii = ascii.substring(0, ascii.length() - 1);
        }
        if (ascii.isEmpty()) {
            throw new IllegalArgumentException(InputMessages.hostEmpty());
        }
        for (int i = 0; i < ascii.length(); i++) {
            char c = ascii.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
            if (!ok) {
                throw new IllegalArgumentException(InputMessages.invalidHost(quote(raw)));
            }
        }
        // The label rules IDN.toASCII(USE_STD3_ASCII_RULES) enforces, which ASCII hosts now skip:
        // no empty label ("a..b"), none longer than 63, none starting or ending with '-'.
        int start = 0;
        while (start <= ascii.length()) {
            int end = ascii.indexOf('.', start);
            if (end < 0) {
                end = ascii.length();
            }
            if (end == start || end - start > 63 || ascii.charAt(start) == '-' || ascii.charAt(end - 1) == '-') {
                throw new IllegalArgumentException(InputMessages.invalidHost(quote(raw)));
            }
            start = end + 1;
        }
        return ascii;
    }

    private static boolean sameName(String raw, String roundTripped) {
        String a = java.text.Normalizer.normalize(raw, java.text.Normalizer.Form.NFC).toLowerCase(Locale.ROOT)
                .replace('\u3002', '.').replace('\uff0e', '.').replace('\uff61', '.');
        String b = roundTripped.toLowerCase(Locale.ROOT);
        return trimDot(a).equals(trimDot(b));
    }

    private static String trimDot(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static String quote(String s) {
        return InputMessages.quoteHost(s);
    }

    /** Loopback hosts may receive tokens over plain http: the traffic never leaves the machine. */
    public boolean isLoopback() {
        if (host.equals("localhost") || host.equals("[::1]")) {
            return true;
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals("127")) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3) {
                return false;
            }
            for (int i = 0; i < p.length(); i++) {
                if (p.charAt(i) < '0' || p.charAt(i) > '9') {
                    return false;
                }
            }
            if (Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    public boolean isDefaultPort() {
        return port == defaultPort(scheme);
    }

    /** host, or host:port when the port is not the scheme's default (git's form of the host). */
    public String hostAndPort() {
        return isDefaultPort() ? host : host + ":" + port;
    }

    /** scheme://host[:port], omitting the default port as git and browsers do. */
    public String url() {
        return scheme + "://" + hostAndPort();
    }

    // Written out rather than generated: a record's generated equals bootstraps method handles
    // on first use, which costs the credential helper's start-up more than the whole lookup.
    @Override
    public boolean equals(Object o) {
        return o instanceof Origin other && port == other.port && scheme.equals(other.scheme) && host.equals(other.host);
    }

    @Override
    public int hashCode() {
        return (scheme.hashCode() * 31 + host.hashCode()) * 31 + port;
    }

    @Override
    public String toString() {
        return url();
    }
}
