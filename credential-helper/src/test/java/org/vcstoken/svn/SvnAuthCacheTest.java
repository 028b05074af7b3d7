package org.vcstoken.svn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SvnAuthCacheTest {
    /** A file Subversion 1.14.2 wrote itself (store-plaintext-passwords=yes), byte for byte. */
    static final String WRITTEN_BY_SVN = "K 8\npasstype\nV 6\nsimple\n"
            + "K 8\npassword\nV 40\na2e6cdcd01654928f8869a7e92f6ab67b9820b75\n"
            + "K 15\nsvn:realmstring\nV 34\n<http://127.0.0.1:41457> RhodeCode\n"
            + "K 8\nusername\nV 5\nadmin\nEND\n";

    @TempDir
    Path dir;

    @Test
    void encodesExactlyTheBytesSvnWrites() {
        byte[] ours = SvnAuthCache.encode("<http://127.0.0.1:41457> RhodeCode", "admin",
                "a2e6cdcd01654928f8869a7e92f6ab67b9820b75");

        assertThat(new String(ours, StandardCharsets.UTF_8)).isEqualTo(WRITTEN_BY_SVN);
    }

    @Test
    void namesTheFileAfterTheMd5OfTheRealmAsSvnDoes() {
        // svn named the file above 43ab188538d405a491aa434b64b46fc3.
        assertThat(new SvnAuthCache(dir).fileFor("<http://127.0.0.1:41457> RhodeCode").getFileName().toString())
                .isEqualTo("43ab188538d405a491aa434b64b46fc3");
    }

    @Test
    void lengthsCountBytesNotCharacters() {
        byte[] entry = SvnAuthCache.encode("<https://h:443> Zürich", "jörg", "t");

        assertThat(new String(entry, StandardCharsets.UTF_8)).contains("V 23\n<https://h:443> Zürich\n", "V 5\njörg\n");
        assertThat(SvnAuthCache.decode(entry)).containsEntry("svn:realmstring", "<https://h:443> Zürich")
                .containsEntry("username", "jörg").containsEntry("password", "t").containsEntry("passtype", "simple");
    }

    @Test
    void refusesBytesThatAreNotAnEntry() {
        assertThatThrownBy(() -> SvnAuthCache.decode("K 3\nabc\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writesOwnerOnlyFilesInOwnerOnlyDirectoriesAndLeavesNoTemporaryFile() throws Exception {
        SvnAuthCache cache = SvnAuthCache.inConfigDir(dir.resolve(".subversion"));

        cache.write("<https://h:443> R", SvnAuthCache.encode("<https://h:443> R", "u", "one"));
        cache.write("<https://h:443> R", SvnAuthCache.encode("<https://h:443> R", "u", "two"));

        Path file = cache.fileFor("<https://h:443> R");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.directory()))).isEqualTo("rwx------");
        assertThat(SvnAuthCache.decode(Files.readAllBytes(file))).containsEntry("password", "two");
        try (var files = Files.list(cache.directory())) {
            assertThat(files).containsExactly(file);
        }
        assertThat(cache.delete("<https://h:443> R")).isTrue();
        assertThat(file).doesNotExist();
    }
}
