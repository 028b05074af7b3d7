package org.vcstoken.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** st_mode as the store's checks read it: the same through unix:mode and through the POSIX view. */
class FileModeTest {
    @TempDir
    Path dir;

    private static FileMode posix(Path p) throws Exception {
        return FileMode.fromPosix(Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void everyPermissionPatternReadsAlikeBothWays() throws Exception {
        Path f = Files.createFile(dir.resolve("f"));
        for (int bits = 0; bits <= 0777; bits++) {
            StringBuilder rwx = new StringBuilder();
            for (int i = 8; i >= 0; i--) {
                rwx.append((bits & (1 << i)) == 0 ? '-' : "rwx".charAt((8 - i) % 3));
            }
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(rwx.toString()));
            FileMode m = FileMode.of(f);
            assertThat(m.permissions()).as(rwx.toString()).isEqualTo(bits);
            assertThat(m).as(rwx.toString()).isEqualTo(posix(f));
        }
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void typesAreTheEntryItselfNotWhatALinkPointsTo() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), sub);
        assertThat(FileMode.of(sub).isDirectory()).isTrue();
        assertThat(FileMode.of(sub).isSymbolicLink()).isFalse();
        assertThat(FileMode.of(link).isSymbolicLink()).isTrue();
        assertThat(FileMode.of(link).isDirectory()).isFalse();
        assertThat(FileMode.of(link)).isEqualTo(posix(link));
        assertThatThrownBy(() -> FileMode.of(dir.resolve("missing"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aFileSystemWithoutTheUnixViewIsReadThroughThePosixOne() throws Exception {
        FileSystem fs = Jimfs.newFileSystem(Configuration.unix().toBuilder().setAttributeViews("basic", "owner", "posix")
                .build());
        Path f = Files.createFile(fs.getPath("/f"));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        assertThat(FileMode.of(f).permissions()).isEqualTo(0640);
        assertThat(FileMode.of(fs.getPath("/")).isDirectory()).isTrue();
    }
}
