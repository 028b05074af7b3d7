package org.vcstoken.messages;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * What {@code vcstoken doctor} finds, check by check: each check's name, each finding's line
 * ({@code what}), and for a failure its fix (the command to run or the setting to change).
 * Findings name token ids, files, URLs and realms, never a secret. A server family's own checks
 * word their findings in the family's {@code *Messages} class.
 */
public final class DoctorMessages {
    private DoctorMessages() {
    }

    /** A check that threw: doctor reports it as one failure and goes on with the others. */
    public static String checkBroke(String check, String exception) {
        return check + ": the check itself failed (" + exception + ")";
    }

    public static String checkBrokeFix() {
        return "run again with VCSTOKEN_TRACE=1 for details, and report it";
    }

    // ---- java ----------------------------------------------------------------------------

    public static String javaCheck() {
        return "java";
    }

    public static String javaVersion(int feature) {
        return "java: " + feature + " (vcstoken needs 17 or newer)";
    }

    public static String javaFix() {
        return "install JDK 17+, then reinstall with: install/install.sh --java /path/to/java";
    }

    // ---- helper --------------------------------------------------------------------------

    public static String helperCheck() {
        return "helper";
    }

    /** @param helper the helper VCSTOKEN_GIT_HELPER names */
    public static String helperConfigured(String helper, boolean runs) {
        return "helper: " + helper + (runs ? " is executable" : " is missing or not executable");
    }

    public static String helperConfiguredFix() {
        return "reinstall with install/install.sh, or unset VCSTOKEN_GIT_HELPER";
    }

    public static String helperOnPath(boolean onPath) {
        return "helper: git-credential-vcstoken " + (onPath ? "is on PATH" : "is not on PATH");
    }

    public static String helperOnPathFix() {
        return "add vcstoken's bin directory to PATH, e.g. export PATH=\"$HOME/.local/bin:$PATH\"";
    }

    // ---- installation and its start-up archives ------------------------------------------

    public static String installationCheck() {
        return "installation";
    }

    public static String buildTree() {
        return "installation: a build tree (not run through an installed launcher; no start-up archives)";
    }

    public static String installedDeb(String prefix) {
        return "installation: the vcstoken .deb package, in " + prefix;
    }

    public static String installedArchive(String prefix) {
        return "installation: an unpacked vcstoken archive, at " + prefix;
    }

    public static String installedSource(String prefix) {
        return "installation: a source install (install/install.sh), in " + prefix;
    }

    public static String remakeArchivesDeb() {
        return "reinstall the package: apt-get install --reinstall vcstoken (or the .deb file)";
    }

    public static String remakeArchivesArchive() {
        return "unpack the archive again (tar keeps the files' times)";
    }

    public static String remakeArchivesSource(String prefix) {
        return "reinstall to rebuild them: install/install.sh --prefix " + prefix;
    }

    /** @param record the archive-build file install.sh writes */
    public static String archiveRecordMissing(Path record) {
        return "start-up archives: " + record + " is missing (an older install)";
    }

    /**
     * Some of the archives, or the record of the java they were made for, are missing.
     *
     * @param helperArchive whether the helper's archive is there
     * @param cliArchive    whether the vcstoken command's archive is there
     */
    public static String archivesMissing(boolean helperArchive, boolean cliArchive, Path lib) {
        String which = !helperArchive && !cliArchive ? "the helper's and the vcstoken command's archives are"
                : !helperArchive ? "the helper's archive is" : !cliArchive ? "the vcstoken command's archive is"
                : "the record of the java they were made for is";
        return "start-up archives: " + which + " missing in " + lib + " (they start slower)";
    }

    public static String archivesForOtherJava(Path madeFor, Path runningJava) {
        return "start-up archives: made for " + madeFor + ", but vcstoken runs on " + runningJava
                + " (VCSTOKEN_JAVA?); the launchers use them only with the java they were made for";
    }

    public static String archivesForOtherJavaSourceFix(String prefix, Path runningJava) {
        return "unset VCSTOKEN_JAVA, or reinstall for this java: install/install.sh --prefix " + prefix + " --java "
                + runningJava;
    }

    public static String archivesForOtherJavaPackageFix() {
        return "unset VCSTOKEN_JAVA: the package runs on its own runtime";
    }

    public static String archivesBuildNotRecorded(Path madeFor) {
        return "start-up archives: made for " + madeFor + " (its build is not recorded)";
    }

    /**
     * Whether the JDK build the archives were made for is the one installed now.
     *
     * @param builtFor the build they were made for, as the JDK's release file says it
     * @param java     the java they were made for
     * @param nowBuild the build that java is now, "" when unknown or gone
     */
    public static String archivesBuild(boolean same, String builtFor, Path java, String nowBuild) {
        return "start-up archives: made for " + jdk(builtFor) + (same ? ", the JDK in use"
                : ", but " + java + " is now " + (nowBuild.isEmpty() ? "unknown or gone" : jdk(nowBuild))
                        + "; the launchers run without them, slower");
    }

    public static String archivesUnused(Path lib) {
        return "start-up archives: this run could not use them: the jars or the runtime in " + lib
                + " changed since they were made (copied without their files' times?); the launchers start slower";
    }

    private static String jdk(String build) {
        return "JDK " + build.replace("\"", "");
    }

    // ---- store ---------------------------------------------------------------------------

    public static String storeCheck() {
        return "store";
    }

    public static String storeDirectory(Path dir, boolean isPrivate) {
        return "store directory " + dir + (isPrivate ? " is private" : " can be written by others");
    }

    public static String storeDirectoryFix(Path dir) {
        return "chmod 700 " + dir;
    }

    public static String storeFile(Path file, boolean isPrivate) {
        return "store " + file + (isPrivate ? " is readable by you only (0600)" : " can be read by other users");
    }

    public static String storeFileFix(Path file) {
        return "chmod 600 " + file;
    }

    public static String storeRead(int servers, int tokens) {
        return "store: " + servers + " server(s), " + tokens + " token(s)";
    }

    public static String storeUnreadable(String detail) {
        return "store: " + detail;
    }

    public static String storeUnreadableFix() {
        return "see the message above";
    }

    // ---- servers -------------------------------------------------------------------------

    public static String serversCheck() {
        return "servers";
    }

    /** @param baseUrl the profile's base URL, or null when no profile serves {@code url} */
    public static String profileFor(String url, String baseUrl) {
        return "server profile for " + url + (baseUrl != null ? ": " + baseUrl : ": none");
    }

    public static String profileForFix(String origin) {
        return "vcstoken server add " + origin + " --user NAME";
    }

    public static String serversConfigured(int count) {
        return "servers: " + count + " configured";
    }

    public static String serversConfiguredFix() {
        return "vcstoken server add https://your-server --user NAME";
    }

    // ---- git -----------------------------------------------------------------------------

    public static String gitCheck() {
        return "git";
    }

    public static String gitNotInstalled() {
        return "git: not installed; git configuration not checked";
    }

    public static String helperOrderCheck() {
        return "git helper order";
    }

    public static String gitConfigUnreadable(String detail) {
        return "git config: " + detail;
    }

    /** @param gitFailed whether git ran and refused (a file it cannot read), not that it did not run */
    public static String gitConfigUnreadableFix(boolean gitFailed) {
        return gitFailed ? "correct the file git names (git config --list shows what git can read)" : "check that git runs";
    }

    /** @param helpers the credential helpers git runs for the server, in its order */
    public static String helpers(String server, List<String> helpers, boolean endWithOurs) {
        return "git: " + server + " helpers " + (helpers.isEmpty() ? "(none)" : helpers)
                + (endWithOurs ? " end with vcstoken's" : " do not end with vcstoken's");
    }

    public static String configureGit() {
        return "vcstoken configure --git";
    }

    /**
     * The fix for helpers after vcstoken's.
     *
     * @param named    each such helper, as {@link #helperIn} says it
     * @param remedies how to take each out of the way, without repeats
     */
    public static String helpersAfterOurs(List<String> named, Collection<String> remedies) {
        return "a helper configured after vcstoken's is handed every token vcstoken gives out (git's store): "
                + String.join(", ", named) + "; " + String.join("; ", remedies);
    }

    /** @param where as {@link #settingIn} says it */
    public static String helperIn(String helper, String where) {
        return "'" + helper + "' in " + where;
    }

    /**
     * The fix for an empty helper setting that clears vcstoken's.
     *
     * @param then the fix for the helpers left after it, or null when there are none
     */
    public static String emptyHelperClearsOurs(String where, String remedy, String then) {
        return "an empty credential helper in " + where + " clears vcstoken's: " + remedy
                + (then == null ? "" : "; then: " + then);
    }

    /** Where git read a setting: the file and git's scope, or (file null) its command line. */
    public static String settingIn(Path file, String scope) {
        return file == null ? "git's command line (git -c, GIT_CONFIG_PARAMETERS or GIT_CONFIG_COUNT)"
                : file + " (" + scope + ")";
    }

    public static String leaveOffCommandLine(String key) {
        return "leave " + key + " out of git -c and GIT_CONFIG_PARAMETERS/GIT_CONFIG_COUNT";
    }

    /** The fix for a helper in a global file, which configure --git moves vcstoken's include after. */
    public static String moveOursLast() {
        return "run: vcstoken configure --git (it moves vcstoken's include after every global helper)";
    }

    /**
     * How to remove a setting from its file; the words come quoted for the shell.
     *
     * @param emptyValue whether the setting is an empty one (a reset of the list), which is no helper to keep
     */
    public static String removeSetting(String file, String key, String value, boolean emptyValue) {
        return "remove it there: git config --file " + file + " --fixed-value --unset-all " + key + " " + value
                + (emptyValue ? "" : " (or keep it for the servers it is for only, under [credential \"https://…\"])");
    }

    public static String useHttpPathCheck() {
        return "git useHttpPath";
    }

    public static String useHttpPath(String server, boolean on) {
        return "git: " + server + " useHttpPath " + (on ? "on" : "off: per-repository tokens cannot work");
    }

    public static String useHttpPathFix(String server) {
        return "vcstoken configure --git (or: git config --global credential." + server + ".useHttpPath true)";
    }

    // ---- hg ------------------------------------------------------------------------------

    public static String hgCheck() {
        return "hg";
    }

    /** @param configured what hg says the extension is loaded from */
    public static String hgExtension(boolean enabled, String configured) {
        return "hg: extension vcstoken " + (enabled ? "enabled (" + configured + ")" : "not enabled");
    }

    public static String hgExtensionFix() {
        return "vcstoken configure --hg";
    }

    public static String hgFailed(String detail) {
        return "hg: " + detail;
    }

    public static String hgFailedFix() {
        return "check that hg runs";
    }

    // ---- svn -----------------------------------------------------------------------------

    public static String svnCheck() {
        return "svn";
    }

    public static String svnNotConfigured() {
        return "svn: installed, not configured (server-wide tokens for plain svn: vcstoken configure --svn;"
                + " repository tokens: vcstoken svn ARGS)";
    }

    public static String svnCurrent(String server, String realm, String tokenId) {
        return "svn: " + server + " realm '" + realm + "': the cache entry holds token " + tokenId;
    }

    public static String svnStale(String server, String realm) {
        return "svn: " + server + " realm '" + realm + "': the cache entry is missing or holds an old token";
    }

    public static String configureSvn() {
        return "vcstoken configure --svn";
    }

    public static String svnNoToken(String server) {
        return "svn: " + server + ": no usable server-wide token, so plain svn will prompt";
    }

    public static String svnNoTokenFix(String server) {
        return "store one (vcstoken token add " + server + " --user NAME) or use: vcstoken svn ARGS";
    }

    public static String svnForeign(String server, String realm) {
        return "svn: " + server + " realm '" + realm + "': svn uses its own cached password there, not vcstoken's token";
    }

    public static String svnForeignFix(String realm) {
        return "svn auth --remove '" + realm + "' && vcstoken configure --svn";
    }

    public static String svnUncheckable(String detail) {
        return "svn: cannot check the cache entries: " + detail;
    }

    // ---- server --------------------------------------------------------------------------

    public static String serverCheck() {
        return "server";
    }

    /** What doctor was doing when its one request to the server failed, for {@code ServerMessages}. */
    public static String reaching(String server) {
        return "reaching " + server;
    }

    public static String unreachable(String server, String detail) {
        return server + ": not reachable: " + detail;
    }

    public static String unreachableFix() {
        return "check the URL (vcstoken server list), that the server runs, and the network or proxy";
    }

    public static String reachable(String server, int status) {
        return server + ": reachable (HTTP " + status + ")";
    }

    public static String noDateHeader(String server) {
        return server + ": sends no Date header; clock skew not checked";
    }

    public static String unreadableDateHeader(String server) {
        return server + ": unreadable Date header; clock skew not checked";
    }

    public static String clock(String server, boolean agrees, long skewSeconds, long allowedSeconds) {
        return server + ": clock " + (agrees ? "agrees with the server's" : "differs from the server's by "
                + skewSeconds + " s") + " (allowed: " + allowedSeconds + " s)";
    }

    public static String clockFix() {
        return "set this machine's clock (e.g. enable NTP: timedatectl set-ntp true); expiry checks depend on it";
    }

    public static String repositoryNotFound(String server, String repo) {
        return server + ": repository " + repo + " not found";
    }

    public static String repositoryNotFoundFix() {
        return "check the URL; vcstoken token list shows scopes";
    }

    public static String readableWithoutCredentials(String server, String repo) {
        return server + ": " + repo + " is readable without credentials (the token is used for pushes)";
    }

    public static String basicChallenge(String server, String realm) {
        return server + ": asks for Basic credentials, realm \"" + realm + "\"";
    }

    /** @param authenticate the WWW-Authenticate headers it sent */
    public static String noBasicChallenge(String server, int status, List<String> authenticate) {
        return server + ": answers " + status + " without a Basic challenge " + authenticate;
    }

    public static String basicChallengeFix() {
        return "git sends tokens only to a server that asks with WWW-Authenticate: Basic; check the server URL "
                + "and any proxy in front of it";
    }

    // ---- tokens --------------------------------------------------------------------------

    public static String tokensCheck() {
        return "tokens";
    }

    /** The server's kind is not one vcstoken knows; {@code detail} says which it is and what to do. */
    public static String unknownKind(String server, String detail) {
        return server + ": " + detail;
    }

    /** How the token findings below name a token ({@code token}): an API token. */
    public static String apiToken(String id, String user) {
        return "token " + id + " (API token, user " + user + ")";
    }

    public static String serverWideToken(String id, String user) {
        return "token " + id + " (server-wide, user " + user + ")";
    }

    public static String repositoryToken(String id, String repo, String user) {
        return "token " + id + " (repo " + repo + ", user " + user + ")";
    }

    public static String tokenMarkedRejected(String token) {
        return token + ": marked rejected";
    }

    /** @param url where to log in again: the server, or the repository */
    public static String removeAndLogIn(String id, String url) {
        return "vcstoken token remove " + id + "; vcstoken login " + url;
    }

    public static String tokenRetired(String token) {
        return token + ": retired (replaced) but still valid on the server";
    }

    /** @param page the server's page listing the account's tokens */
    public static String tokenRetiredFix(String page, String id) {
        return "delete it at " + page + ", then: vcstoken token remove " + id;
    }

    /** @param ourLifetime whether it expired by vcstoken's lifetime, which the server does not enforce */
    public static String tokenExpired(String token, Instant expired, boolean ourLifetime) {
        return token + ": expired at " + expired + (ourLifetime
                ? " (vcstoken's lifetime; the server would still take it)" : "");
    }

    public static String tokenExpiredFix(String id) {
        return "vcstoken renew, or vcstoken token remove " + id;
    }

    /** @param kind the server kind's id */
    public static String tokenNotCheckable(String token, String kind) {
        return token + ": not checked (a server of kind " + kind + " cannot be asked about it)";
    }

    public static String tokenNotProbed(String token, String server) {
        return token + ": not probed (name a repository: vcstoken doctor " + server + "/REPO)";
    }

    public static String tokenExpiresSoon(String token, Instant expires) {
        return token + ": expires soon, at " + expires;
    }

    /** @param url the server, or the repository a token is for */
    public static String renew(String url) {
        return "vcstoken renew " + url;
    }

    /** @param expires null for never */
    public static String tokenExpires(String token, Instant expires) {
        return token + ": expires " + (expires == null ? "never" : "at " + expires);
    }

    public static String tokenUncheckable(String token, String detail) {
        return token + ": could not be checked: " + detail;
    }

    public static String tokenRefused(String token) {
        return token + ": refused by the server (revoked, expired or deleted)";
    }

    public static String tokenRefusedFix(String server) {
        return "vcstoken token check " + server + " (marks it rejected); then vcstoken login " + server;
    }

    /**
     * @param serverSays when the server says it expires, null for never
     * @param stored     when the store says it does
     */
    public static String tokenExpiryDiffers(String token, Instant serverSays, Instant stored) {
        return token + ": accepted by the server, which says it expires " + (serverSays == null ? "never" : serverSays)
                + ", not " + stored;
    }

    public static String tokenExpiryDiffersFix(String server) {
        return "vcstoken token check " + server + " (updates the expiry)";
    }

    public static String tokenAccepted(String token) {
        return token + ": accepted by the server";
    }

    public static String tokenAcceptedOn(String token, String repo) {
        return token + ": accepted on " + repo;
    }

    public static String tokenRefusedOn(String token, String repo) {
        return token + ": refused by the server on " + repo + " (deleted, wrong user or scope)";
    }

    public static String tokenForbidden(String token, String repo) {
        return token + ": valid, but the account may not read " + repo;
    }

    public static String tokenForbiddenFix(String server, String repo) {
        return "ask an admin of " + server + " for read access to " + repo;
    }

    public static String tokenRepositoryNotFound(String token, String repo) {
        return token + ": repository " + repo + " not found on the server";
    }

    public static String removeToken(String id) {
        return "vcstoken token remove " + id;
    }
}
