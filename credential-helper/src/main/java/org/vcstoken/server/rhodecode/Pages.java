package org.vcstoken.server.rhodecode;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.FormElement;
import org.vcstoken.server.Json;

/**
 * Reading RhodeCode's pages with an HTML parser, as a browser reads them: comments, script text
 * (the page's own code, the admin's custom header code, client-side templates in
 * {@code <script type="text/template">}) and markup inside {@code <template>} or
 * {@code <noscript>} never count as fields or forms, and a {@code >} inside a quoted attribute
 * ends nothing. Only the token-creation path uses this class (and with it jsoup).
 */
final class Pages {
    /** RhodeCode 4.x/5.x hand flash messages to their script: {@code var alertMessagePayloads = [...];}. */
    private static final Pattern ALERTS = Pattern.compile("\\s*var\\s+alertMessagePayloads\\s*=\\s*(\\[.*\\])\\s*;?\\s*",
            Pattern.DOTALL);

    private Pages() {
    }

    /** A flash message and its level ("error", "warning", "notice", "success"; null when not given). */
    record Flash(String message, String level) {
        boolean isProblem() {
            return "error".equals(level) || "warning".equals(level);
        }
    }

    static Document parse(String html, URI uri) {
        return Jsoup.parse(html, uri.toString());
    }

    /** Whether a browser running scripts would show {@code el} as part of the page. */
    static boolean isLive(Element el) {
        for (Element p : el.parents()) {
            String name = p.normalName();
            if (name.equals("template") || name.equals("noscript")) {
                return false;
            }
        }
        return true;
    }

    /** The live form elements of the page, for callers that look inside them. */
    static List<FormElement> liveForms(Document doc) {
        List<FormElement> out = new ArrayList<>();
        for (Element el : doc.select("form")) {
            if (el instanceof FormElement form && isLive(form)) {
                out.add(form);
            }
        }
        return out;
    }

    /** Same scheme, host, port and path, whatever the query. */
    static boolean samePath(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b) && normalPath(a).equals(normalPath(b));
    }

    private static int port(URI u) {
        if (u.getPort() != -1) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private static String normalPath(URI u) {
        String p = u.getPath() == null || u.getPath().isEmpty() ? "/" : u.getPath();
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    /**
     * The page's flash messages, from the first script that is nothing but the
     * {@code alertMessagePayloads} assignment (RhodeCode's own, before any custom code in the
     * head). Unreadable JSON gives none rather than a wrong one.
     */
    static List<Flash> flashes(Document doc) {
        for (Element script : doc.select("script")) {
            if (!isLive(script) || !isJavaScript(script)) {
                continue;
            }
            Matcher m = ALERTS.matcher(script.data());
            if (!m.matches()) {
                continue;
            }
            Object parsed;
            try {
                parsed = Json.parse(m.group(1).getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                return List.of();
            }
            List<Flash> out = new ArrayList<>();
            if (parsed instanceof List<?> payloads) {
                for (Object p : payloads) {
                    if (p instanceof Map<?, ?> payload && payload.get("message") instanceof Map<?, ?> message
                            && message.get("message") instanceof String text) {
                        out.add(new Flash(text, message.get("level") instanceof String l ? l : null));
                    }
                }
            }
            return out;
        }
        return List.of();
    }

    private static boolean isJavaScript(Element script) {
        String type = script.attr("type").trim().toLowerCase(Locale.ROOT);
        return type.isEmpty() || type.equals("text/javascript") || type.equals("application/javascript")
                || type.equals("module");
    }

    /** Text of an element with white space collapsed. */
    static String text(Element el) {
        return el == null ? "" : el.text().strip();
    }
}
