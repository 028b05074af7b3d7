package org.vcstoken.secret;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.vcstoken.messages.SecretMessages;

/**
 * {@code settings.json} in vcstoken's config directory: {@code {"store":"pass"}}, 0600 in a 0700
 * directory, replaced atomically. Unknown fields are ignored when reading.
 */
final class Settings {
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final JsonFactory JSON = new JsonFactory();

    private final Path file;

    Settings(Path configDir) {
        this.file = configDir.resolve("settings.json");
    }

    Path file() {
        return file;
    }

    /** The chosen store, or {@code null} when none was chosen (or the file is unreadable: then the default applies). */
    String store() throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
                JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException(SecretMessages.settingsNotAnObject(file.toString()));
            }
            String store = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals("store") && v == JsonToken.VALUE_STRING) {
                    store = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            return store;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(SecretMessages.settingsNotJson(file.toString()));
        }
    }

    void setStore(String name) throws IOException {
        Path dir = file.getParent();
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
            Files.setPosixFilePermissions(dir, DIR_MODE);
        }
        Path tmp = Files.createTempFile(dir, ".settings-", ".tmp", PosixFilePermissions.asFileAttribute(FILE_MODE));
        try {
            Files.setPosixFilePermissions(tmp, FILE_MODE);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                    OutputStream out = Channels.newOutputStream(ch);
                    JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
                g.writeStartObject();
                g.writeStringField("store", name);
                g.writeEndObject();
                g.flush();
                out.write('\n');
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException(SecretMessages.settingsNotAtomic(file.toString()), e);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
