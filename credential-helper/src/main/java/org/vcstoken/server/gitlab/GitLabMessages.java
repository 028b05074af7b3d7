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
}
