package org.vcstoken.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Everything a pseudo-terminal showed so far; waiting is on a monitor, never a sleep. */
public final class Screen {
    private final Duration step;

    private final StringBuilder text = new StringBuilder();
    private boolean ended;

    public Screen(InputStream in, Duration step) {
        this.step = step;
        Thread reader = new Thread(() -> pump(in), "pty-screen");
        reader.setDaemon(true);
        reader.start();
    }

    private void pump(InputStream in) {
        byte[] buf = new byte[4096];
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            append("\n[screen read failed: " + e + "]");
        }
        synchronized (this) {
            ended = true;
            notifyAll();
        }
    }

    private synchronized void append(String s) {
        text.append(s);
        notifyAll();
    }

    public synchronized String awaitText(String expected, int occurrences) throws InterruptedException {
        long deadline = System.nanoTime() + step.toNanos();
        while (count(text.toString(), expected) < occurrences) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0 || ended) {
                throw new AssertionError("the terminal never showed " + expected + "; it showed:\n" + text);
            }
            wait(left);
        }
        return text.toString();
    }

    public synchronized String awaitEnd() throws InterruptedException {
        long deadline = System.nanoTime() + step.toNanos();
        while (!ended) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new AssertionError("the terminal never closed; it showed:\n" + text);
            }
            wait(left);
        }
        return text.toString();
    }

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    /** Everything shown so far. */
    public synchronized String text() {
        return text.toString();
    }
}
