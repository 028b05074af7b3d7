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
 * directory, replaced atomically; read exactly or refused ({@link #store}).
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

    /**
     * The chosen store, or {@code null} when there is no settings file. A person may edit the file,
     * so it is read exactly: one object holding {@code "store"} as a string, once, and nothing
     * else. Anything other than that is refused with what to change, never read as "no choice" and
     * then written over by the next {@code store use}.
     */
    String store() throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        String where = file.toString();
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
                JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException(SecretMessages.settingsNotAnObject(where));
            }
            String store = null;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (!"store".equals(name)) {
                    throw new IOException(SecretMessages.settingsUnknownField(where, name));
                }
                if (store != null) {
                    throw new IOException(SecretMessages.settingsDuplicateStore(where));
                }
                if (value != JsonToken.VALUE_STRING) {
                    throw new IOException(SecretMessages.settingsStoreNotAString(where));
                }
                store = p.getText();
            }
            if (p.nextToken() != null) {
                throw new IOException(SecretMessages.settingsTrailingData(where));
            }
            if (store == null) {
                throw new IOException(SecretMessages.settingsWithoutStore(where));
            }
            return store;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(SecretMessages.settingsNotJson(where));
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
