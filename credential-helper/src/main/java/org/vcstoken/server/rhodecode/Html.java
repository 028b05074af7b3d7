package org.vcstoken.server.rhodecode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tag scanner for the few RhodeCode pages vcstoken reads (login, auth tokens). It finds start
 * tags and their attributes and nothing more: these pages are machine-generated and flat, and a
 * full HTML parser would be a large dependency for reading a dozen attributes.
 */
final class Html {
    private static final Pattern TAG = Pattern.compile("<([a-zA-Z][a-zA-Z0-9]*)(\\s[^>]*)?>");
    private static final Pattern ATTR = Pattern.compile(
            "([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'>]+)))?");
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});");

    private Html() {
    }

    /** A start tag: lower-case name, attributes (names lower-case, values unescaped), and where it ends. */
    record Tag(String name, Map<String, String> attrs, int start, int end) {
        String attr(String name) {
            return attrs.get(name);
        }

        boolean hasClass(String cls) {
            String c = attrs.get("class");
            if (c == null) {
                return false;
            }
            for (String part : c.trim().split("\\s+")) {
                if (part.equals(cls)) {
                    return true;
                }
            }
            return false;
        }
    }

    static List<Tag> tags(String html) {
        List<Tag> out = new ArrayList<>();
        Matcher m = TAG.matcher(html);
        while (m.find()) {
            Map<String, String> attrs = new LinkedHashMap<>();
            String rest = m.group(2);
            if (rest != null) {
                Matcher a = ATTR.matcher(rest);
                while (a.find()) {
                    String v = a.group(2) != null ? a.group(2) : a.group(3) != null ? a.group(3) : a.group(4);
                    attrs.putIfAbsent(a.group(1).toLowerCase(Locale.ROOT), v == null ? "" : unescape(v));
                }
            }
            out.add(new Tag(m.group(1).toLowerCase(Locale.ROOT), attrs, m.start(), m.end()));
        }
        return out;
    }

    /** The text between {@code open} and the next closing tag of the same name, tags stripped. */
    static String textAfter(String html, Tag open) {
        int close = html.toLowerCase(Locale.ROOT).indexOf("</" + open.name(), open.end());
        String inner = html.substring(open.end(), close < 0 ? Math.min(html.length(), open.end() + 500) : close);
        return unescape(inner.replaceAll("<[^>]*>", " ")).replaceAll("\\s+", " ").trim();
    }

    static String unescape(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        Matcher m = ENTITY.matcher(s);
        StringBuilder b = new StringBuilder(s.length());
        while (m.find()) {
            String e = m.group(1);
            String r;
            if (e.startsWith("#x") || e.startsWith("#X")) {
                r = codePoint(Integer.parseInt(e.substring(2), 16), m.group());
            } else if (e.startsWith("#")) {
                r = codePoint(Integer.parseInt(e.substring(1)), m.group());
            } else {
                r = switch (e) {
                    case "amp" -> "&";
                    case "lt" -> "<";
                    case "gt" -> ">";
                    case "quot" -> "\"";
                    case "apos" -> "'";
                    case "nbsp" -> " ";
                    default -> m.group();
                };
            }
            m.appendReplacement(b, Matcher.quoteReplacement(r));
        }
        m.appendTail(b);
        return b.toString();
    }

    private static String codePoint(int cp, String original) {
        return Character.isValidCodePoint(cp) ? new String(Character.toChars(cp)) : original;
    }
}
