package org.vcstoken.server.gitlab;

/**
 * The GitLab family's sentences, beside the core texts of {@code org.vcstoken.messages}: each says
 * what GitLab answered and what to do. They never contain a secret.
 */
final class GitLabMessages {
    static final String CHECK_KIND = "check the server URL and its kind (vcstoken server list)";

    private GitLabMessages() {
    }

    /** "GitLab answered 400: User does not have permission to create project access token". */
    static String answered(int status, String message) {
        return "GitLab answered " + status + (message == null || message.isEmpty() ? "" : ": " + message);
    }

    /** The stored API token itself was refused: every unattended path needs a new one. */
    static String apiTokenRefused(String server, String said) {
        return said + " to the stored API token (revoked or expired); store a new one with: vcstoken login " + server;
    }

    /** No fine-grained tokens on this instance, after a project access token was refused. */
    static String noFineGrained(String refused, String version) {
        return refused + ", and GitLab " + version + " has no fine-grained personal tokens to limit one to the "
                + "project (19.2 and later)";
    }

    static String fineGrainedRefusedToo(String refused, String said) {
        return refused + "; a fine-grained personal token limited to the project was refused too: " + said;
    }

    static String noSuchProject(String said, String repo, String user) {
        return said + " (" + user + " sees no project " + repo + " there; check the repository URL and "
                + user + "'s membership)";
    }

    static String serverWideNeedsFineGrained(String version) {
        return "GitLab " + version + " creates no server-wide token for git through its API (only fine-grained "
                + "personal tokens can be, from 19.2)";
    }

    static String rotationNeedsApiToken(String server) {
        return "a project access token is rotated with the API token, and none is stored for " + server
                + "; store one with: vcstoken login " + server;
    }

    static String notOwnApiToken(String what, String owner, String user) {
        return what + ": the API token belongs to " + owner + ", not " + user + "; use one of " + user
                + "'s personal access tokens";
    }

    static String expiryNotADate(String what) {
        return what + ": GitLab's expires_at is not a date; " + CHECK_KIND;
    }

    /** @param value the date as sent, printable */
    static String expiryUnreadable(String what, String value) {
        return what + ": GitLab's expires_at '" + value + "' is not a date (YYYY-MM-DD); " + CHECK_KIND;
    }

    static String noJsonObject(String what, String server) {
        return what + ": " + server + " answered without the JSON object GitLab sends; " + CHECK_KIND;
    }

    static String noJsonList(String what, String server) {
        return what + ": " + server + " answered without the JSON list GitLab sends; " + CHECK_KIND;
    }

    static String htmlAnswer(String what, String server, int status) {
        return what + ": " + server + " answered HTTP " + status + " with an HTML page where GitLab's API answers JSON; "
                + CHECK_KIND + " (a login portal or proxy may be in front of it)";
    }

    /** @param detail the parser's words, printable */
    static String unreadableJson(String what, String server, String detail) {
        return what + ": the answer of " + server + " is not readable JSON (" + detail + "); " + CHECK_KIND;
    }

    static String noTokenOrId(String what) {
        return what + ": GitLab's answer has no token or no id; " + CHECK_KIND;
    }

    static String unusableToken(String what, String why) {
        return what + ": GitLab's answer holds no usable token (" + why + ")";
    }

    static String projectWithoutId(String what) {
        return what + ": the project has no id; " + CHECK_KIND;
    }

    static String rotationWithoutId(String what) {
        return what + ": GitLab did not say the token's id";
    }

    // ---- what vcstoken was doing: the start of the messages above --------------------------

    static String checking(String server) {
        return "checking the token with " + server;
    }

    static String revoking(String tokenId, String server) {
        return "revoking token " + tokenId + " on " + server;
    }

    static String listing(String user, String server) {
        return "listing the tokens of " + user + " on " + server;
    }

    static String creatingProjectToken(String repo, String server) {
        return "creating a token for " + repo + " on " + server;
    }

    /** @param repo the project, or null for a token for every project */
    static String creatingFineGrained(String repo, String server) {
        return "creating a fine-grained token" + (repo == null ? "" : " for " + repo) + " on " + server;
    }

    static String renewing(String tokenId, String server) {
        return "renewing token " + tokenId + " on " + server;
    }

    /** @param said what GitLab answered; @param refused what it said to the project token, or null */
    static String versionUnknown(String said, String refused) {
        String unknown = "GitLab did not say its version (" + said + ")";
        return refused == null ? unknown : refused + ", and " + unknown;
    }

    // ---- the token page and detection ---------------------------------------------------

    static String revokeThere() {
        return "revoke the token there";
    }

    static String apiTokenInstructions() {
        return "create a personal access token with the scope api (preselected there), for vcstoken to create, renew "
                + "and check your git tokens with";
    }

    static String vcsTokenInstructions() {
        return "create a personal access token with the scopes read_repository and write_repository (preselected "
                + "there); GitLab cannot limit it to one project, so it works for all of yours";
    }

    static String detectedByRealm(String realm) {
        return "git's 401 names the realm \"" + realm + "\"";
    }

    static String detectedByVersion() {
        return "GET /api/v4/version asks for a token with GitLab's 401 Unauthorized";
    }
}
