package org.vcstoken.request;

import org.vcstoken.messages.InputMessages;

/**
 * A host with an optional port, as git sends it in {@code host=} ("example.com:8443",
 * "[::1]:8080"). Port -1 means "the scheme's default".
 */
public record HostPort(String host, int port) {

    public static HostPort parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException(InputMessages.hostEmpty());
        }
        String host = text;
        String portText = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException(InputMessages.malformedIpv6InHost());
            }
            host = text.substring(0, close + 1);
            String after = text.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw new IllegalArgumentException(InputMessages.textAfterIpv6());
                }
                portText = after.substring(1);
            }
        } else {
            int colon = text.lastIndexOf(':');
            if (colon >= 0) {
                host = text.substring(0, colon);
                portText = text.substring(colon + 1);
            }
        }
        int port = -1;
        if (portText != null) {
            if (portText.isEmpty() || portText.length() > 5 || !digits(portText)) {
                throw new IllegalArgumentException(InputMessages.portNotANumber(ParsedUrl.printable(portText)));
            }
            port = Integer.parseInt(portText);
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(InputMessages.portOutOfRange(port));
            }
        }
        return new HostPort(host, port);
    }

    private static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
