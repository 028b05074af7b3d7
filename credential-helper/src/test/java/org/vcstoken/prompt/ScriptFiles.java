package org.vcstoken.prompt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Writes the small shell programs the tests use as askpass programs and browsers. */
final class ScriptFiles {
    private ScriptFiles() {
    }

    static Path executable(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    static Path fifo(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of("mkfifo", file.toString())).inheritIO().start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("mkfifo " + file + " failed");
        }
        return file;
    }

    /** A process is running when /proc lists it in a state other than zombie (exited, not yet reaped). */
    static boolean isRunning(long pid) throws IOException {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!Files.exists(stat)) {
            return false;
        }
        String text;
        try {
            text = Files.readString(stat);
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
        char state = text.charAt(text.lastIndexOf(')') + 2);
        return state != 'Z' && state != 'X';
    }

    static long pidIn(Path file) throws IOException {
        return Long.parseLong(Files.readString(file).trim());
    }
}
