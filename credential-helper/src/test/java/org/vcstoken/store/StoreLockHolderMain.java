package org.vcstoken.store;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Run in a child JVM by {@link TokenStoreTest}: holds the store lock, says "locked" on stdout, and
 * lets go when its stdin is closed.
 */
public final class StoreLockHolderMain {
    private StoreLockHolderMain() {
    }

    public static void main(String[] args) throws Exception {
        Path lock = Path.of(args[0]);
        try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = ch.lock()) {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our stdin
            }
        }
    }
}
