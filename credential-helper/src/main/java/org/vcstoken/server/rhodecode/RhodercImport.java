package org.vcstoken.server.rhodecode;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.vcstoken.token.Secret;

/**
 * Reads the RhodeCode instances of a {@code ~/.rhoderc} file (rhodecode-tools' INI file): one
 * {@code [instance:NAME]} section each, with {@code api_host}, {@code api_key} and optionally
 * {@code repo_dir}. Other sections are ignored. Errors name the file and line and never repeat a
 * line's text, since that text may be a key.
 */
public final class RhodercImport {
    /**
     * One instance.
     *
     * @param name    the NAME of {@code [instance:NAME]}
     * @param baseUrl {@code api_host} without a trailing {@code /} (and without {@code /_admin/api},
     *                which the tools add themselves and some files contain anyway)
     * @param apiKey  {@code api_key}: a token with role api or all
     * @param repoDir {@code repo_dir}, or {@code null}
     */
    public record Instance(String name, String baseUrl, Secret apiKey, String repoDir) {
        public Instance {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(apiKey, "apiKey");
        }
    }

    /** The file cannot be used; the message names the file, the line and what to fix. */
    public static final class FormatException extends Exception {
        public FormatException(String message) {
            super(message);
        }
    }

    private RhodercImport() {
    }

    /** Reads and parses {@code file} (UTF-8). */
    public static List<Instance> read(Path file) throws IOException, FormatException {
        byte[] bytes = Files.readAllBytes(file);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new FormatException(RhodeCodeMessages.rhodercNotText(file.toString()));
        }
        return parse(text, file.toString());
    }

    /**
     * Parses INI text as Python's configparser does for these files: {@code #} and {@code ;}
     * comment lines, {@code key = value} or {@code key: value}, keys case-insensitive.
     *
     * @param source the file name, for messages
     */
    public static List<Instance> parse(String text, String source) throws FormatException {
        Map<String, Section> sections = new LinkedHashMap<>();
        Section current = null;
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String raw = lines[i];
            if (i == 0 && raw.startsWith("\uFEFF")) {
                raw = raw.substring(1);
            }
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (Character.isWhitespace(raw.charAt(0))) {
                throw new FormatException(RhodeCodeMessages.rhodercIndented(at(source, lineNo)));
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]")) {
                    throw new FormatException(RhodeCodeMessages.rhodercUnclosedSection(at(source, lineNo)));
                }
                String name = line.substring(1, line.length() - 1).strip();
                if (sections.containsKey(name)) {
                    throw new FormatException(RhodeCodeMessages.rhodercSectionTwice(at(source, lineNo), printable(name),
                            sections.get(name).line));
                }
                current = new Section(name, lineNo);
                sections.put(name, current);
                continue;
            }
            int eq = firstOf(line, '=', ':');
            if (eq <= 0) {
                throw new FormatException(RhodeCodeMessages.rhodercNotKeyValue(at(source, lineNo)));
            }
            if (current == null) {
                throw new FormatException(RhodeCodeMessages.rhodercKeyOutsideSection(at(source, lineNo)));
            }
            String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(eq + 1).strip();
            if (current.values.containsKey(key)) {
                throw new FormatException(RhodeCodeMessages.rhodercKeyTwice(at(source, lineNo), printable(key),
                        printable(current.name)));
            }
            current.values.put(key, new Value(value, lineNo));
        }
        List<Instance> out = new ArrayList<>();
        for (Section s : sections.values()) {
            if (!s.name.startsWith("instance:")) {
                continue;
            }
            String name = s.name.substring("instance:".length()).strip();
            if (name.isEmpty()) {
                throw new FormatException(RhodeCodeMessages.rhodercInstanceUnnamed(at(source, s.line)));
            }
            Value host = s.values.get("api_host");
            Value key = s.values.get("api_key");
            if (host == null || host.text.isEmpty()) {
                throw new FormatException(RhodeCodeMessages.rhodercNoHost(at(source, s.line), printable(s.name)));
            }
            if (key == null || key.text.isEmpty()) {
                throw new FormatException(RhodeCodeMessages.rhodercNoKey(at(source, s.line), printable(s.name)));
            }
            Secret secret;
            try {
                secret = Secret.of(key.text);
            } catch (IllegalArgumentException e) {
                throw new FormatException(RhodeCodeMessages.rhodercKeyUnusable(at(source, key.line), e.getMessage()));
            }
            Value dir = s.values.get("repo_dir");
            out.add(new Instance(name, baseUrl(host, source), secret, dir == null || dir.text.isEmpty() ? null : dir.text));
        }
        return out;
    }

    private static String baseUrl(Value host, String source) throws FormatException {
        String where = at(source, host.line);
        URI uri;
        try {
            uri = new URI(host.text);
        } catch (URISyntaxException e) {
            throw new FormatException(RhodeCodeMessages.rhodercHostNotUrl(where));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new FormatException(RhodeCodeMessages.rhodercHostScheme(where));
        }
        if (uri.getHost() == null) {
            throw new FormatException(RhodeCodeMessages.rhodercHostNoHost(where));
        }
        if (uri.getRawUserInfo() != null) {
            // Never echo it: user info in a URL is often a password.
            throw new FormatException(RhodeCodeMessages.rhodercHostUserInfo(where));
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new FormatException(RhodeCodeMessages.rhodercHostQuery(where));
        }
        String base = host.text;
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        if (base.endsWith("/_admin/api")) {
            base = base.substring(0, base.length() - "/_admin/api".length());
        }
        return base;
    }

    private static int firstOf(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }

    private static String at(String source, int line) {
        return RhodeCodeMessages.at(source, line);
    }

    private static String printable(String s) {
        return org.vcstoken.server.HttpTransport.printable(s, 60);
    }

    private static final class Section {
        final String name;
        final int line;
        final Map<String, Value> values = new LinkedHashMap<>();

        Section(String name, int line) {
            this.name = name;
            this.line = line;
        }
    }

    private record Value(String text, int line) {
    }
}
