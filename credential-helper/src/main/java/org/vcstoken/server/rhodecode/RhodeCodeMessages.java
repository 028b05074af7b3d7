package org.vcstoken.server.rhodecode;

/**
 * What the RhodeCode family says to people, in one place, beside the core texts of
 * {@code org.vcstoken.messages}: each says what RhodeCode answered and what to change. Texts the
 * server sent are quoted after {@code HttpTransport.printable}; none holds a secret. Public only
 * for {@code vcstoken server import-rhoderc}, whose lines are about RhodeCode's own tools.
 */
public final class RhodeCodeMessages {
    private RhodeCodeMessages() {
    }

    // ---- vcstoken server import-rhoderc --------------------------------------------------

    public static String rhodercMissing(String path) {
        return "no such file: " + path + " (rhodecode-tools keep their instances in ~/.rhoderc)";
    }

    public static String rhodercOwnerUnknown(String instance) {
        return "instance " + instance + ": whose API key is it? give --user NAME";
    }

    /** @param tokenId the id of the API token added, or null when it was stored already */
    public static String rhodercImported(String instance, String server, String tokenId) {
        return "instance " + instance + ": " + server
                + (tokenId == null ? " (API token already stored)" : " with API token " + tokenId);
    }

    public static String rhodercEmpty(String path) {
        return "no [instance:NAME] sections in " + path;
    }

    /** The description of a token imported from a .rhoderc, shown in {@code vcstoken token list}. */
    public static String rhodercTokenNote(String instance) {
        return "api_key of [instance:" + instance + "] in .rhoderc";
    }

    /** Why a token for one repository becomes server-wide here. */
    static String noRepositoryScopes() {
        return "RhodeCode Community Edition has no repository scopes";
    }

    // ---- the web session: what it is doing, and what to do instead -----------------------

    /** "logging in on https://host as alice": what the messages below start with. */
    static String what(String action, String server, String user) {
        return action + " on " + server + " as " + user;
    }

    static String loggingIn() {
        return "logging in";
    }

    static String readingTokensPage() {
        return "reading the auth tokens page";
    }

    static String lookingUpRepository(String repo) {
        return "looking up repository " + repo;
    }

    /** @param repo the repository the token is for, or null */
    static String creatingToken(String repo) {
        return "creating a token" + (repo == null ? "" : " for " + repo);
    }

    static String deletingToken(String serverId) {
        return "deleting token " + serverId;
    }

    static String lookingForToken() {
        return "looking for a token";
    }

    /** What ends a message when vcstoken could not drive the web UI: the person can do it by hand. */
    static String byHand(String page, String server, String user) {
        return "; or create the token by hand at " + page + " and add it with: vcstoken token add " + server + " --user "
                + user;
    }

    /** A text of the server that repeats the password is replaced by this. */
    static String repeatsPassword() {
        return "(a message that repeats the password)";
    }

    // ---- login --------------------------------------------------------------------------

    static String loginRedirects(String what, String byHand) {
        return what + ": the login page redirects elsewhere (single sign-on?); vcstoken can only use RhodeCode's own "
                + "login form" + byHand;
    }

    static String noLoginForm(String what, String loginPage, String byHand) {
        return what + ": the login page at " + loginPage + " has no form that posts a user name and password to it; "
                + "is the server kind right (vcstoken server list)?" + byHand;
    }

    static String loginFormGet(String what, String method, String byHand) {
        return what + ": the login form would send the password in the URL (method " + method + "); refusing" + byHand;
    }

    static String sentBackToLoginForm() {
        return "the server sent vcstoken back to the login form";
    }

    static String noSessionCookie(String what, String byHand) {
        return what + ": the server accepted the login but set no session cookie; vcstoken cannot keep the session"
                + byHand;
    }

    /** @param userSaid, passSaid what the form said about each field, printable */
    static String userOrPasswordWrong(String userSaid, String passSaid) {
        return "the user name or the password is wrong (RhodeCode says \"" + userSaid + "\" and \"" + passSaid
                + "\"; it does not tell which)";
    }

    static String accountRefused(String what, String user, String said) {
        return what + " was refused: RhodeCode refused the account " + user + " (\"" + said + "\"); an inactive "
                + "(disabled) account cannot log in or use tokens: ask the server's admin to activate it";
    }

    static String passwordRefused(String said) {
        return "RhodeCode refused the password (\"" + said + "\")";
    }

    static String loginBlocked(String what, String said, String byHand) {
        return what + " was refused: RhodeCode says \"" + said + "\"; the login is blocked for this account or from "
                + "this address: ask the server's admin" + byHand;
    }

    static String loginFormAgain() {
        return "the server showed the login form again";
    }

    static String loginRefused(String what, String why, String byHand) {
        return what + " was refused: " + why + ". Check the user name and the account password (the web login "
                + "password, not a token)" + byHand;
    }

    static String invalidRedirect(String what) {
        return what + ": the server redirected to an invalid address; check the server URL";
    }

    static String loginBlockedAfterLogin(String what, String said, String user, String byHand) {
        return what + ": the server logged vcstoken in but then sent it back to the login page; RhodeCode says \""
                + said + "\": the login is blocked for " + user + " from this address. Ask the server's admin" + byHand;
    }

    static String sessionDidNotHold(String what, String byHand) {
        return what + ": the server sent vcstoken back to the login page, so the login session did not hold; try again"
                + byHand;
    }

    // ---- the auth tokens page -----------------------------------------------------------

    static String notHtml(String what, String contentType, String byHand) {
        return what + ": expected an HTML page, got " + contentType + "; is the server kind right (vcstoken server "
                + "list)?" + byHand;
    }

    static String noTokenForm(String what, String tokensPage, String byHand) {
        return what + ": the page has no form that creates tokens (posting to " + tokensPage + "/new), so this "
                + "RhodeCode version's web UI is not one vcstoken can drive" + byHand;
    }

    static String severalTokenForms(String what, int forms, String byHand) {
        return what + ": the page has " + forms + " forms that create tokens (custom code on the page?), and vcstoken "
                + "cannot tell which is RhodeCode's" + byHand;
    }

    static String noCsrfToken(String what, String byHand) {
        return what + ": the token form has no CSRF token, so this RhodeCode version's web UI is not one vcstoken can "
                + "drive" + byHand;
    }

    static String formPostsElsewhere(String what, String origin, String byHand) {
        return what + ": the page's form would post to " + origin + "; refusing" + byHand;
    }

    static String csrfRefused(String what, String byHand) {
        return what + ": the server refused the request (HTTP 403: the session or its CSRF token was not accepted); "
                + "try again" + byHand;
    }

    static String sessionEnded(String what, String byHand) {
        return what + ": the login session ended; try again" + byHand;
    }

    // ---- repositories -------------------------------------------------------------------

    static String reposHtml(String what, String reposUri, String byHand) {
        return what + ": " + reposUri + " gave an HTML page instead of JSON; this RhodeCode version is not one "
                + "vcstoken can drive" + byHand;
    }

    static String reposInvalidJson(String what, String reposUri, String detail) {
        return what + ": " + reposUri + " gave invalid JSON (" + detail + "); try again";
    }

    static String reposNoResults(String what, String reposUri, String byHand) {
        return what + ": " + reposUri + " answered without a results list; this RhodeCode version is not one vcstoken "
                + "can drive" + byHand;
    }

    // ---- creating, reading back and deleting a token ------------------------------------

    /** A caller's mistake: vcstoken asks for whole minutes of at least one. */
    static String lifetimeUnderAMinute(String lifetime) {
        return "token lifetime must be at least one minute, got " + lifetime;
    }

    static String scopeNotOffered(String what, String repo, String user) {
        return what + ": the server does not offer " + repo + " as a token scope, so " + user + " cannot read it or it "
                + "does not exist (names are case-sensitive); check the repository name and your permissions";
    }

    static String formLacksField(String what, String field, String fields, String byHand) {
        return what + ": the token form has no " + field + " field (it has " + fields + "), so this RhodeCode version "
                + "is not one vcstoken can drive" + byHand;
    }

    static String roleNotOffered(String what, String role, String byHand) {
        return what + ": the token form does not offer the role " + role + byHand;
    }

    /** @param said the server's error, printable */
    static String serverRefused(String what, String said) {
        return what + ": the server refused: " + said;
    }

    static String notDeletedEither(String failure, String id, String page) {
        return failure + "; it could not be deleted either: delete token " + id + " by hand at " + page;
    }

    /** @param target the server, or server/repository, to renew */
    static String expiryAssumed(String server, String id, String lifetime, java.time.Instant until, String target) {
        return "the token page of " + server + " does not say when token " + id + " expires; vcstoken assumes the "
                + "lifetime it asked for (" + lifetime + ", until " + until + "). If it differs, renew the token with: "
                + "vcstoken renew " + target;
    }

    static String limitedUnasked(String what, String repo) {
        return what + ": the server limited the new token to " + repo + " although no repository was asked for; "
                + "deleted it again";
    }

    /** @param shown the repository the server limited it to, or empty for a server-wide token */
    static String otherScope(String what, String shown, String asked) {
        return what + ": the server made the token " + (shown.isEmpty() ? "server-wide" : "for " + shown)
                + " instead of limiting it to " + asked + "; deleted it again. Check your permissions on " + asked;
    }

    static String newTokenAmbiguous(String what, int candidates, String page) {
        return what + ": cannot tell which listed token is the new one (" + candidates + " candidates); look at " + page
                + ", delete stray tokens, and try again";
    }

    static String noSuchToken(String what, String id, String user) {
        return what + ": the server has no token with id " + id + " for " + user + " (deleted meanwhile?); try again";
    }

    static String readBackHtml(String what, String id, String byHand) {
        return what + ": reading token " + id + " back gave an HTML page instead of JSON; this RhodeCode version is not "
                + "one vcstoken can drive" + byHand;
    }

    static String readBackInvalidJson(String what, String id, String detail) {
        return what + ": reading token " + id + " back gave invalid JSON (" + detail + "); try again";
    }

    static String readBackUnusable(String what, String why) {
        return what + ": the server sent back a token vcstoken cannot use (" + why + ")";
    }

    static String readBackNoToken(String what, String id, String byHand) {
        return what + ": reading token " + id + " back gave JSON without an auth_token; this RhodeCode version is not "
                + "one vcstoken can drive" + byHand;
    }

    static String stillListed(String what, String page) {
        return what + ": the server still lists the token; delete it by hand at " + page;
    }

    // ---- the JSON-RPC API ---------------------------------------------------------------

    static String checkingWithoutRepository(String server) {
        return "checking the token for " + server + " (no repository: asking the API)";
    }

    static String checkingWithApi(String server) {
        return "checking the token for " + server + " with the API";
    }

    static String listingTokens(String user, String server) {
        return "listing the tokens of " + user + " on " + server;
    }

    static String apiNeedsRepository(String what, String server) {
        return what + ": the token is not an API token, and without a repository RhodeCode cannot check it; give a "
                + "repository URL (e.g. " + server + "/REPO)";
    }

    /** @param error the API's error, as it sent it */
    static String apiRefused(String what, String error) {
        return what + ": " + apiRefused(error);
    }

    static String apiRefused(String error) {
        return "the RhodeCode API refused: " + error;
    }

    static String notAnApiToken() {
        return "the token is not an API token; RhodeCode can check it only on a repository";
    }

    static String noAuthTokensList(String what) {
        return what + ": the API answer has no auth_tokens list; is the server kind right (vcstoken server list)?";
    }

    static String apiTokenOfOther(String what, String owner, String user) {
        return what + ": the API token belongs to " + owner + ", not " + user + "; use one of " + user + "'s API tokens";
    }

    static String noApi(String what, String server, String path) {
        return what + ": " + server + " has no RhodeCode API at /" + path + " (HTTP 404); check the server URL and its "
                + "path prefix, and that the server kind is right (vcstoken server list)";
    }

    static String apiHtml(String what, String server) {
        return what + ": " + server + " answered with an HTML page instead of JSON; is it a RhodeCode server, and is "
                + "the path prefix right? (check with: vcstoken server list)";
    }

    /** @param detail the parser's words, printable and without the token */
    static String apiInvalidJson(String what, String server, String detail) {
        return what + ": the API answer from " + server + " is not valid JSON (" + detail + "; it may have been cut "
                + "off); try again, and if it persists ask the server's admin";
    }

    static String notAnApiReply(String what, String server) {
        return what + ": the answer from " + server + " is JSON but not a RhodeCode API reply (no result or error); "
                + "check the server kind";
    }

    /** What follows the API's error when vcstoken knows what it means; {@code page}: the API token page. */
    static String hintInvalidKey(String page) {
        return ". The API token is wrong, expired or deleted; create one with role api at " + page;
    }

    static String hintBadRole(String page) {
        return ". The token needs role api (or all) and no repository scope; create one at " + page;
    }

    static String hintInactive() {
        return ". The account is inactive; ask the server's admin";
    }

    /** @param repo the repository to limit it to, or null */
    static String tokenPageInstructions(String role, String repo) {
        return "create a token with role " + role + (repo != null ? " (limit it to " + repo + " if your edition offers it)"
                : "");
    }

    // ---- .rhoderc -----------------------------------------------------------------------

    /** Where in the file: "~/.rhoderc: line 3: ", what the messages below start with. */
    static String at(String source, int line) {
        return source + ": line " + line + ": ";
    }

    static String rhodercNotText(String file) {
        return file + " is not a text file (not UTF-8); is it really a .rhoderc?";
    }

    static String rhodercIndented(String at) {
        return at + "an indented line (a continuation line); write each key = value at the start of its own line";
    }

    static String rhodercUnclosedSection(String at) {
        return at + "a section header without a closing ]";
    }

    static String rhodercSectionTwice(String at, String section, int firstLine) {
        return at + "section [" + section + "] appears a second time (first on line " + firstLine + ")";
    }

    static String rhodercNotKeyValue(String at) {
        return at + "a line that is neither a [section] nor key = value";
    }

    static String rhodercKeyOutsideSection(String at) {
        return at + "key = value before the first [section]; start the file with [instance:NAME]";
    }

    static String rhodercKeyTwice(String at, String key, String section) {
        return at + "key " + key + " appears a second time in [" + section + "]";
    }

    static String rhodercInstanceUnnamed(String at) {
        return at + "[instance:] has no name; write [instance:NAME]";
    }

    static String rhodercNoHost(String at, String section) {
        return at + "[" + section + "] has no api_host; add api_host = https://rhodecode.example.com";
    }

    static String rhodercNoKey(String at, String section) {
        return at + "[" + section + "] has no api_key; add api_key = <a token with role api>";
    }

    static String rhodercKeyUnusable(String at, String why) {
        return at + "api_key is not a usable token (" + why + ")";
    }

    /** @param at where api_host is ({@link #at}) */
    static String rhodercHostNotUrl(String at) {
        return at + "api_host is not a valid URL; write it like https://rhodecode.example.com";
    }

    static String rhodercHostScheme(String at) {
        return at + "api_host must start with https:// (or http://)";
    }

    static String rhodercHostNoHost(String at) {
        return at + "api_host has no host name";
    }

    static String rhodercHostUserInfo(String at) {
        return at + "api_host contains user:password@; remove it (the api_key is the credential)";
    }

    static String rhodercHostQuery(String at) {
        return at + "api_host must not contain ? or #";
    }

    /** A caller's mistake: a value set for a field the form does not have. */
    static String formHasNoField(String name) {
        return "the form has no field " + name;
    }

    static String detectedByLoginPage() {
        return "its login page /_admin/login loads RhodeCode's static files";
    }
}
