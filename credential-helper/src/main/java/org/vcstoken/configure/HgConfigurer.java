package org.vcstoken.configure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vcstoken.messages.ConfigureMessages;

/**
 * Enables the vcstoken Mercurial extension in an hgrc file, and takes it out again.
 *
 * <p>{@link #configure()} adds {@code vcstoken = EXTENSION} to {@code [extensions]} and
 * {@code command = HELPER} to {@code [vcstoken]}. Every line it adds (section headers
 * included) is preceded by the comment {@value #MARKER}, because Mercurial has no trailing
 * comments: the marker is how {@link #unconfigure()} removes exactly those lines and
 * nothing the user wrote. All other bytes of the file are kept as they are.
 *
 * <p>Entries the user wrote themselves ({@code vcstoken =} in {@code [extensions]} or
 * {@code command =} in {@code [vcstoken]} without the marker) win: they are left alone and
 * nothing is added next to them.
 *
 * <p>Writes go to a temporary file next to the target, are synced, and replace it by a
 * rename, so a crash leaves the old or the new file. A symbolic link (dotfile managers) is
 * followed and its target rewritten. A new file is created with mode 0600.
 */
public final class HgConfigurer {

    /** The comment line that precedes every line this class adds. */
    public static final String MARKER = "# added by vcstoken configure";

    private static final String EXTENSIONS = "extensions";
    private static final String VCSTOKEN = "vcstoken";
    private static final String EXTENSION_KEY = "vcstoken";
    private static final String COMMAND_KEY = "command";

    // The same shapes Mercurial's config parser accepts (mercurial/config.py).
    private static final Pattern SECTION = Pattern.compile("\\[([^\\[]+)\\].*");
    private static final Pattern ITEM = Pattern.compile("([^=\\s][^=]*?)\\s*=\\s*(.*\\S|)\\s*");
    private static final Pattern EMPTY_OR_COMMENT = Pattern.compile("(;|#|\\s*$).*", Pattern.DOTALL);

    private final Path hgrc;
    private final Path extensionFile;
    private final Path helperCommand;

    /**
     * @param hgrc the hgrc to edit, usually {@code ~/.hgrc}; created when missing
     * @param extensionFile the installed {@code vcstoken.py}
     * @param helperCommand the {@code git-credential-vcstoken} launcher the extension runs
     */
    public HgConfigurer(Path hgrc, Path extensionFile, Path helperCommand) {
        this.hgrc = Objects.requireNonNull(hgrc, "hgrc");
        this.extensionFile = Objects.requireNonNull(extensionFile, "extensionFile");
        this.helperCommand = Objects.requireNonNull(helperCommand, "helperCommand");
        requireSingleLine("extensionFile", extensionFile);
        requireSingleLine("helperCommand", helperCommand);
    }

    /** The user's hgrc has its own entry where vcstoken's would go; the message says what to change. */
    public static final class ForeignEntry extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        ForeignEntry(String message) {
            super(message);
        }
    }

    /**
     * Adds the extension and the helper command to the hgrc.
     *
     * @return whether the file changed; false when everything was already there
     * @throws UncheckedIOException when the file cannot be read or written
     * @throws ForeignEntry when the user's own {@code vcstoken} entry under [extensions] would win
     */
    public boolean configure() {
        Document doc = Document.read(target());
        String own = doc.userValue(EXTENSIONS, EXTENSION_KEY);
        if (own != null && own.startsWith("!")) {
            // The user's own entry wins in hg, and "vcstoken = !" turns the extension off: adding the
            // rest beside it would report success while hg goes on without the extension. (An entry
            // of theirs that loads some vcstoken.py is their own set-up and is left as it is.)
            throw new ForeignEntry(ConfigureMessages.hgForeignEntry(hgrc.toString(), own, extensionFile.toString()));
        }
        boolean changed = doc.ensure(EXTENSIONS, EXTENSION_KEY, extensionFile.toString());
        changed |= doc.ensure(VCSTOKEN, COMMAND_KEY, helperCommand.toString());
        if (changed) {
            doc.write(target());
        }
        return changed;
    }

    /**
     * Removes exactly the lines {@link #configure()} added.
     *
     * @return whether the file changed; false when there was nothing of ours in it
     * @throws UncheckedIOException when the file cannot be read or written
     */
    public boolean unconfigure() {
        Path file = target();
        if (!Files.exists(file)) {
            return false;
        }
        Document doc = Document.read(file);
        boolean changed = doc.removeMarked();
        if (changed) {
            doc.write(file);
        }
        return changed;
    }

    private Path target() {
        // Rewriting a symlinked ~/.hgrc by rename would replace the link with a copy.
        try {
            return Files.isSymbolicLink(hgrc) ? hgrc.toRealPath() : hgrc;
        } catch (IOException e) {
            throw new UncheckedIOException(ConfigureMessages.cannotResolve(hgrc.toString()), e);
        }
    }

    private static void requireSingleLine(String name, Path value) {
        String text = value.toString();
        if (text.isEmpty() || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0 || text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(ConfigureMessages.notSingleLinePath(name, text));
        }
    }

    /**
     * The hgrc as lines that keep their own line endings. Text is held as ISO-8859-1 so
     * every byte survives a read/write round trip whatever the file's encoding; added text
     * is converted from UTF-8 into that form.
     */
    private static final class Document {
        private final List<String> lines;
        private final String newline;
        private final boolean existed;

        private Document(List<String> lines, String newline, boolean existed) {
            this.lines = lines;
            this.newline = newline;
            this.existed = existed;
        }

        static Document read(Path file) {
            if (!Files.exists(file)) {
                return new Document(new ArrayList<>(), "\n", false);
            }
            String text;
            try {
                text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                throw new UncheckedIOException(ConfigureMessages.cannotRead(file.toString()), e);
            }
            List<String> lines = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    lines.add(text.substring(start, i + 1));
                    start = i + 1;
                }
            }
            if (start < text.length()) {
                lines.add(text.substring(start));
            }
            String newline = text.contains("\r\n") ? "\r\n" : "\n";
            return new Document(lines, newline, true);
        }

        /**
         * Where {@code section.key} stands: the user's own line and ours (the one after a marker),
         * the last header of the section, and the line after which a new item goes.
         */
        private record Found(Integer userLine, Integer ourLine, int lastSectionStart, int insertAfter) {
        }

        private Found find(String section, String key) {
            Integer userLine = null;
            Integer ourLine = null;
            int lastSectionStart = -1;
            int insertAfter = -1;
            String current = "";
            boolean inItem = false;
            for (int i = 0; i < lines.size(); i++) {
                String body = body(lines.get(i));
                if (inItem && startsWithSpace(body) && !body.isBlank()) {
                    // A continuation line belongs to the item above it, as in Mercurial.
                    if (current.equals(section)) {
                        insertAfter = i;
                    }
                    continue;
                }
                if (inItem && isComment(body)) {
                    continue;
                }
                inItem = false;
                Matcher header = SECTION.matcher(body);
                if (header.matches()) {
                    current = header.group(1);
                    if (current.equals(section)) {
                        lastSectionStart = i;
                        insertAfter = i;
                    }
                    continue;
                }
                Matcher item = ITEM.matcher(body);
                if (EMPTY_OR_COMMENT.matcher(body).matches() || !item.matches()) {
                    continue;
                }
                inItem = true;
                if (!current.equals(section)) {
                    continue;
                }
                insertAfter = i;
                if (item.group(1).equals(key)) {
                    if (isMarker(i - 1)) {
                        ourLine = i;
                    } else {
                        userLine = i;
                    }
                }
            }
            return new Found(userLine, ourLine, lastSectionStart, insertAfter);
        }

        /** The value of the user's own (unmarked) item {@code key} in {@code section}, or null. */
        String userValue(String section, String key) {
            Integer line = find(section, key).userLine();
            if (line == null) {
                return null;
            }
            Matcher own = ITEM.matcher(body(lines.get(line)));
            return own.matches() ? own.group(2) : "";
        }

        /** Makes sure {@code section.key} is set by us or by the user; true if it edited. */
        boolean ensure(String section, String key, String value) {
            String encodedValue = fromUtf8(value);
            Found found = find(section, key);
            Integer ourLine = found.ourLine();
            int lastSectionStart = found.lastSectionStart();
            int insertAfter = found.insertAfter();
            if (found.userLine() != null) {
                return false;
            }
            String wanted = key + " = " + encodedValue;
            if (ourLine != null) {
                if (body(lines.get(ourLine)).equals(wanted)) {
                    return false;
                }
                lines.set(ourLine, wanted + ending(lines.get(ourLine)));
                return true;
            }
            if (lastSectionStart < 0) {
                terminateLastLine();
                lines.add(MARKER + newline);
                lines.add("[" + section + "]" + newline);
                lines.add(MARKER + newline);
                lines.add(wanted + newline);
                return true;
            }
            if (insertAfter == lines.size() - 1) {
                terminateLastLine();
            }
            lines.add(insertAfter + 1, MARKER + newline);
            lines.add(insertAfter + 2, wanted + newline);
            return true;
        }

        /** Removes marked items, then marked headers whose section is left empty. */
        boolean removeMarked() {
            boolean changed = false;
            String current = "";
            for (int i = 0; i < lines.size(); i++) {
                String body = body(lines.get(i));
                Matcher header = SECTION.matcher(body);
                if (header.matches()) {
                    current = header.group(1);
                    continue;
                }
                if (isMarker(i - 1) && isOurItem(current, body)) {
                    lines.remove(i);
                    lines.remove(i - 1);
                    i -= 2;
                    changed = true;
                }
            }
            for (int i = 0; i + 1 < lines.size(); i++) {
                if (isMarker(i) && isOurHeader(body(lines.get(i + 1))) && sectionIsEmpty(i + 2)) {
                    lines.remove(i + 1);
                    lines.remove(i);
                    i -= 1;
                    changed = true;
                }
            }
            return changed;
        }

        void write(Path file) {
            StringBuilder text = new StringBuilder();
            lines.forEach(text::append);
            byte[] bytes = text.toString().getBytes(StandardCharsets.ISO_8859_1);
            Path dir = file.toAbsolutePath().getParent();
            try {
                Files.createDirectories(dir);
                Set<PosixFilePermission> mode = existed ? permissionsOf(file) : null;
                Path temp = createPrivateTemp(dir, file.getFileName().toString());
                try {
                    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                        ByteBuffer buffer = ByteBuffer.wrap(bytes);
                        while (buffer.hasRemaining()) {
                            channel.write(buffer);
                        }
                        channel.force(true);
                    }
                    if (mode != null) {
                        Files.setPosixFilePermissions(temp, mode);
                    }
                    try {
                        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                    }
                } finally {
                    Files.deleteIfExists(temp);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(ConfigureMessages.cannotWrite(file.toString()), e);
            }
        }

        private static Path createPrivateTemp(Path dir, String name) throws IOException {
            boolean posix = Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
            for (int attempt = 0; ; attempt++) {
                Path temp = dir.resolve("." + name + ".vcstoken-" + ProcessHandle.current().pid() + "-" + attempt);
                try {
                    if (posix) {
                        return Files.createFile(temp, PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString("rw-------")));
                    }
                    return Files.createFile(temp);
                } catch (FileAlreadyExistsException e) {
                    if (attempt >= 100) {
                        throw e;
                    }
                }
            }
        }

        private static Set<PosixFilePermission> permissionsOf(Path file) throws IOException {
            if (!Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class)) {
                return null;
            }
            return Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        }

        private boolean sectionIsEmpty(int from) {
            for (int i = from; i < lines.size(); i++) {
                String body = body(lines.get(i));
                if (SECTION.matcher(body).matches() || isMarker(i)) {
                    return true;
                }
                if (!body.isBlank()) {
                    return false;
                }
            }
            return true;
        }

        private boolean isMarker(int index) {
            return index >= 0 && index < lines.size() && body(lines.get(index)).equals(MARKER);
        }

        private static boolean isOurItem(String section, String body) {
            Matcher item = ITEM.matcher(body);
            if (startsWithSpace(body) || !item.matches()) {
                return false;
            }
            return (section.equals(EXTENSIONS) && item.group(1).equals(EXTENSION_KEY))
                    || (section.equals(VCSTOKEN) && item.group(1).equals(COMMAND_KEY));
        }

        private static boolean isOurHeader(String body) {
            return body.equals("[" + EXTENSIONS + "]") || body.equals("[" + VCSTOKEN + "]");
        }

        private void terminateLastLine() {
            if (!lines.isEmpty()) {
                int last = lines.size() - 1;
                if (!lines.get(last).endsWith("\n")) {
                    lines.set(last, lines.get(last) + newline);
                }
            }
        }

        private static boolean isComment(String body) {
            return body.startsWith("#") || body.startsWith(";");
        }

        private static boolean startsWithSpace(String body) {
            return !body.isEmpty() && Character.isWhitespace(body.charAt(0));
        }

        private static String body(String line) {
            return line.substring(0, line.length() - ending(line).length());
        }

        private static String ending(String line) {
            if (line.endsWith("\r\n")) {
                return "\r\n";
            }
            return line.endsWith("\n") ? "\n" : "";
        }

        private static String fromUtf8(String value) {
            return new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        }
    }
}
