package org.vcstoken.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vcstoken.token.Origin;

/**
 * The store on a file system other than the default one (the file system is injected): reads go
 * through a channel there instead of java.io, and must give what the default one gives.
 */
class TokenStoreOtherFileSystemTest {
    private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix().toBuilder()
            .setAttributeViews("basic", "owner", "posix", "unix").build());

    @AfterEach
    void close() throws Exception {
        fs.close();
    }

    @Test
    void writesAndReadsBothTheIndexedAndTheFullWay() throws Exception {
        Path dir = fs.getPath("/home/alice/.local/share/vcstoken");
        TokenStore store = StoreFixtures.store(dir, line -> { });
        store.update(d -> d.withToken(StoreFixtures.token("t1")).withToken(StoreFixtures.token("t2")));

        assertThat(store.read().tokens()).hasSize(2);
        assertThat(store.readFor(Origin.of("https", "example.com", -1)).tokens()).hasSize(2);
        assertThat(store.readFor(Origin.of("https", "other.example.com", -1)).tokens()).isEmpty();
        assertThat(StoreFixtures.mode(dir.resolve("store.json"))).isEqualTo("rw-------");
    }

    @Test
    void aSymbolicLinkInPlaceOfTheStoreIsRefused() throws Exception {
        Path dir = fs.getPath("/state");
        TokenStore store = StoreFixtures.store(dir, line -> { });
        store.update(d -> d.withToken(StoreFixtures.token("t1")));
        Path real = fs.getPath("/elsewhere.json");
        Files.move(dir.resolve("store.json"), real);
        Files.createSymbolicLink(dir.resolve("store.json"), real);

        assertThatThrownBy(store::read).isInstanceOf(StoreException.class).hasMessageContaining("symbolic link");
        List<String> names = new ArrayList<>();
        try (var files = Files.list(dir)) {
            files.forEach(p -> names.add(p.getFileName().toString()));
        }
        assertThat(names).contains("store.json");
    }
}
