package org.vcstoken.server.forgejo;

/**
 * What the Forgejo/Gitea family says to people, in one place, beside the core texts of
 * {@code org.vcstoken.messages}. Texts the forge sent are quoted after {@code HttpTransport.printable}; none holds a secret.
 */
final class ForgeMessages {
    private ForgeMessages() {
    }

    private static String says(String serverText) {
        return serverText == null || serverText.isBlank() ? "" : " (it says: \"" + serverText + "\")";
    }

    static String gitOnly(String forge, String server, String vcs) {
        return server + " is a " + forge + " server, which serves git only; it cannot check a token for " + vcs
                + " (use --vcs git)";
    }

    static String noApi(String what, String server, int status) {
        return what + ": " + server + " answered " + status + " where the Forgejo/Gitea API should be; check the "
                + "server URL and kind (vcstoken server list), or change them with: vcstoken server add " + server
                + " --kind KIND";
    }

    static String notJson(String what, String server) {
        return what + ": " + server + " answered with something other than the forge's JSON; check the server URL "
                + "and kind (vcstoken server list) — a login portal or proxy may be in front of it";
    }

    static String emptyPassword(String server, String user) {
        return "no password given for " + user + " at " + server + "; nothing was sent (with an empty password the "
                + "forge would take the user name for a token)";
    }

    static String unusableUser(String server, String user) {
        return "the user name '" + user + "' cannot log in to " + server + " (empty, or it contains ':'); set it with: "
                + "vcstoken server add " + server + " --user NAME";
    }

    static String passwordRefused(String server, String user, String serverText) {
        return server + " refused the password for " + user + says(serverText) + "; check the user name (vcstoken "
                + "server add " + server + " --user NAME) and the password";
    }

    static String passwordOrCodeRefused(String server, String user, String serverText) {
        return server + " refused the password or the one-time code for " + user + says(serverText)
                + "; check the user name, the password and your authenticator's clock";
    }

    static String noCode(String server, String user) {
        return server + " wants a one-time code for " + user + " (two-factor authentication) and none was given";
    }

    static String securityKeys(String server, String user, String serverText) {
        return server + " refuses password logins for " + user + " while security keys (WebAuthn) are enrolled"
                + says(serverText) + ", so vcstoken cannot create the token with your password; create it on the "
                + "token page instead";
    }

    static String mustChangePassword(String server, String user, String serverText) {
        return server + " wants " + user + " to change the password first" + says(serverText)
                + "; change it in the web UI, then try again";
    }

    static String forbidden(String what, String server, String serverText) {
        return what + ": " + server + " refused it (HTTP 403)" + says(serverText);
    }

    /** The question for a one-time code; {@code unsure}: the forge's answer could also mean a wrong password. */
    static String codeQuestion(String server, String user, boolean again, boolean unsure) {
        if (again) {
            return "The one-time code was not accepted (it may have expired); a new one-time code for " + user + " at "
                    + server + ": ";
        }
        if (unsure) {
            return server + " refused the login; if " + user + " uses two-factor authentication, the one-time code "
                    + "(leave empty otherwise): ";
        }
        return "One-time code for " + user + " at " + server + " (two-factor authentication): ";
    }

    static String notARepository(String forge, String server, String repo) {
        return "cannot limit a token to '" + repo + "' on " + server + ": " + forge + " repositories are named "
                + "OWNER/NAME; use such a repository URL";
    }

    static String repositoryRefused(String server, String user, String repo, String serverText) {
        return server + " cannot limit a token of " + user + " to " + repo + says(serverText)
                + ": the repository does not exist or the account cannot see it; check the repository URL";
    }

    static String creationRefused(String server, String serverText) {
        return server + " refused to create the token" + says(serverText);
    }

    static String namesTaken(String server, String page) {
        return server + " kept answering that the token name is in use; delete old vcstoken tokens at " + page
                + " and try again";
    }

    static String otherRepositories(String server, String repo, String got) {
        return server + " made a token for " + got + " instead of " + repo + " only; it was deleted again. Report this "
                + "to the server's admin";
    }

    /** The note on a token the forge made account-wide although it was asked to limit it. */
    static String notLimited(String server, String repo) {
        return server + " did not limit the new token to " + repo + " (this version has no repository tokens); it "
                + "works for every repository of your account and is recorded as server-wide";
    }

    /** Why a token cannot be limited to one repository on this forge (Gitea: gitea#28649). */
    static String noRepositoryTokens(String forge) {
        return forge + " has no repository tokens: each token opens every repository of the account";
    }

    static String badServerId(String serverId) {
        return "the server id '" + serverId + "' is not a token id; delete the token on the server's token page";
    }

    static String deleteRefused(String server, String serverId, int status, String serverText) {
        return server + " did not delete token id " + serverId + " (HTTP " + status + ")" + says(serverText);
    }

    static String incompleteAnswer(String what, String server, String field) {
        return what + ": the answer from " + server + " has no usable '" + field + "'; check the server kind "
                + "(vcstoken server list)";
    }

    static String tokenPageInstructions(String forge) {
        return "generate a new " + forge + " access token named after this computer, with the permission "
                + "\"repository\" set to \"Read and write\" (read:repository and write:repository) and nothing else";
    }

    static String noLogin(String what, String server) {
        return incompleteAnswer(what, server, "login");
    }

    static String noTokenId(String what, String server) {
        return incompleteAnswer(what, server, "id");
    }

    static String noTokenValue(String what, String server) {
        return incompleteAnswer(what, server, "sha1");
    }

    static String passwordNotText(String user) {
        return "the password for " + user + " cannot be sent: it is not valid text (an unpaired surrogate character)";
    }

    // ---- what vcstoken was doing: the start of the messages above --------------------------

    static String loggingIn(String server, String user) {
        return "logging in to " + server + " as " + user;
    }

    static String creating(String server) {
        return "creating a token on " + server;
    }

    static String deleting(String serverId, String server) {
        return "deleting token id " + serverId + " on " + server;
    }

    static String listing(String user, String server) {
        return "listing the tokens of " + user + " on " + server;
    }

    static String checking(String server, String forge) {
        return "checking the token on " + server + " (" + forge + " API)";
    }

    /**
     * The token's name on the forge's token page, unique per machine and second.
     *
     * @param host this computer's name, printable, or empty; @param repo the repository, or null
     */
    static String tokenName(String host, String repo, java.time.Instant at) {
        return "vcstoken on " + (host.isEmpty() ? "this computer" : host) + " for "
                + (repo == null ? "all repositories" : repo) + ", " + at;
    }

    // ---- detection -----------------------------------------------------------------------

    static String detectedForgejo(String endpoint, String version) {
        return "GET /" + endpoint + " says Forgejo " + version;
    }

    static String detectedForgejoByGiteaEndpoint(String endpoint, String version) {
        return "GET /" + endpoint + " says " + version + " (a Forgejo version)";
    }

    static String detectedGitea(String endpoint, String version, String forgejoEndpoint) {
        return "GET /" + endpoint + " says " + version + ", and there is no /" + forgejoEndpoint;
    }
}
