package org.vcstoken.server.rhodecode;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.FormElement;

/**
 * A form of a RhodeCode page as a browser submits it: its target, and the fields a browser would
 * send when its default button is pressed (HTML's "constructing the entry list": enabled, named
 * controls; checkboxes only when checked; a select's selected option, else its first; the first
 * submit button and no other button). vcstoken sends exactly these fields, changing only the
 * values it means to set, so the form's own hidden fields, its CSRF token among them, go back as
 * the page gave them.
 */
final class WebForm {
    /** One field: its name, its value, and its kind of control (for checks, never sent). */
    record Field(String name, String value, String control) {
    }

    final URI action;
    final String method;
    private final List<Field> fields;
    /** A select's option values, by the select's name. */
    private final Map<String, List<String>> options;

    private WebForm(URI action, String method, List<Field> fields, Map<String, List<String>> options) {
        this.action = action;
        this.method = method;
        this.fields = fields;
        this.options = options;
    }

    /**
     * @param form a form of a page parsed by {@link Pages#parse}
     * @return null when the form's action is not a URL
     */
    static WebForm of(FormElement form) {
        String rawAction = form.attr("action").trim();
        URI action;
        try {
            action = URI.create(rawAction.isEmpty() ? form.baseUri() : form.absUrl("action"));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (action.getScheme() == null || action.getHost() == null) {
            return null;
        }
        List<Field> fields = new ArrayList<>();
        Map<String, List<String>> options = new LinkedHashMap<>();
        boolean submitterTaken = false;
        for (Element el : controls(form)) {
            if (!Pages.isLive(el) || disabled(el)) {
                continue;
            }
            String name = el.attr("name");
            String tag = el.normalName();
            String type = el.attr("type").trim().toLowerCase(Locale.ROOT);
            boolean submit = tag.equals("input") ? type.equals("submit") || type.equals("image")
                    : tag.equals("button") && (type.isEmpty() || type.equals("submit"));
            if (submit) {
                // Pressing Enter in a field, or clicking the form's first button: the default button is
                // the only button that is sent, and only when it has a name.
                if (!submitterTaken && tag.equals("input") && type.equals("submit") && !name.isEmpty()) {
                    fields.add(new Field(name, el.hasAttr("value") ? el.attr("value") : "Submit", "submit"));
                }
                submitterTaken = true;
                continue;
            }
            if (name.isEmpty() || tag.equals("button")) {
                continue;
            }
            switch (tag) {
                case "input" -> {
                    switch (type) {
                        case "reset", "button", "file", "image" -> {
                            // never sent (a file picker is not used by the forms vcstoken reads)
                        }
                        case "checkbox", "radio" -> {
                            if (el.hasAttr("checked")) {
                                fields.add(new Field(name, el.hasAttr("value") ? el.attr("value") : "on", type));
                            }
                        }
                        default -> fields.add(new Field(name, el.attr("value"), type.isEmpty() ? "text" : type));
                    }
                }
                case "select" -> {
                    List<String> values = new ArrayList<>();
                    String chosen = null;
                    String first = null;
                    for (Element option : el.select("option")) {
                        String value = option.hasAttr("value") ? option.attr("value") : option.text();
                        values.add(value);
                        if (first == null && !option.hasAttr("disabled")) {
                            first = value;
                        }
                        if (chosen == null && option.hasAttr("selected")) {
                            chosen = value;
                        }
                    }
                    options.put(name, values);
                    if (chosen != null || first != null) {
                        fields.add(new Field(name, chosen != null ? chosen : first, "select"));
                    }
                }
                case "textarea" -> fields.add(new Field(name, el.wholeText(), "textarea"));
                default -> {
                    // object, keygen, output: nothing RhodeCode's forms use
                }
            }
        }
        String method = form.attr("method").trim().toLowerCase(Locale.ROOT);
        return new WebForm(action, method.isEmpty() ? "get" : method, List.copyOf(fields), options);
    }

    /** The form's controls and buttons in page order, those the parser linked to it included. */
    private static List<Element> controls(FormElement form) {
        List<Element> out = new ArrayList<>();
        for (Element el : form.getAllElements()) {
            String tag = el.normalName();
            if (tag.equals("input") || tag.equals("select") || tag.equals("textarea") || tag.equals("button")) {
                out.add(el);
            }
        }
        // Markup such as a form in a table closes the form element early; the parser still links the
        // controls that follow to it, as browsers do.
        for (Element el : form.elements()) {
            if (!out.contains(el)) {
                out.add(el);
            }
        }
        return out;
    }

    private static boolean disabled(Element el) {
        if (el.hasAttr("disabled")) {
            return true;
        }
        for (Element p : el.parents()) {
            if (p.normalName().equals("fieldset") && p.hasAttr("disabled")) {
                return true;
            }
        }
        return false;
    }

    boolean has(String name) {
        for (Field f : fields) {
            if (f.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The value the form would send for {@code name}, or null. */
    String value(String name) {
        for (Field f : fields) {
            if (f.name().equals(name)) {
                return f.value();
            }
        }
        return null;
    }

    /** The kind of control {@code name} is ("text", "hidden", "password", "select", …), or null. */
    String control(String name) {
        for (Field f : fields) {
            if (f.name().equals(name)) {
                return f.control();
            }
        }
        return null;
    }

    /** The option values of the select {@code name}; empty when it is not a select. */
    List<String> options(String name) {
        return options.getOrDefault(name, List.of());
    }

    /** The name of the form's password field, or null. */
    String passwordField() {
        for (Field f : fields) {
            if (f.control().equals("password")) {
                return f.name();
            }
        }
        return null;
    }

    /**
     * The body a browser would send, with {@code values} in place of what the page filled in; each
     * name in {@code values} must be one of the form's fields. {@code secretField}, when not null,
     * gets {@code secret} without it ever becoming a String.
     */
    FormBody body(Map<String, String> values, String secretField, char[] secret) {
        for (String name : values.keySet()) {
            if (!has(name)) {
                throw new IllegalArgumentException(RhodeCodeMessages.formHasNoField(name));
            }
        }
        FormBody body = new FormBody();
        List<String> done = new ArrayList<>();
        for (Field f : fields) {
            if (done.contains(f.name()) && (values.containsKey(f.name()) || f.name().equals(secretField))) {
                continue; // a value vcstoken sets is sent once
            }
            done.add(f.name());
            if (f.name().equals(secretField)) {
                body.add(f.name(), Objects.requireNonNull(secret, "secret"));
            } else {
                body.add(f.name(), values.getOrDefault(f.name(), f.value()));
            }
        }
        return body;
    }

    /** The field names, for messages and tests. */
    List<String> names() {
        List<String> names = new ArrayList<>();
        for (Field f : fields) {
            names.add(f.name());
        }
        return names;
    }
}
