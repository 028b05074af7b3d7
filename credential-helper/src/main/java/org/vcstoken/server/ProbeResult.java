package org.vcstoken.server;

/** What the server said to a token on a cheap authenticated request. */
public enum ProbeResult {
    /** The token opens the repository (or the server, when no repository was named). */
    ACCEPTED,
    /** 401: wrong, expired, deleted, wrong user, wrong role or wrong scope. */
    REJECTED,
    /** 403: the token is good but the account may not do this. */
    FORBIDDEN,
    /** 404: no such repository (RhodeCode answers this before checking credentials). */
    NOT_FOUND
}
