package org.vcstoken.doctor;

/** Words of a command a person is told to run, quoted for a POSIX shell where they need it. */
final class Shell {
    private Shell() {
    }

    static String quote(String word) {
        return !word.isEmpty() && word.matches("[A-Za-z0-9_./:@%+=,-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
