package org.vcstoken.hg;

/** Exit status and output of a finished child process. */
record ProcessResult(int exitCode, String stdout, String stderr) {

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
}
