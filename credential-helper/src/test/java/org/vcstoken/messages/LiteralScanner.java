package org.vcstoken.messages;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Finds wording written inline in Java source: a string literal passed to a print call on
 * {@code out}/{@code err}/{@code stdout}/{@code stderr} (or {@code out()}/{@code err()}), to the
 * constructor of an exception type that reaches a person, or to a factory or constructor of a
 * value a person reads once it is printed elsewhere (doctor's {@code Finding.fail(what, fix)},
 * {@code Check.of(name, …)}); and a literal a {@code name()} returns in a type implementing one
 * whose name is shown ({@code Check}). A small lexer skips comments and reads
 * text blocks and character literals, so a quote in a comment or a {@code '"'} is not taken for a
 * string; a literal without a letter (a separator, a table's layout such as {@code "%-20s %s%n"})
 * is not wording and is not reported.
 */
final class LiteralScanner {
    /** JDK exception types whose message a person reads when vcstoken reports a failure. */
    static final Set<String> JDK_EXCEPTIONS = Set.of("IllegalArgumentException", "IOException",
            "UncheckedIOException");

    private static final Set<String> PRINTS = Set.of("print", "println", "printf", "format");
    private static final Set<String> STREAMS = Set.of("out", "err", "stdout", "stderr");
    /** The Prompter's methods: a question or a note a person reads at the terminal. */
    private static final Set<String> PROMPTS = Set.of("ask", "askSecret", "tell");
    /** Messages.error(…) and Messages.warning(…): the prefix is there, the text should be too. */
    private static final Set<String> PREFIXES = Set.of("error", "warning");
    private static final Pattern FORMAT_SPECIFIER = Pattern.compile("%[-#+ 0,(]*\\d*(\\.\\d+)?[a-zA-Z%]");
    private static final Pattern ESCAPE = Pattern.compile("\\\\(u+[0-9a-fA-F]{4}|[0-7]{1,3}|.)");

    /** One inline text: the line its literal starts on, the call it is passed to, and the literal as written. */
    record Finding(int line, String call, String literal) {
        @Override
        public String toString() {
            return "line " + line + ": " + call + "(" + literal + ")";
        }
    }

    /** A token of Java source: an identifier or keyword, a string literal, or one other character. */
    private record Token(Kind kind, String text, int line) {
    }

    private enum Kind { WORD, STRING, OTHER }

    private final Set<String> exceptionTypes;
    private final Map<String, Set<String>> factories;
    private final Set<String> namedTypes;

    /** @param exceptionTypes simple names of the exception types whose constructor must not get a literal */
    LiteralScanner(Set<String> exceptionTypes) {
        this(exceptionTypes, Map.of(), Set.of());
    }

    /**
     * @param exceptionTypes simple names of the exception types whose constructor must not get a literal
     * @param factories      for each type that carries text to a person: the static factory methods that,
     *                       like its constructor, must not get a literal ({@code Finding} to pass, fail, of)
     * @param namedTypes     types whose implementations' {@code name()} a person reads ({@code Check})
     */
    LiteralScanner(Set<String> exceptionTypes, Map<String, Set<String>> factories, Set<String> namedTypes) {
        this.exceptionTypes = Set.copyOf(exceptionTypes);
        this.factories = Map.copyOf(factories);
        this.namedTypes = Set.copyOf(namedTypes);
    }

    /**
     * The inline texts of one source file, in order; a literal inside nested calls
     * ({@code println(Messages.error("…"))}) is reported once, with the innermost call.
     */
    List<Finding> scan(String source) {
        List<Token> tokens = tokens(source);
        Map<Integer, Finding> found = new TreeMap<>();
        boolean named = implementsAny(tokens, namedTypes);
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind != Kind.WORD || !is(tokens, i + 1, "(")) {
                continue;
            }
            if (named && isNameReturningAt(tokens, i)) {
                // String name() { return "java"; }: the literal up to the statement's end.
                for (int j = i + 5; j < tokens.size() && !is(tokens, j, ";"); j++) {
                    if (tokens.get(j).kind == Kind.STRING && isWording(tokens.get(j).text)) {
                        found.put(j, new Finding(tokens.get(j).line, "name", tokens.get(j).text));
                    }
                }
                continue;
            }
            String call = null;
            if (PRINTS.contains(t.text) && isStream(tokens, i - 1)) {
                call = t.text;
            } else if (PROMPTS.contains(t.text) && is(tokens, i - 1, ".")) {
                call = t.text;
            } else if (PREFIXES.contains(t.text) && is(tokens, i - 1, ".") && i >= 2
                    && tokens.get(i - 2).text.equals("Messages")) {
                call = "Messages." + t.text;
            } else if (exceptionTypes.contains(t.text) && constructed(tokens, i - 1)) {
                call = "new " + t.text;
            } else if (is(tokens, i - 1, ".") && i >= 2 && tokens.get(i - 2).kind == Kind.WORD
                    && factories.getOrDefault(tokens.get(i - 2).text, Set.of()).contains(t.text)) {
                call = tokens.get(i - 2).text + "." + t.text;
            } else if (factories.containsKey(t.text) && constructed(tokens, i - 1)) {
                call = "new " + t.text;
            }
            if (call == null) {
                continue;
            }
            int depth = 0;
            for (int j = i + 1; j < tokens.size(); j++) {
                Token a = tokens.get(j);
                if (is(tokens, j, "(")) {
                    depth++;
                } else if (is(tokens, j, ")") && --depth == 0) {
                    break;
                } else if (a.kind == Kind.STRING && isWording(a.text)) {
                    found.put(j, new Finding(a.line, call, a.text));
                }
            }
        }
        return List.copyOf(found.values());
    }

    /** The packages under {@code org.vcstoken} a source names in code (imports, qualified names), comments aside. */
    static Set<String> vcstokenPackagesNamedIn(String source) {
        List<Token> tokens = tokens(source);
        Set<String> named = new HashSet<>();
        for (int i = 0; i + 4 < tokens.size(); i++) {
            if (tokens.get(i).kind == Kind.WORD && tokens.get(i).text.equals("org") && is(tokens, i + 1, ".")
                    && tokens.get(i + 2).text.equals("vcstoken") && is(tokens, i + 3, ".")
                    && tokens.get(i + 4).kind == Kind.WORD) {
                named.add(tokens.get(i + 4).text);
            }
        }
        return named;
    }

    /** The static methods of {@code type}'s source that return a {@code type}: {@code static Finding pass(}. */
    static Set<String> factoriesDeclaredIn(String source, String type) {
        List<Token> tokens = tokens(source);
        Set<String> names = new HashSet<>();
        for (int i = 0; i + 3 < tokens.size(); i++) {
            if (tokens.get(i).kind == Kind.WORD && tokens.get(i).text.equals("static")
                    && tokens.get(i + 1).kind == Kind.WORD && tokens.get(i + 1).text.equals(type)
                    && tokens.get(i + 2).kind == Kind.WORD && is(tokens, i + 3, "(")) {
                names.add(tokens.get(i + 2).text);
            }
        }
        return names;
    }

    /** Simple names of the types a source declares whose name ends in "Messages". */
    static List<String> messageClassesDeclaredIn(String source) {
        List<Token> tokens = tokens(source);
        List<String> names = new ArrayList<>();
        for (int i = 0; i + 1 < tokens.size(); i++) {
            String w = tokens.get(i).text;
            boolean declaration = tokens.get(i).kind == Kind.WORD
                    && (w.equals("class") || w.equals("interface") || w.equals("record") || w.equals("enum"))
                    && !is(tokens, i - 1, ".");
            Token name = tokens.get(i + 1);
            if (declaration && name.kind == Kind.WORD && name.text.endsWith("Messages")) {
                names.add(name.text);
            }
        }
        return names;
    }

    /**
     * The exception types the given sources declare: each class extending a type named *Exception
     * or *Error, and each class extending one of those (RotationRefused extends ServerException).
     */
    static Set<String> exceptionTypesDeclaredIn(Collection<String> sources) {
        Map<String, String> superOf = new HashMap<>();
        for (String source : sources) {
            List<Token> tokens = tokens(source);
            for (int i = 0; i + 3 < tokens.size(); i++) {
                if (tokens.get(i).kind == Kind.WORD && tokens.get(i).text.equals("class") && !is(tokens, i - 1, ".")) {
                    int j = i + 2;
                    if (is(tokens, j, "<")) {
                        continue;
                    }
                    if (tokens.get(j).text.equals("extends")) {
                        // the last word of a qualified name: org.eclipse.jgit.errors.TransportException
                        int k = j + 1;
                        while (k + 2 < tokens.size() && is(tokens, k + 1, ".")) {
                            k += 2;
                        }
                        superOf.put(tokens.get(i + 1).text, tokens.get(k).text);
                    }
                }
            }
        }
        Set<String> types = new HashSet<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Map.Entry<String, String> e : superOf.entrySet()) {
                String parent = e.getValue();
                if (!types.contains(e.getKey()) && (parent.endsWith("Exception") || parent.endsWith("Error")
                        || types.contains(parent))) {
                    types.add(e.getKey());
                    grew = true;
                }
            }
        }
        return types;
    }

    /** Whether a literal holds words: what is left after escapes and format specifiers has a letter. */
    static boolean isWording(String literal) {
        String text = literal.startsWith("\"\"\"") ? literal.substring(3, literal.length() - 3)
                : literal.substring(1, literal.length() - 1);
        text = FORMAT_SPECIFIER.matcher(ESCAPE.matcher(text).replaceAll(" ")).replaceAll(" ");
        return text.chars().anyMatch(Character::isLetter);
    }

    /** Whether a type in the source implements one of {@code types} (possibly qualified, among others). */
    private static boolean implementsAny(List<Token> tokens, Set<String> types) {
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).kind != Kind.WORD || !tokens.get(i).text.equals("implements")) {
                continue;
            }
            for (int j = i + 1; j < tokens.size() && !is(tokens, j, "{"); j++) {
                if (tokens.get(j).kind == Kind.WORD && types.contains(tokens.get(j).text) && !is(tokens, j + 1, ".")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether {@code name() { return} is declared at {@code i}: a return type before it, not a call. */
    private static boolean isNameReturningAt(List<Token> tokens, int i) {
        return tokens.get(i).text.equals("name") && i >= 1 && tokens.get(i - 1).kind == Kind.WORD
                && !tokens.get(i - 1).text.equals("return") && !tokens.get(i - 1).text.equals("new")
                && is(tokens, i + 2, ")") && is(tokens, i + 3, "{") && i + 4 < tokens.size()
                && tokens.get(i + 4).text.equals("return");
    }

    /** Whether the tokens before {@code .print(} end in {@code out}, {@code err()}, {@code System.err} and the like. */
    private static boolean isStream(List<Token> tokens, int dot) {
        if (!is(tokens, dot, ".")) {
            return false;
        }
        int name = dot - 1;
        if (is(tokens, name, ")") && is(tokens, name - 1, "(")) {
            name -= 2;
        }
        return name >= 0 && tokens.get(name).kind == Kind.WORD && STREAMS.contains(tokens.get(name).text);
    }

    /** Whether {@code new} precedes the type name at {@code end}, possibly qualified ({@code new java.io.IOException}). */
    private static boolean constructed(List<Token> tokens, int end) {
        int i = end;
        while (is(tokens, i, ".") && i - 1 >= 0 && tokens.get(i - 1).kind == Kind.WORD) {
            i -= 2;
        }
        return i >= 0 && tokens.get(i).kind == Kind.WORD && tokens.get(i).text.equals("new");
    }

    private static boolean is(List<Token> tokens, int i, String other) {
        return i >= 0 && i < tokens.size() && tokens.get(i).kind == Kind.OTHER && tokens.get(i).text.equals(other);
    }

    /** Java source as tokens; comments dropped, numbers kept as words (they never matter here). */
    private static List<Token> tokens(String s) {
        List<Token> tokens = new ArrayList<>();
        int line = 1;
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (s.startsWith("//", i)) {
                while (i < n && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                line += count(s, i, end);
                i = end;
            } else if (s.startsWith("\"\"\"", i)) {
                int end = i + 3;
                while (end < n && !s.startsWith("\"\"\"", end)) {
                    end += s.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(n, end + 3);
                tokens.add(new Token(Kind.STRING, s.substring(i, end), line));
                line += count(s, i, end);
                i = end;
            } else if (c == '"' || c == '\'') {
                int end = i + 1;
                while (end < n && s.charAt(end) != c && s.charAt(end) != '\n') {
                    end += s.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(n, end + 1);
                tokens.add(new Token(c == '"' ? Kind.STRING : Kind.OTHER, s.substring(i, end), line));
                i = end;
            } else if (Character.isJavaIdentifierPart(c)) {
                int end = i;
                while (end < n && Character.isJavaIdentifierPart(s.charAt(end))) {
                    end++;
                }
                tokens.add(new Token(Kind.WORD, s.substring(i, end), line));
                i = end;
            } else {
                tokens.add(new Token(Kind.OTHER, String.valueOf(c), line));
                i++;
            }
        }
        return tokens;
    }

    private static int count(String s, int from, int to) {
        int lines = 0;
        for (int k = from; k < to; k++) {
            if (s.charAt(k) == '\n') {
                lines++;
            }
        }
        return lines;
    }
}
