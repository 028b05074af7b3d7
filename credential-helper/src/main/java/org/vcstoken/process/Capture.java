package org.vcstoken.process;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * Collects what a child writes to one stream, up to a limit. A plain array rather than a
 * ByteArrayOutputStream, so that every copy of the output (which may be a secret, e.g. what
 * {@code pass show} prints) can be wiped. Once sealed it ignores writes: a pump thread left reading
 * a pipe that a stray grandchild holds open must not change a result already handed out.
 */
final class Capture extends OutputStream {
    private final int limit;
    private byte[] buf = new byte[256];
    private int count;
    private boolean sealed;
    private boolean overflowed;

    Capture(int limit) {
        this.limit = limit;
    }

    @Override
    public synchronized void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        if (sealed || overflowed) {
            return;
        }
        if (len > limit - count) {
            // The child keeps being drained (so it never blocks), but what it writes now is dropped.
            overflowed = true;
            return;
        }
        if (count + len > buf.length) {
            int size = (int) Math.min(limit, Math.max((long) count + len, 2L * buf.length));
            byte[] bigger = Arrays.copyOf(buf, size);
            Arrays.fill(buf, (byte) 0);
            buf = bigger;
        }
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    synchronized boolean overflowed() {
        return overflowed;
    }

    /** What was written, once; the internal copy is wiped. */
    synchronized byte[] seal() {
        sealed = true;
        byte[] result = Arrays.copyOf(buf, count);
        Arrays.fill(buf, (byte) 0);
        buf = new byte[0];
        count = 0;
        return result;
    }
}
