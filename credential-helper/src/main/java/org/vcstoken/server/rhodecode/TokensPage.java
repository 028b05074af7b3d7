package org.vcstoken.server.rhodecode;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.FormElement;

/**
 * What vcstoken reads from My Account → Auth Tokens, built by RhodeCode's
 * {@code templates/admin/my_account/my_account_auth_tokens.mako}: the create form (posting to
 * {@code …/auth_tokens/new}, with its own {@code csrf_token}), one row per token whose id is only
 * in its delete form, its description and scope as cell text and its expiry in a
 * {@code <time datetime>}, the header's logout form, and the flash messages. EE renders a hidden
 * {@code scope_repo_id} that the page's script fills with a repository id from {@code /_repos};
 * CE a disabled select; other versions may offer a plain select of repositories.
 */
final class TokensPage {
    /** RhodeCode's scope column ({@code UserApiKeys._get_scope}; not translated). */
    private static final Pattern REPO_SCOPE = Pattern.compile("Repository: (.+)");
    private static final Pattern GROUP_SCOPE = Pattern.compile("RepositoryGroup: .+");
    /**
     * {@code h.age_component}: 4.27 writes Python's {@code str(datetime)} and an offset,
     * {@code 2024-11-27 10:00:00.123456+00:00}; an ISO {@code T} is taken too.
     */
    private static final Pattern DATETIME = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})[ T](\\d{2}:\\d{2}:\\d{2})(\\.\\d{1,9})?\\s*(Z|[+-]\\d{2}:?\\d{2})?.*");

    /** How the page shows a token's end. */
    sealed interface Expiry permits Never, At, Unknown {
    }

    /** "never". */
    record Never() implements Expiry {
    }

    /** The instant of the row's {@code <time datetime>}. */
    record At(Instant instant) implements Expiry {
    }

    /** The page does not say (another layout, a translated "never", an unreadable date). */
    record Unknown() implements Expiry {
    }

    /** How the create form offers a repository scope. */
    enum ScopeField {
        /** No scope field (an unknown version). */
        NONE,
        /** CE: a disabled select, "Scopes available in EE edition". */
        DISABLED,
        /** EE: a hidden {@code scope_repo_id} filled with a repository id found through {@code /_repos}. */
        HIDDEN,
        /** A select of repositories (option value = id, text = name). */
        SELECT
    }

    /**
     * One listed token.
     *
     * @param scopeRepo the repository it is limited to, "" for none ("Global"), or null when the page
     *                  does not say (or names a repository group)
     */
    record Row(String id, WebForm deleteForm, String description, Expiry expiry, String scopeRepo) {
    }

    final WebForm newForm;
    final List<Row> rows;
    final WebForm logoutForm;
    final ScopeField scopeField;
    /** Repository name → id, from a scope select's options ({@link ScopeField#SELECT} only). */
    final Map<String, String> scopeOptions;
    final List<Pages.Flash> flashes;
    /** How many forms post to {@code …/new} with the fields of RhodeCode's: more than one is ambiguous. */
    final int newForms;

    private TokensPage(WebForm newForm, int newForms, List<Row> rows, WebForm logoutForm, ScopeField scopeField,
            Map<String, String> scopeOptions, List<Pages.Flash> flashes) {
        this.newForm = newForm;
        this.newForms = newForms;
        this.rows = rows;
        this.logoutForm = logoutForm;
        this.scopeField = scopeField;
        this.scopeOptions = scopeOptions;
        this.flashes = flashes;
    }

    /**
     * @param uri  where the page came from
     * @param base the server's base URL, to recognise RhodeCode's own form targets
     */
    static TokensPage parse(String html, URI uri, String base) {
        Document doc = Pages.parse(html, uri);
        URI newTarget = URI.create(base + "/" + WebSession.TOKENS + "/new");
        URI deleteTarget = URI.create(base + "/" + WebSession.TOKENS + "/delete");
        URI logoutTarget = URI.create(base + "/" + WebSession.LOGOUT);
        WebForm newForm = null;
        FormElement newElement = null;
        int newForms = 0;
        WebForm logout = null;
        Map<String, Row> rows = new LinkedHashMap<>();
        for (FormElement el : Pages.liveForms(doc)) {
            WebForm f = WebForm.of(el);
            if (f == null || !f.method.equals("post")) {
                continue;
            }
            if (Pages.samePath(f.action, newTarget) && f.has("description") && f.has("role")) {
                newForms++;
                if (newForm == null) {
                    newForm = f;
                    newElement = el;
                }
            } else if (Pages.samePath(f.action, deleteTarget) && f.value("del_auth_token") != null) {
                String id = f.value("del_auth_token").strip();
                if (!id.isEmpty()) {
                    rows.putIfAbsent(id, row(id, f, el));
                }
            } else if (logout == null && Pages.samePath(f.action, logoutTarget)) {
                logout = f;
            }
        }
        ScopeField scope = ScopeField.NONE;
        Map<String, String> options = new LinkedHashMap<>();
        if (newForm != null) {
            String control = newForm.control("scope_repo_id");
            if (control != null && control.equals("select")) {
                scope = ScopeField.SELECT;
                for (Element option : newElement.select("select[name=scope_repo_id] option")) {
                    String value = option.attr("value").strip();
                    String name = Pages.text(option);
                    if (!value.isEmpty() && !value.equals("-1") && !name.isEmpty()) {
                        options.putIfAbsent(name, value);
                    }
                }
            } else if (control != null) {
                scope = ScopeField.HIDDEN;
            } else if (!newElement.select("select[name=scope_repo_id_disabled]").isEmpty()) {
                scope = ScopeField.DISABLED;
            }
        }
        return new TokensPage(newForm, newForms, List.copyOf(rows.values()), logout, scope, options,
                Pages.flashes(doc));
    }

    /** A row: the table row that holds the delete form, read cell by cell. */
    private static Row row(String id, WebForm deleteForm, FormElement form) {
        Element tr = form.closest("tr");
        if (tr == null) {
            return new Row(id, deleteForm, null, new Unknown(), null);
        }
        List<Element> cells = new ArrayList<>();
        for (Element child : tr.children()) {
            if (child.normalName().equals("td")) {
                cells.add(child);
            }
        }
        String description = null;
        Element descriptionCell = firstWithClass(cells, "td-wrap");
        if (descriptionCell == null && cells.size() >= 6) {
            descriptionCell = cells.get(1); // the template's column order: token, description, role, scope, expiry
        }
        if (descriptionCell != null) {
            description = Pages.text(descriptionCell);
        }
        String scope = null;
        for (Element cell : cells) {
            String text = Pages.text(cell);
            Matcher m = REPO_SCOPE.matcher(text);
            if (m.matches()) {
                scope = m.group(1).strip();
                break;
            }
            if (text.equals("Global")) {
                scope = "";
                break;
            }
            if (GROUP_SCOPE.matcher(text).matches()) {
                break;
            }
        }
        Element expiryCell = firstWithClass(cells, "td-exp");
        if (expiryCell == null && cells.size() >= 6) {
            expiryCell = cells.get(4);
        }
        return new Row(id, deleteForm, description, expiry(expiryCell == null ? tr : expiryCell), scope);
    }

    private static Element firstWithClass(List<Element> cells, String cls) {
        for (Element c : cells) {
            if (c.hasClass(cls)) {
                return c;
            }
        }
        return null;
    }

    private static Expiry expiry(Element cell) {
        Element time = cell.selectFirst("time[datetime]");
        if (time != null) {
            Instant at = parseDatetime(time.attr("datetime"));
            return at == null ? new Unknown() : new At(at);
        }
        return Pages.text(cell).toLowerCase(Locale.ROOT).equals("never") ? new Never() : new Unknown();
    }

    /** A {@code datetime} attribute as RhodeCode writes it; no offset means UTC (it prints UTC times). */
    static Instant parseDatetime(String value) {
        Matcher m = DATETIME.matcher(value.strip());
        if (!m.matches()) {
            return null;
        }
        try {
            LocalDateTime local = LocalDateTime.parse(m.group(1) + "T" + m.group(2) + (m.group(3) == null ? "" : m.group(3)));
            ZoneOffset offset = m.group(4) == null || m.group(4).equals("Z") ? ZoneOffset.UTC
                    : ZoneOffset.of(m.group(4).length() == 5 ? m.group(4).substring(0, 3) + ":" + m.group(4).substring(3)
                            : m.group(4));
            return local.toInstant(offset);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    Optional<Row> row(String id) {
        for (Row r : rows) {
            if (r.id().equals(id)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    List<String> ids() {
        List<String> ids = new ArrayList<>(rows.size());
        for (Row r : rows) {
            ids.add(r.id());
        }
        return ids;
    }

    /** The first flash of level "error", or null: what the server said went wrong. */
    Pages.Flash error() {
        for (Pages.Flash f : flashes) {
            if ("error".equals(f.level())) {
                return f;
            }
        }
        return null;
    }
}
