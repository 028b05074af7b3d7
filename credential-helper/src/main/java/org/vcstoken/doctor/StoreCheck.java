package org.vcstoken.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.function.Consumer;
import org.vcstoken.check.Check;
import org.vcstoken.check.Finding;
import org.vcstoken.messages.DoctorMessages;
import org.vcstoken.store.StoreData;
import org.vcstoken.store.StoreException;
import org.vcstoken.store.TokenStore;

/**
 * The store's directory is private, its file readable by its owner only, and it reads.
 *
 * @param read what reading the store gave, once for every check that needs its servers and tokens
 */
record StoreCheck(Path file, Read read) implements Check {
    /** The store as read for doctor: its data, or (with {@link StoreData#EMPTY}) why it could not be read. */
    record Read(StoreData data, String error) {
        static Read of(TokenStore store) {
            try {
                return new Read(store.read(), null);
            } catch (StoreException e) {
                return new Read(StoreData.EMPTY, e.getMessage());
            }
        }
    }

    @Override
    public String name() {
        return DoctorMessages.storeCheck();
    }

    @Override
    public void run(Consumer<Finding> report) {
        Path dir = file.getParent();
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Set<PosixFilePermission> perms = permissions(dir);
            boolean ok = perms != null && !perms.contains(PosixFilePermission.GROUP_WRITE)
                    && !perms.contains(PosixFilePermission.OTHERS_WRITE);
            report.accept(Finding.of(ok, DoctorMessages.storeDirectory(dir, ok), DoctorMessages.storeDirectoryFix(dir)));
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            Set<PosixFilePermission> perms = permissions(file);
            boolean ok = perms != null && perms.stream().noneMatch(p -> p.name().startsWith("GROUP")
                    || p.name().startsWith("OTHERS"));
            report.accept(Finding.of(ok, DoctorMessages.storeFile(file, ok), DoctorMessages.storeFileFix(file)));
        }
        if (read.error() == null) {
            report.accept(Finding.pass(DoctorMessages.storeRead(read.data().servers().size(), read.data().tokens().size())));
        } else {
            report.accept(Finding.fail(DoctorMessages.storeUnreadable(read.error()), DoctorMessages.storeUnreadableFix()));
        }
    }

    private static Set<PosixFilePermission> permissions(Path p) {
        try {
            return Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }
}
