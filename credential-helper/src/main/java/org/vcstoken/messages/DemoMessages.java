package org.vcstoken.messages;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code vcstoken demo} says around its steps: how it ran, and what went wrong with the
 * sandbox it tours. Each flavor's own narration and expectations are its script, kept with it.
 */
public final class DemoMessages {
    private DemoMessages() {
    }

    public static String unknownFlavor(String flavor, List<String> flavors) {
        return "unknown --flavor '" + flavor + "'; use " + String.join(", ", flavors.subList(0, flavors.size() - 1))
                + " or " + flavors.get(flavors.size() - 1);
    }

    public static String notInstalled() {
        return "the demo runs the installed programs: install with install/install.sh --prefix DIR, then run "
                + "DIR/bin/vcstoken demo";
    }

    public static String sandboxMissing(Path launcher) {
        return launcher + " is missing; reinstall with install/install.sh (it installs the sandbox when sandbox/target "
                + "holds its jar)";
    }

    public static String stepSkipped(String step, String why) {
        return "==> " + step + ": skipped (" + why + ")";
    }

    public static String stepOk() {
        return "    ok";
    }

    public static String stepFailed() {
        return "    FAILED";
    }

    public static String allOk(int steps, Path tmp) {
        return "demo: all " + steps + " steps ok; the sandbox is stopped and " + tmp + " removed";
    }

    public static String failedStep(int step, String why) {
        return "demo step " + step + " failed: " + why;
    }

    public static String sandboxLogHeading() {
        return "sandbox log (last lines):";
    }

    /** One line of the sandbox's log, indented under {@link #sandboxLogHeading()}. */
    public static String sandboxLogLine(String line) {
        return "  " + line;
    }

    public static String notRemoved(Path tmp, String why) {
        return "could not remove " + tmp + " completely (" + why + "); remove it with: rm -rf " + tmp;
    }

    // ---- the sandbox ----------------------------------------------------------------------

    public static String sandboxExited() {
        return "the sandbox exited";
    }

    public static String sandboxSlow() {
        return "the sandbox did not start within 90 s (see its log below)";
    }

    public static String sandboxDied() {
        return "the sandbox did not start: it exited (see its log below)";
    }

    public static String sandboxInterrupted() {
        return "interrupted while the sandbox started";
    }

    public static String notAnObject(Path file) {
        return file + " is not a JSON object";
    }

    /** @param call the method, or method and path, called */
    public static String callInterrupted(String call) {
        return "interrupted while calling the sandbox's " + call;
    }

    /** @param said what the sandbox said, masked and shortened, or empty */
    public static String callStatus(String call, int status, String said) {
        return "the sandbox answered " + call + " with HTTP " + status + (said.isEmpty() ? "" : ": " + said);
    }

    public static String callRefused(String method, String error) {
        return "the sandbox refused " + method + ": " + error;
    }

    public static String noJsonList(String path) {
        return "the sandbox answered GET " + path + " with no JSON list";
    }

    public static String noJsonObject(String call) {
        return "the sandbox answered " + call + " with no JSON object";
    }
}
