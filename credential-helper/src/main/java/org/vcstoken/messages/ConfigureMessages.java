package org.vcstoken.messages;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code vcstoken configure} and {@code unconfigure} say about the files of git, hg and svn
 * they change, and why they refuse to. None takes a secret.
 */
public final class ConfigureMessages {
    private ConfigureMessages() {
    }

    /** An hgrc line {@code vcstoken = …} that vcstoken did not write, and that turns the extension off. */
    public static String hgForeignEntry(String hgrc, String own, String extensionFile) {
        return hgrc + " already has 'vcstoken = " + own + "' under [extensions], not written by vcstoken, which turns "
                + "the extension off; change that line to 'vcstoken = " + extensionFile + "' or delete it, then run: "
                + "vcstoken configure --hg";
    }

    public static String cannotResolve(String file) {
        return "cannot resolve " + file;
    }

    public static String cannotRead(String file) {
        return "cannot read " + file;
    }

    public static String cannotWrite(String file) {
        return "cannot write " + file;
    }

    /** @param name the setting the path was given for ({@code extensionFile}) */
    public static String notSingleLinePath(String name, String path) {
        return name + " must be a non-empty single-line path: " + path;
    }

    // ---- what a failed part adds to the message that names only the file --------------------

    public static String becausePermissionDenied() {
        return " (permission denied)";
    }

    public static String becauseNoSuchFile(String file) {
        return " (no such file or directory: " + file + ")";
    }

    /** @param reason the system's words ("Is a directory") */
    public static String because(String reason) {
        return " (" + reason + ")";
    }

    // ---- configure -----------------------------------------------------------------------

    public static String gitNotOnPathSkipped() {
        return "git: not on PATH, skipped (run vcstoken configure --git after installing git)";
    }

    public static String hgConfigured(boolean changed, String hgrc) {
        return "hg: " + (changed ? "extension enabled" : "already configured") + " in " + hgrc;
    }

    public static String gitServerConfigured(String server) {
        return "git: " + server + " uses git-credential-vcstoken (useHttpPath on)";
    }

    public static String gitIncludeMoved(String file) {
        return "git: moved the include line to the end of " + file
                + ": a helper listed after it would also have been given the tokens";
    }

    public static String gitConfigured(boolean changed, String includeFile) {
        return "git: " + (changed ? "configured" : "already configured") + " through " + includeFile;
    }

    public static String hgExtensionNotFound() {
        return "cannot find the hg extension: run the installed vcstoken (install/install.sh) or set "
                + "VCSTOKEN_HG_EXTENSION to the path of vcstoken.py";
    }

    public static String hgExtensionMissing(String file) {
        return "the hg extension " + file + " is missing; reinstall with install/install.sh";
    }

    // ---- unconfigure ---------------------------------------------------------------------

    public static String gitUnconfigured(boolean changed) {
        return changed ? "git: vcstoken configuration removed" : "git: nothing to remove";
    }

    public static String gitNotOnPathNothingToRemove() {
        return "git: not on PATH, nothing to remove there";
    }

    public static String hgUnconfigured(boolean changed, String hgrc) {
        return changed ? "hg: vcstoken lines removed from " + hgrc : "hg: nothing to remove";
    }

    /** @param removed the files of svn's cache that were removed */
    public static String svnUnconfigured(List<Path> removed) {
        return removed.isEmpty() ? "svn: nothing to remove" : "svn: removed " + removed;
    }
}
