package org.vcstoken.server.rhodecode;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.FormElement;

/**
 * What vcstoken reads from RhodeCode's sign-in page ({@code templates/login.mako}): the form that
 * posts to {@code /_admin/login} with a {@code username} field and a password field, the messages
 * the template puts after a field that failed ({@code <span class="error-message">}), and the
 * page's flash messages (an IP that may not log in, an authentication plugin's refusal).
 */
final class LoginPage {
    /** The login form, or null when the page has none that vcstoken recognises. */
    final WebForm form;
    /** A failed field's name → RhodeCode's message for it, in page order. */
    final Map<String, String> fieldErrors;
    final List<Pages.Flash> flashes;

    private LoginPage(WebForm form, Map<String, String> fieldErrors, List<Pages.Flash> flashes) {
        this.form = form;
        this.fieldErrors = fieldErrors;
        this.flashes = flashes;
    }

    /**
     * @param uri    where the page came from
     * @param target the login route, {@code <base>/_admin/login}
     */
    static LoginPage parse(String html, URI uri, URI target) {
        Document doc = Pages.parse(html, uri);
        WebForm found = null;
        FormElement foundElement = null;
        for (FormElement el : Pages.liveForms(doc)) {
            WebForm f = WebForm.of(el);
            if (f != null && Pages.samePath(f.action, target) && f.has("username") && f.passwordField() != null) {
                found = f;
                foundElement = el;
                break;
            }
        }
        Map<String, String> errors = new LinkedHashMap<>();
        if (foundElement != null) {
            for (Element span : errorSpans(foundElement)) {
                String field = fieldBefore(span);
                String text = Pages.text(span);
                if (!text.isEmpty()) {
                    errors.putIfAbsent(field == null ? "" : field, text);
                }
            }
        }
        return new LoginPage(found, errors, Pages.flashes(doc));
    }

    private static List<Element> errorSpans(FormElement form) {
        List<Element> out = new ArrayList<>();
        for (Element el : form.select(".error-message")) {
            if (Pages.isLive(el)) {
                out.add(el);
            }
        }
        return out;
    }

    /** The name of the control the template put this message after. */
    private static String fieldBefore(Element message) {
        for (Element prev = message.previousElementSibling(); prev != null; prev = prev.previousElementSibling()) {
            String tag = prev.normalName();
            if ((tag.equals("input") || tag.equals("select") || tag.equals("textarea")) && !prev.attr("name").isEmpty()) {
                return prev.attr("name");
            }
        }
        return null;
    }
}
