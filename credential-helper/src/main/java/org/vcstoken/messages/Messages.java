package org.vcstoken.messages;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Every message vcstoken shows a person, in one place, so wording stays consistent and each one
 * says what to change. None of them takes a secret.
 */
public final class Messages {
    private Messages() {
    }

    public static String error(String text) {
        return "vcstoken: error: " + text;
    }

    public static String warning(String text) {
        return "vcstoken: warning: " + text;
    }

    public static String storeCorrupt(Path file, int line, String detail) {
        return "the token store " + file + " cannot be read (line " + line + ": " + detail
                + "); it was left untouched. Fix it, or move it away to start afresh (mv " + file + " " + file + ".bad)";
    }

    public static String storeUnreadable(Path file, String detail) {
        return "cannot read " + file + " (" + detail + ")";
    }

    public static String storeUnwritable(Path dir, String detail) {
        return "cannot write the token store in " + dir + " (" + detail
                + "); make it writable or point VCSTOKEN_HOME at a writable directory";
    }

    public static String storeFileTooOpen(Path file) {
        return "the token store " + file + " can be read by other users; refusing to use it. Run: chmod 600 " + file;
    }

    public static String storeDirectoryTooOpen(Path dir) {
        return "the directory " + dir + " can be written by other users; refusing to use it. Run: chmod 700 " + dir;
    }

    public static String storeSymlink(Path p) {
        return p + " is a symbolic link; refusing to use it (writes could be redirected). Replace it with a real "
                + "file or directory, or set VCSTOKEN_HOME";
    }

    public static String storeNotDirectory(Path p) {
        return p + " is not a directory; remove it or set VCSTOKEN_HOME to a directory";
    }

    public static String waitingForStoreLock(Path lock) {
        return "waiting for another vcstoken process to finish with the store (" + lock + ")";
    }

    public static String storeLockTimeout(Path lock, Duration timeout) {
        return "another vcstoken process has held " + lock + " for more than " + timeout.toSeconds()
                + " s; find it with: fuser -v " + lock;
    }

    public static String badCredentialInput(String detail) {
        return "ignoring malformed credential request from git: " + detail;
    }

    public static String badRequest(String detail) {
        return "ignoring credential request: " + detail;
    }

    public static String plainHttpRefused(String server) {
        return "not sending a token to " + server + " over plain http; use https, or allow it with: vcstoken server add "
                + server + " --allow-http";
    }

    public static String expiresSoon(String tokenId, String server, Instant expires) {
        return "token " + tokenId + " for " + server + " expires at " + expires
                + "; renew it now with: vcstoken renew " + server;
    }

    /** VCSTOKEN_CLOCK_OFFSET is a test setting: said on every run it is in effect, so it is never left on unseen. */
    public static String clockOffset(long seconds) {
        return "VCSTOKEN_CLOCK_OFFSET=" + seconds + " runs vcstoken's clock " + Math.abs(seconds) + " s "
                + (seconds > 0 ? "ahead" : "behind") + " (a test setting): tokens may count as expired, and be "
                + "replaced, while the server still accepts them; unset it unless you are testing";
    }

    public static String clockOffsetIgnored() {
        return "VCSTOKEN_CLOCK_OFFSET is not a whole number of seconds; it is ignored (unset it)";
    }

    public static String unknownToken(String id) {
        return "no token with id '" + id + "'; see: vcstoken token list";
    }

    public static String unknownServer(String url) {
        return "no server profile for " + url + "; see: vcstoken server list";
    }

    public static String secretFromStdinMissing() {
        return "no token on standard input; pipe it in, e.g.: printf '%s\\n' \"$TOKEN\" | vcstoken token add URL --user NAME";
    }

    public static String passwordInUrl() {
        return "the URL contains a password; never put secrets in URLs. Give the token on standard input";
    }

    public static String gitMissing() {
        return "git is not on PATH; install git or add it to PATH";
    }

    /** "https://host" or "https://host repository group/repo", for messages about one target. */
    public static String describeTarget(String server, String repo) {
        return repo == null || repo.isEmpty() ? server : server + " repository " + repo;
    }

    public static String noUsableToken(String server, String repo, String reason) {
        String url = repo == null || repo.isEmpty() ? server : server + "/" + repo;
        return "no usable token for " + describeTarget(server, repo) + " and prompting is off (" + reason
                + "); create one with: vcstoken login " + url + "   or store one with: printf '%s\\n' \"$TOKEN\" | "
                + "vcstoken token add " + url + " --user NAME";
    }

    /**
     * Why prompting is off when a program embedding vcstoken ({@code library}: its JGit or SVNKit
     * provider) was built with {@code interactive} false: the person learns that the program chose
     * it, not a flag they could have left out.
     */
    public static String promptsOffByProgram(String library) {
        return "interactive=false, set by the program using vcstoken's " + library;
    }

    /**
     * A program embedding vcstoken (JGit, SVNKit) has no token to send for {@code target}: carried by
     * the exception the program's git or svn operation fails with, so it says what to store.
     */
    public static String noTokenInProcess(String target) {
        return "vcstoken has no usable token for " + target + " (each stored token was refused or none fits); "
                + "store one with: printf '%s\\n' \"$TOKEN\" | vcstoken token add URL --user NAME, or run: "
                + "vcstoken login URL";
    }

    public static String waitingForCreator(String server, String repo) {
        return "waiting for another vcstoken process that is creating a token for " + describeTarget(server, repo);
    }

    public static String creatorTimedOut(String server, String repo) {
        return "gave up waiting for another vcstoken process creating a token for " + describeTarget(server, repo)
                + "; run: vcstoken login " + server;
    }

    public static String tokenNotAccepted(String server, String repo, String user) {
        return "the server " + server + " does not accept this token for user " + user + " on " + repo
                + "; nothing was stored. Check the user name, the role (VCS) and the repository scope";
    }

    /**
     * @param variable the token's variable ({@code VCSTOKEN_TOKEN}, {@code CI_JOB_TOKEN})
     * @param hint     what to change, which depends on where the token came from
     */
    public static String environmentTokenNotFor(String variable, String why, String hint) {
        return variable + " is not for this request (" + why + ") and CI=true, so git is told to stop rather than "
                + "prompt; " + hint;
    }

    public static String creationFailed(String detail) {
        return "could not create a token: " + detail;
    }

    /** A token vcstoken just created, as told to the person or on stderr. */
    public static String created(String tokenId, String server, String scope, Instant expires) {
        return "vcstoken: created token " + tokenId + " for " + describeTarget(server, scope == null ? "" : scope)
                + ", expires " + (expires == null ? "never" : expires);
    }

    /** A token rotated before it expired. */
    public static String rotated(String tokenId, String server, Instant expires) {
        return "vcstoken: renewed token " + tokenId + " for " + server + " before it expired (rotated on the server); "
                + "it now expires " + (expires == null ? "never" : expires);
    }

    /**
     * A rotation that did not happen.
     *
     * @param refused the server answered no and kept the old token; otherwise no answer came and the
     *                token is not rotated again
     */
    public static String rotationFailed(String tokenId, String server, String detail, boolean refused) {
        return "could not renew token " + tokenId + " for " + server + " (" + detail + "); "
                + (refused ? "it keeps working until it expires; vcstoken tries again next time"
                        : "it is not rotated again, to keep the server from revoking its successor; "
                                + "run: vcstoken renew " + server + "   if it stops working");
    }

    /** Creation with the API token gave nothing here; the next path follows. */
    public static String apiCreationUnavailable(String server, String repo, String reason) {
        return "cannot create a token for " + describeTarget(server, repo) + " with the API token: " + reason;
    }

    /** The replaced token could not be deleted on the server and still works there. */
    public static String replacedStillValid(String tokenId, String serverId, String detail, String page) {
        return "the replaced token " + tokenId + " (server id " + serverId + ") could not be deleted on the server ("
                + detail + ") and still works there; it is listed as retired and never used. Delete it at " + page
                + ", then: vcstoken token remove " + tokenId;
    }

    /** Guided creation on a forge whose tokens never expire: the lifetime is vcstoken's. */
    public static String enforcedLifetimeQuestion() {
        return "The lifetime vcstoken gives it (the server keeps tokens until they are deleted; vcstoken replaces "
                + "it then; e.g. 30d, 90d, never)";
    }

    /** A retired token in {@code token list}: still valid on the server, and how to delete it. */
    public static String retiredListed(String tokenId, String server, String serverId, String page) {
        return "token " + tokenId + " is retired: replaced, but still valid on " + server
                + (serverId == null ? "" : " (server id " + serverId + ")") + "; delete it at " + page
                + ", then: vcstoken token remove " + tokenId;
    }

    /** A pasted API token the server does not take as one. */
    public static String apiTokenRefused(String server, String why) {
        return "the token is not usable as an API token on " + server + ": " + why + "; nothing was stored";
    }

    /** {@code server add} without {@code --kind} could not ask the server. */
    public static String kindNotDetected(String server, String why, String assumed) {
        return "could not find out what kind of server " + server + " is (" + why + "); taking it as " + assumed
                + ". If that is wrong: vcstoken server add " + server + " --kind KIND";
    }

    /** {@code server add} without {@code --kind}: the server answered like no family vcstoken knows. */
    public static String kindUnrecognised(String server, String kind) {
        return "kind " + kind + ": " + server + " answered like none of the server families vcstoken knows; vcstoken "
                + "checks tokens there but cannot create them. If that is wrong: vcstoken server add " + server
                + " --kind KIND";
    }

    /**
     * A server without repository scopes while the profile asks for repository tokens.
     *
     * @param why what the server lacks, in the words of its family ({@link #noRepositoryScopes()} when
     *            it has none of its own)
     */
    public static String serverWideTokensOnly(String server, String repo, String why) {
        return server + " cannot limit a token to one repository (" + why + "), so the new token for " + repo
                + " is server-wide: it opens every repository you can read, "
                + "and vcstoken records it as server-wide. To ask for server-wide tokens from the start: vcstoken "
                + "server add " + server + " --scope host";
    }

    /** Why a server cannot limit a token to one repository, when its family says nothing more precise. */
    public static String noRepositoryScopes() {
        return "the server has no repository scopes";
    }

    public static String repoScopeNotOffered(String server, String repo, String user) {
        return server + " does not offer " + repo + " as a token scope to " + user + " (it does not exist, or "
                + user + " cannot read it; names are case-sensitive); nothing was created. Check the repository URL "
                + "and your permissions, or allow server-wide tokens for this server: vcstoken server add " + server
                + " --scope host";
    }

    public static String repoScopeNotOfferedServerWide(String server, String repo) {
        return server + " does not offer " + repo + " as a token scope; creating a server-wide token instead, as the "
                + "server's profile allows (--scope host)";
    }

    /** A parallel process asked a moment ago and got no token; this one is not asked again. */
    public static String noTokenEarlier(String server, String repo, Instant at, String why) {
        return "no token for " + describeTarget(server, repo) + ": another vcstoken process asked at " + at + " and "
                + (RenewMessages.DECLINED.equals(why) ? "the answer was no" : "creating one failed (" + why + ")")
                + "; not asking again for a while. Create one with: vcstoken login "
                + (repo == null || repo.isEmpty() ? server : server + "/" + repo);
    }

    /** A pasted token the server's API says is not active. */
    public static String pastedTokenRefused(String server, String user) {
        return "the server " + server + " does not accept this token for user " + user
                + " (wrong, expired or revoked); nothing was stored. Check that you copied the whole token";
    }

    /** The store file was written by an earlier vcstoken (or edited by hand): lookups read all of it. */
    public static String storeEarlierLayout(java.nio.file.Path file) {
        return "the store file " + file + " is in an earlier layout (written by an earlier vcstoken or edited by "
                + "hand): every lookup reads all of it. Rewrite it with: vcstoken store rewrite";
    }

    public static String traceNotAbsolute() {
        return "VCSTOKEN_TRACE must be 1 or an absolute file path; tracing to stderr";
    }

    /** @param problem the kind of failure (its exception's simple name): a path could say more than needed */
    public static String traceFileUnwritable(String file, String problem) {
        return "cannot write trace file " + file + " (" + problem + "); tracing to stderr";
    }

    /** git reported that the server refused the token from the environment ({@code variable}). */
    public static String environmentTokenRefused(String variable, String request) {
        return "the server refused " + variable + " for " + request
                + "; check the token, the user name and the token's repository scope";
    }

    /** The description of a password typed at git's own prompt and kept as a token. */
    public static String capturedTokenDescription() {
        return "typed at a client prompt";
    }

    // ---- a token from the environment (VCSTOKEN_TOKEN, a CI system's job token) -------------

    /**
     * What to change when VCSTOKEN_TOKEN does not cover a request to its server. Constants, not
     * methods: the get path builds its table of sources with them, and a constant is copied into
     * the caller, so no class of this package is loaded for it.
     */
    public static final String ENVIRONMENT_TOKEN_HINT = "set VCSTOKEN_URL to a prefix that covers it (e.g. the "
            + "repository group), or give that repository a token of its own";

    /** The same for a CI job token (CI_JOB_TOKEN). */
    public static final String JOB_TOKEN_HINT = "the job token is only for the job's own GitLab (CI_SERVER_URL) with "
            + "the user name gitlab-ci-token; give that repository a token with VCSTOKEN_TOKEN and VCSTOKEN_URL";

    public static String environmentTokenWithoutUrl(String token, String url) {
        return token + " is set without " + url + "; it is used only for requests under " + url + " (e.g. " + url
                + "=https://code.example.com/group/repo), so it is ignored";
    }

    public static String environmentTokenUnusable(String url, String token, String why) {
        return url + " or " + token + " is not usable (" + why + "); ignored";
    }

    public static String environmentTokenOverHttp(String url, String origin) {
        return url + " " + origin + " is plain http to a remote host; the environment token is only sent over https";
    }

    public static String environmentUrlWithCredentials(String url, String token) {
        return url + " carries a user name or password, which the CI system never puts there; " + token
                + " is ignored";
    }

    // Why a request may not have the environment's token (inside environmentTokenNotFor).

    public static String notForOrigin(String requested, String url, String origin) {
        return "request is for " + requested + ", not " + url + "'s " + origin;
    }

    public static String requestWithoutPath(String url) {
        return url + " names a path but the request has none (set credential.useHttpPath=true)";
    }

    public static String notUnderPrefix(String path, String url, String prefix) {
        return "request path " + path + " is not under " + url + "'s " + prefix;
    }

    public static String noEnvironmentUser() {
        return "no user name: set VCSTOKEN_USERNAME";
    }

    /** @param userVariable the variable naming the user, or null when the token works for one user only */
    public static String otherUser(String requested, String userVariable, String token, String user) {
        return "request is for user " + requested + ", " + (userVariable != null ? userVariable + " is " + user
                : token + " works only as " + user);
    }
}
