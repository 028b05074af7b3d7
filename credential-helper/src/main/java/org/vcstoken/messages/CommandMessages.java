package org.vcstoken.messages;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What vcstoken's commands print and the errors they stop with: the lines of {@code server},
 * {@code token}, {@code store}, {@code login}, {@code renew}, {@code clone}, {@code env},
 * {@code doctor} and the rest. Errors say what to change; none takes a secret.
 */
public final class CommandMessages {
    private CommandMessages() {
    }

    public static String nameAServerCommand() {
        return "name a server command: add, list, remove or import-rhoderc; see: vcstoken server --help";
    }

    public static String nameAStoreCommand() {
        return "name a store command: status, use, migrate or rewrite; see: vcstoken store --help";
    }

    public static String nameATokenCommand() {
        return "name a token command: add, list, remove or check; see: vcstoken token --help";
    }

    public static String nameACommand() {
        return "name a command; see: vcstoken --help";
    }

    /** A failure nobody foresaw: its type, and how to learn more. */
    public static String unexpected(String what) {
        return "unexpected " + what + "; run again with VCSTOKEN_TRACE=1 for details";
    }

    private static String expiry(Instant expires) {
        return expires == null ? "never" : expires.toString();
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    // ---- server --------------------------------------------------------------------------

    public static String noServerProfilesYet() {
        return "no server profiles yet; add one with: vcstoken server add URL --user NAME (then run configure again)";
    }

    public static String unknownServerKind(String kind, List<String> known) {
        return "unknown server kind '" + kind + "'; use one of: " + String.join(", ", known);
    }

    public static String lifetimeNeeded() {
        return "tokens vcstoken creates need a lifetime; use e.g. 30d";
    }

    public static String renewBeforeNeeded() {
        return "--renew-before needs a duration such as 3d; tokens that never expire are never renewed anyway";
    }

    /**
     * @param kind   the server family's name
     * @param reason the family's reason for its maximum
     * @param most   the maximum, as a lifetime is written ("365d")
     */
    public static String lifetimeTooLong(String lifetime, String kind, String reason, String most) {
        return "--lifetime " + lifetime + " is longer than " + kind + " accepts: " + reason + "; use at most " + most;
    }

    public static String serverSaved(boolean existed, String server) {
        return (existed ? "updated server " : "added server ") + server;
    }

    public static String kindDetected(String kind, String evidence) {
        return "detected kind " + kind + ": " + evidence;
    }

    public static String noServers() {
        return "no servers; add one with: vcstoken server add URL --user NAME";
    }

    public static String serverRemoved(String server, long tokens) {
        return "removed server " + server + " and " + plural(tokens, "token");
    }

    // ---- token ---------------------------------------------------------------------------

    public static String expiryInPast(Instant expires) {
        return "the expiry " + expires + " is in the past; a token that has expired cannot be used";
    }

    /** @param repo the repository it is limited to, or null for a server-wide token */
    public static String tokenAdded(String tokenId, String server, String repo, String user, Instant expires) {
        return "added token " + tokenId + " for " + server
                + (repo == null ? " (server-wide)" : " (repository " + repo + ")")
                + ", user " + user + ", expires " + expiry(expires);
    }

    public static String roleOpensNothing(String role) {
        return "role " + role + " cannot open repositories; git, hg and svn will not be given this token";
    }

    public static String stdinTokenUnusable(String why) {
        return "the token on standard input is not usable: " + why;
    }

    public static String noTokens() {
        return "no tokens; add one with: vcstoken token add URL --user NAME";
    }

    /** The footnote of {@code token list} for the "(vcstoken)" mark beside an expiry. */
    public static String enforcedExpiryNote() {
        return "(vcstoken): an expiry vcstoken enforces; the server would keep the token forever, "
                + "so vcstoken stops using it then and deletes it on the server when it replaces it";
    }

    public static String tokenRemoved(String tokenId) {
        return "removed token " + tokenId;
    }

    public static String badUrl(String why) {
        return "bad URL: " + why;
    }

    // ---- token check ---------------------------------------------------------------------

    public static String checkOfServerFailed(String server, String why) {
        return "token check of " + server + ": " + why;
    }

    /** Why {@code token check} marks a token rejected or leaves it unchecked: after "token ID for URL: ". */
    public static String checkExpired(String expires, boolean vcstokensLifetime) {
        return "expired at " + expires + (vcstokensLifetime ? " (vcstoken's lifetime)" : "");
    }

    public static String checkDeletedOnServer() {
        return "deleted on the server";
    }

    public static String checkInactiveInListing() {
        return "revoked or expired on the server";
    }

    public static String checkRefusedOnInspection() {
        return "refused by the server (revoked, expired or deleted)";
    }

    public static String checkRefusedOnRepository() {
        return "refused by the server";
    }

    public static String checkApiTokenOfOther(String owner, String user) {
        return "the server accepts it, but it is " + owner + "'s API token, not " + user + "'s; store one of "
                + user + "'s instead (vcstoken login --api URL)";
    }

    public static String checkNoSuchRepository(String repo) {
        return "the server has no repository " + repo + " (renamed or deleted?), or answers that before looking at "
                + "the token";
    }

    public static String checkNoApiToken(String server) {
        return "server-wide, and there is no API token for " + server + " to ask with (store one with: vcstoken "
                + "login --api " + server + ")";
    }

    public static String listingFailed(String server, String why) {
        return "token check of " + server + ": cannot list the account's tokens (" + why
                + "); checking each token on its own";
    }

    public static String checkRetired(String tokenId, String server, String page) {
        return "token " + tokenId + " for " + server + ": retired (replaced, still valid on the server); delete it at "
                + page + ", then: vcstoken token remove " + tokenId;
    }

    /** @param target the server, or server/repository, to renew */
    public static String checkPastLifetime(String tokenId, String server, Instant expires, String target) {
        return "token " + tokenId + " for " + server + ": past vcstoken's lifetime (" + expires + "), never handed "
                + "out; the server still takes it until it is replaced: vcstoken renew " + target;
    }

    public static String checkOfTokenFailed(String tokenId, String why) {
        return "token " + tokenId + ": " + why;
    }

    public static String checkRejected(String tokenId, String server, String why) {
        return "token " + tokenId + " for " + server + ": " + why + "; marked rejected";
    }

    public static String checkNotChecked(String tokenId, String server, String why) {
        return "token " + tokenId + " for " + server + ": not checked: " + why;
    }

    public static String checkOkUpdated(String tokenId, String server, Instant expires) {
        return "token " + tokenId + " for " + server + ": ok; the server says it expires " + expiry(expires)
                + " (updated)";
    }

    public static String checkOk(String tokenId, String server) {
        return "token " + tokenId + " for " + server + ": ok";
    }

    public static String nothingToCheck() {
        return "no tokens to check";
    }

    // ---- store ---------------------------------------------------------------------------

    /** @param source where the choice comes from (VCSTOKEN_STORE, the settings file, the default) */
    public static String secretsGoTo(String store, String source) {
        return "new secrets go to: " + store + " (" + source + ")";
    }

    public static String noStoreToRewrite(Path file) {
        return "no store yet at " + file + "; nothing to rewrite";
    }

    public static String rewrote(Path file, int tokens) {
        return "rewrote " + file + " (" + tokens + " tokens)";
    }

    public static String storeChosen(String store) {
        return "new secrets go to the " + store + " store";
    }

    public static String migrated(int moved, String store, int already) {
        return "moved " + plural(moved, "secret") + " to the " + store + " store (" + already + " already there)";
    }

    public static String notMigrated(String what) {
        return "not moved: " + what;
    }

    public static String migrateAgain(String store) {
        return "fix the stores named above and run again: vcstoken store migrate --to " + store;
    }

    /** @param value what VCSTOKEN_STORE says */
    public static String storeOverridden(String value, String chosen) {
        return "VCSTOKEN_STORE=" + value + " is set and overrides this choice for processes that see it; unset it to use "
                + chosen;
    }

    // ---- login, renew, clone -------------------------------------------------------------

    public static String unknownVcs(String vcs) {
        return "unknown --vcs '" + vcs + "'; use git, hg or svn";
    }

    /** @param api whether it is an API token; @param repo its repository, or null when server-wide */
    public static String loginStored(boolean api, String tokenId, String server, String repo, String user,
            Instant expires) {
        return "stored " + (api ? "API token " : "token ") + tokenId + " for " + server
                + (api ? "" : repo == null ? " (server-wide)" : " (repository " + repo + ")") + ", user " + user
                + ", expires " + expiry(expires);
    }

    public static String noTokenCreated(String why) {
        return "no token created: " + why;
    }

    /** @param what the command ("vcstoken login") that would have asked */
    public static String creationNeedsPrompt(String what, String reason) {
        return what + " needs a terminal or an askpass program, and prompting is off (" + reason + "); store a token "
                + "instead with: printf '%s\\n' \"$TOKEN\" | vcstoken token add URL --user NAME";
    }

    public static String userNameEmpty() {
        return "the user name is empty";
    }

    public static String userNameInvalid() {
        return "the user name may not contain ':' or control characters";
    }

    /** @param url the server or repository asked for, or null when renew was run for every due token */
    public static String nothingToRenew(String url) {
        return url == null ? "nothing to renew: no token is expiring, expired or rejected"
                : "no token stored for " + url + "; create one with: vcstoken login " + url;
    }

    public static String replacedMeanwhile(String tokenId) {
        return tokenId + " was replaced meanwhile by another vcstoken process";
    }

    /** @param newId the new token's id, or null when it kept the old one's */
    public static String renewed(String tokenId, String newId, Instant expires) {
        return "renewed " + tokenId + (newId == null ? "" : " as " + newId) + ", expires " + expiry(expires);
    }

    public static String renewFailed(String tokenId, String why) {
        return "could not renew " + tokenId + ": " + why;
    }

    public static String depthTooSmall(int depth) {
        return "--depth must be 1 or more, got " + depth;
    }

    public static String cloneUrlNamesNoRepository() {
        return "the URL names no repository; use https://host/group/repo";
    }

    public static String cloneDestinationTaken(Path target) {
        return "destination " + target + " already exists and is not empty; name another DIR";
    }

    public static String cloned(String url, Path target) {
        return "cloned " + url + " into " + target;
    }

    public static String clonedUnconfirmed(String why) {
        return "cloned, but could not record the token as working: " + why;
    }

    public static String cloneAuthFailed() {
        return "authentication failed (no usable token, or the server refused it; see vcstoken token list)";
    }

    /** @param branch the branch asked for, or null */
    public static String cloneNotFound(String branch) {
        return "not found (check the URL" + (branch == null ? "" : " and the branch " + branch) + ")";
    }

    public static String cloneUnreachable() {
        return "the server cannot be reached (check the host, the port and the network)";
    }

    public static String cloneFailedOtherwise() {
        return "failed";
    }

    /** @param what one of the clone* texts above; @param reason the failure's own words */
    public static String cloneFailed(String url, String what, String reason) {
        return "clone of " + url + ": " + what + ": " + reason;
    }

    /** The end of one of git's progress tasks, as git prints it ("Receiving objects: 12, done."). */
    public static String progressDone(String task, int done) {
        return task + ": " + done + ", done.";
    }

    // ---- env, doctor ---------------------------------------------------------------------

    public static String envNoServer() {
        return "no server to enable: set VCSTOKEN_URL (with VCSTOKEN_TOKEN) or add one with: "
                + "vcstoken server add URL --user NAME";
    }

    public static String gitConfigCountInvalid(String count) {
        return "GIT_CONFIG_COUNT is '" + count + "', not a count; unset it or fix it";
    }

    public static String noSuchDirectory(Path directory) {
        return "-C " + directory + ": no such directory";
    }

    public static String doctorSummary(int failures) {
        return failures == 0 ? "doctor: all checks passed"
                : "doctor: " + failures + (failures == 1 ? " check failed" : " checks failed");
    }

    /** One finding of doctor: "ok   what", or "FAIL what" with the fix on the next line. */
    public static String doctorFinding(boolean ok, String what, String fix) {
        return (ok ? "ok   " : "FAIL ") + what + (ok || fix == null ? "" : "\n       fix: " + fix);
    }

    // ---- git-credential-vcstoken ---------------------------------------------------------

    /** {@code git-credential-vcstoken --help}, wrapped by hand at 80 columns as vcstoken's own help is. */
    public static String gitHelperUsage() {
        return """
                usage: git-credential-vcstoken get|store|erase

                A git credential helper that answers with vcstoken's scoped, expiring tokens.

                git runs it with its request on standard input. get answers with the best
                stored token for the repository, or offers to create one when none fits a
                configured server; store records that the credentials worked (a password
                typed at git's own prompt is kept as a token); erase records that the server
                refused them, so that token is never handed out again. Other actions are
                ignored, as git's protocol asks.

                Enable it for every server profile with: vcstoken configure --git
                Everything else: vcstoken --help
                """;
    }
}
