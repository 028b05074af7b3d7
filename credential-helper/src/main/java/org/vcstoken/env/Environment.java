package org.vcstoken.env;

import java.util.Map;
import java.util.Optional;

/**
 * The process environment as a value, so that code and tests read variables from what they
 * were given rather than from {@link System#getenv()} deep in the call chain.
 */
public record Environment(Map<String, String> variables) {
    public Environment {
        // The process environment is already an unmodifiable snapshot; copying it entry by entry
        // would cost every credential helper start a few classes for nothing.
        if (variables != System.getenv()) {
            variables = Map.copyOf(variables);
        }
    }

    public static Environment system() {
        return new Environment(System.getenv());
    }

    public Optional<String> get(String name) {
        String v = variables.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    /** True for the usual spellings of "yes". */
    public boolean isTrue(String name) {
        return get(name).map(v -> v.equalsIgnoreCase("true") || v.equals("1") || v.equalsIgnoreCase("yes"))
                .orElse(false);
    }
}
