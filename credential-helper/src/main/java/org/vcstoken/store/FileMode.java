package org.vcstoken.store;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;

/**
 * A file's type and permission bits as {@code lstat} gives them ({@code st_mode}).
 *
 * <p>Read as the {@code unix:mode} attribute where the file system has it, rather than as
 * {@link PosixFileAttributes#permissions()}: that set is an {@code EnumSet}, whose first use reads
 * the enum's constants by reflection, which from JDK 18 on spins method handles: about 4 ms of a
 * credential lookup on JDK 25, for nine bits. Other file systems (jimfs in tests) are read through
 * the portable POSIX view (jimfs has a "unix" view too, but its mode holds no file type).
 */
record FileMode(int bits) {
    static final int TYPE = 0170000;
    static final int SYMBOLIC_LINK = 0120000;
    static final int DIRECTORY = 0040000;
    static final int REGULAR = 0100000;
    static final int GROUP_WRITE = 0020;
    static final int OTHERS_WRITE = 0002;
    static final int GROUP_ALL = 0070;
    static final int OTHERS_ALL = 0007;

    /** The mode of {@code p} itself (a symbolic link is not followed); NoSuchFileException when missing. */
    static FileMode of(Path p) throws IOException {
        if (p.getFileSystem() == FileSystems.getDefault()) {
            try {
                Object mode = Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                // The JDK gives st_mode whole; a value without a file type is not that, so not trusted.
                if (mode instanceof Integer bits && (bits & TYPE) != 0) {
                    return new FileMode(bits);
                }
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                // no "unix" view here (not Linux or macOS): the POSIX view below
            }
        }
        return fromPosix(Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    }

    static FileMode fromPosix(PosixFileAttributes a) {
        int bits = a.isSymbolicLink() ? SYMBOLIC_LINK : a.isDirectory() ? DIRECTORY : a.isRegularFile() ? REGULAR : 0;
        for (PosixFilePermission p : a.permissions()) {
            // The enum lists owner, group, others, each read, write, execute: bit 8 down to bit 0.
            bits |= 1 << (8 - p.ordinal());
        }
        return new FileMode(bits);
    }

    boolean isSymbolicLink() {
        return (bits & TYPE) == SYMBOLIC_LINK;
    }

    boolean isDirectory() {
        return (bits & TYPE) == DIRECTORY;
    }

    /** The nine rwx bits. */
    int permissions() {
        return bits & 0777;
    }
}
