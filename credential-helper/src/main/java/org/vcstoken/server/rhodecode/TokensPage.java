package org.vcstoken.server.rhodecode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What vcstoken reads from My Account → Auth Tokens: the CSRF token, the flash message of the
 * last action, the listed tokens, and whether the create form offers a repository scope (EE).
 */
final class TokensPage {
    private static final Pattern JS_CSRF = Pattern.compile("CSRF_TOKEN\\s*=\\s*['\"]([^'\"]+)['\"]");
    private static final Pattern CREATED_ID = Pattern.compile("\\(id (\\d+)\\)");
    /** RhodeCode 4.x hands flash messages to its JavaScript: {@code var alertMessagePayloads = [...];}. */
    private static final Pattern ALERTS = Pattern.compile("alertMessagePayloads\\s*=\\s*(\\[.*?\\])\\s*;\\s*</script>",
            Pattern.DOTALL);

    /**
     * One listed token. Pages that do not carry the metadata (other RhodeCode versions) still give
     * the id through the delete form; then the other fields are null.
     *
     * @param expires   epoch seconds, -1 for never, or null when the page does not say
     * @param scopeRepo the repository it is limited to, "" for none, or null when the page does not say
     */
    record Row(String id, String role, String description, Double expires, String scopeRepo) {
    }

    final String csrf;
    final String flash;
    /** The flash's level when the page says it ("success", "error", ...), else null. */
    final String flashLevel;
    final List<Row> rows;
    final boolean scopeField;
    /** Repository name → id, from the scope field's options. */
    final Map<String, String> scopeRepoIds;

    private TokensPage(String csrf, String flash, String flashLevel, List<Row> rows, boolean scopeField,
            Map<String, String> scopeRepoIds) {
        this.csrf = csrf;
        this.flash = flash;
        this.flashLevel = flashLevel;
        this.rows = rows;
        this.scopeField = scopeField;
        this.scopeRepoIds = scopeRepoIds;
    }

    static TokensPage parse(String html) {
        List<Html.Tag> tags = Html.tags(html);
        String csrf = null;
        String flash = null;
        Map<String, Row> rows = new LinkedHashMap<>();
        List<String> deleteIds = new ArrayList<>();
        boolean scopeField = false;
        Map<String, String> scopeRepoIds = new LinkedHashMap<>();
        boolean inScopeSelect = false;
        for (Html.Tag t : tags) {
            String name = t.attr("name");
            if (t.name().equals("select")) {
                inScopeSelect = "scope_repo_id".equals(name);
                scopeField |= inScopeSelect;
            } else if (t.name().equals("input")) {
                inScopeSelect = false;
                if ("csrf_token".equals(name) && csrf == null && t.attr("value") != null && !t.attr("value").isEmpty()) {
                    csrf = t.attr("value");
                } else if ("del_auth_token".equals(name) && t.attr("value") != null) {
                    deleteIds.add(t.attr("value"));
                } else if ("scope_repo_id".equals(name)) {
                    scopeField = true;
                }
            } else if (t.name().equals("option") && inScopeSelect) {
                String value = t.attr("value");
                String repo = Html.textAfter(html, t);
                if (value != null && !value.isEmpty() && !value.equals("-1") && !repo.isEmpty()) {
                    scopeRepoIds.putIfAbsent(repo, value);
                }
            } else if (t.name().equals("tr") && t.attr("data-token-id") != null) {
                String id = t.attr("data-token-id");
                rows.put(id, new Row(id, t.attr("data-role"), t.attr("data-description"),
                        number(t.attr("data-expires")), t.attr("data-scope-repo")));
            } else if (flash == null && (t.name().equals("div") || t.name().equals("p"))
                    && ("flash".equals(t.attr("id")) || t.hasClass("flash") || t.hasClass("alert"))) {
                flash = Html.textAfter(html, t);
            }
        }
        for (String id : deleteIds) {
            rows.putIfAbsent(id, new Row(id, null, null, null, null));
        }
        if (csrf == null) {
            Matcher m = JS_CSRF.matcher(html);
            if (m.find()) {
                csrf = m.group(1);
            }
        }
        String[] alert = alert(html);
        String flashLevel = null;
        if (alert != null) {
            flash = alert[0];
            flashLevel = alert[1];
        }
        return new TokensPage(csrf, flash, flashLevel, List.copyOf(rows.values()), scopeField, scopeRepoIds);
    }

    /**
     * The message and level of the page's script alerts: the first error, else the first message;
     * null when there are none or they cannot be read.
     */
    private static String[] alert(String html) {
        Matcher m = ALERTS.matcher(html);
        if (!m.find()) {
            return null;
        }
        Object parsed;
        try {
            parsed = Json.parse(m.group(1).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            return null; // not JSON after all: no message rather than a wrong one
        }
        String[] first = null;
        if (parsed instanceof List<?> payloads) {
            for (Object p : payloads) {
                if (p instanceof Map<?, ?> payload && payload.get("message") instanceof Map<?, ?> message
                        && message.get("message") instanceof String text) {
                    String level = message.get("level") instanceof String l ? l : null;
                    if ("error".equals(level)) {
                        return new String[] {text, level};
                    }
                    if (first == null) {
                        first = new String[] {text, level};
                    }
                }
            }
        }
        return first;
    }

    private static Double number(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            double d = Double.parseDouble(s.trim());
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            // A page that does not say when a token expires is handled like one without the attribute.
            return null;
        }
    }

    Optional<Row> row(String id) {
        return rows.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    List<String> ids() {
        List<String> ids = new ArrayList<>(rows.size());
        for (Row r : rows) {
            ids.add(r.id());
        }
        return ids;
    }

    /** Whether the flash reports a failure: level "error", or a text starting "Error". */
    boolean flashIsError() {
        return "error".equals(flashLevel) || flash != null && flash.regionMatches(true, 0, "error", 0, 5);
    }

    /** The id the flash "Auth token successfully created (id N)" names, if any. */
    Optional<String> createdId() {
        if (flash == null) {
            return Optional.empty();
        }
        Matcher m = CREATED_ID.matcher(flash);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
