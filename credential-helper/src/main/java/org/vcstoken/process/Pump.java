package org.vcstoken.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Copies one of a child's streams on a daemon thread, for {@link Direct}: a pipe must be drained
 * while the child runs (or a chatty child blocks), and a daemon thread never keeps vcstoken's JVM
 * alive. A subclass of Thread rather than a lambda, which would cost the get path a class spun at
 * run time.
 */
final class Pump extends Thread {
    private final InputStream from;
    private final OutputStream to;
    private final boolean closeWhenDone;

    Pump(InputStream from, OutputStream to, boolean closeWhenDone, String name) {
        super(name);
        this.from = from;
        this.to = to;
        this.closeWhenDone = closeWhenDone;
        setDaemon(true);
    }

    @Override
    public void run() {
        byte[] buf = new byte[8192];
        try {
            for (int n = from.read(buf); n >= 0; n = from.read(buf)) {
                to.write(buf, 0, n);
            }
            to.flush();
        } catch (IOException e) {
            // The child closed its end (it exited, or stopped reading its input): nothing more to copy.
        } finally {
            Arrays.fill(buf, (byte) 0);
            if (closeWhenDone) {
                try {
                    to.close();
                } catch (IOException e) {
                    // The child is gone; its standard input needs no orderly end.
                }
            }
        }
    }
}
