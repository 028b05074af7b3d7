package org.vcstoken.messages;

import java.time.Instant;

/**
 * The dialogue of creating a token (assisted with the account password, or guided through the
 * server's token page) and what it says about the token it stores or replaces: questions end in
 * ": " and offer their default in brackets, notes start with "vcstoken: ". None takes a secret;
 * secrets are asked for with the input hidden.
 */
public final class RenewMessages {
    private RenewMessages() {
    }

    private static String note(String text) {
        return "vcstoken: " + text;
    }

    // ---- choosing how -------------------------------------------------------------------

    /**
     * Why a token is needed, for the question or note that follows.
     *
     * @param tokenId the token being replaced, or null when there is none
     * @param state   "rejected", "expired" or "expires" for a replaced token
     * @param at      when it expired or expires
     */
    public static String needed(String tokenId, String state, Instant at) {
        if (tokenId == null) {
            return "no usable token";
        }
        return "the token " + tokenId + switch (state) {
            case "rejected" -> " was rejected";
            case "expired" -> " expired at " + at;
            default -> " expires " + at;
        };
    }

    public static String cannotCreateItself(String why, String where) {
        return note(why + " for " + where + "; this server kind cannot create tokens itself.");
    }

    public static String chooseHow(String why, String where) {
        return note(why + " for " + where
                + ". Create one now? [a]ssisted with your account password, [g]uided in the browser, [n]o [a]: ");
    }

    public static String noPasswordCreation(String kind) {
        return note("a server of kind " + kind + " cannot create tokens from your password; opening its token page "
                + "instead.");
    }

    /** @param why why the password cannot be used here (the family's words) */
    public static String passwordLoginImpossible(String why) {
        return note(why);
    }

    /** What a person answered no to: also how a parallel process learns the answer was no. */
    public static final String DECLINED = "declined";

    // ---- questions ----------------------------------------------------------------------

    public static String userNameQuestion(String server) {
        return "Your user name on " + server + ": ";
    }

    public static String noUserName() {
        return "no usable user name given";
    }

    public static String passwordQuestion(String user, String server) {
        return "Password for " + user + " at " + server + " (used once to create a token, never stored): ";
    }

    /** Asked when the server wants a one-time code and said nothing of its own about it. */
    public static String oneTimeCodeQuestion(String user, String server) {
        return "One-time code for " + user + " at " + server + ": ";
    }

    /**
     * @param opened       whether the browser was opened (else the person opens the page)
     * @param instructions the family's words for what to set on the page
     * @param limitTo      the repository to limit the token to, or null when the page cannot
     */
    public static String openPage(boolean opened, String page, String instructions, String limitTo) {
        return note((opened ? "opened " : "open ") + page + (opened ? " in your browser" : "") + " and "
                + instructions + (limitTo == null ? "" : " (limit it to " + limitTo + " if you like)") + ".");
    }

    public static String pasteApiToken() {
        return "Paste the new API token (input hidden): ";
    }

    public static String pasteToken() {
        return "Paste the new token (input hidden): ";
    }

    public static String notAToken(String why) {
        return "the pasted text is not a token: " + why;
    }

    /** @param lifetime the profile's lifetime, as written ("30d"), taken when nothing is typed */
    public static String apiLifetimeQuestion(String lifetime) {
        return "Its lifetime as chosen on the page (e.g. 30d, never) [" + lifetime + "]: ";
    }

    /**
     * @param enforced whether vcstoken enforces the lifetime (the server keeps tokens forever)
     * @param lifetime the profile's lifetime, as written ("30d"), taken when nothing is typed
     */
    public static String lifetimeQuestion(boolean enforced, String lifetime) {
        return (enforced ? Messages.enforcedLifetimeQuestion() : "Its lifetime as chosen on the page (e.g. 1h, 30d, never)")
                + " [" + lifetime + "]: ";
    }

    public static String limitedQuestion(String repo) {
        return "Did you limit it to " + repo + "? [y/N]: ";
    }

    public static String storeApiTokenUnchecked(String server) {
        return "vcstoken cannot check API tokens on " + server + "; store it unchecked? [y/N]: ";
    }

    public static String repositoryToCheckQuestion(String server) {
        return "Name a repository on " + server + " to check the token against (empty: do not check it): ";
    }

    public static String notARepositoryName(String why) {
        return "not a repository name: " + why;
    }

    public static String storeUncheckedQuestion() {
        return "Store the token without checking it? It is listed as not checked. [y/N]: ";
    }

    // ---- a pasted API token the server does not take (inside Messages.apiTokenRefused) ---

    public static String apiTokenInactive() {
        return "it is not active (wrong, expired or revoked)";
    }

    /** @param scopes the token's scopes, sorted and joined, or empty when the server named none */
    public static String apiTokenWithoutApi(String scopes, String instructions) {
        return "it cannot use the API" + (scopes.isEmpty() ? "" : " (its scopes: " + scopes + ")") + "; " + instructions;
    }

    // ---- what was stored or left behind -------------------------------------------------

    /** @param target the server, or server and repository ({@link Messages#describeTarget}) */
    public static String stored(String tokenId, String target, boolean checked) {
        return note("stored token " + tokenId + " for " + target
                + (checked ? "; the server accepted it" : " (not checked: vcstoken token list shows it as such)"));
    }

    public static String replacedStillWorks(String tokenId, String serverId, String page) {
        return note("the replaced token " + tokenId + " (server id " + serverId + ") still works on the server; "
                + "delete it at " + page + ", then: vcstoken token remove " + tokenId);
    }

    public static String newTokenNotDeleted(String serverId, String page) {
        return "the new token (server id " + serverId + ") could not be deleted again; delete it at " + page;
    }

    public static String cannotDeleteOn(String server) {
        return "vcstoken has no way to delete it on " + server;
    }

    // ---- names and descriptions a person finds later ------------------------------------

    /** The name of an API token on the server's token page. */
    public static String apiTokenName(String date) {
        return "vcstoken API " + date;
    }

    /** The name of a token vcstoken creates, on the server's token page. */
    public static String tokenName(String date, String repo) {
        return "vcstoken " + date + (repo == null ? "" : " for " + repo);
    }

    /** The description of a stored token, in {@code vcstoken token list}. */
    public static String description(boolean created) {
        return created ? "created by vcstoken" : "pasted at a vcstoken prompt";
    }

    public static String apiTokenDescription() {
        return "API token pasted at vcstoken login";
    }
}
