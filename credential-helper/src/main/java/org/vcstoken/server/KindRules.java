package org.vcstoken.server;

import java.time.Duration;

/**
 * A family's defaults and limits, as data rather than {@code if} chains across the code.
 *
 * @param defaultLifetime   lifetime of the tokens vcstoken creates when the profile names none
 * @param maxLifetime       the longest lifetime the forge accepts, or {@code null} for no limit
 * @param maxLifetimeReason why, for the message that refuses a longer one (e.g. "GitLab caps
 *                          token lifetimes at 365 days")
 * @param enforcesExpiry    the forge keeps tokens forever, so the expiry is vcstoken's own: it
 *                          never hands a token out past it and deletes the token it replaces
 * @param ignoresUsername   the forge ignores the Basic user name for tokens; answers carry the
 *                          profile's user and a request's user name does not narrow the choice
 * @param scopesRepositories whether tokens can be limited to one repository at all
 * @param defaultRealm      the Basic realm the forge's VCS endpoints announce by default, for
 *                          svn's credential cache; {@code null} when it serves no svn
 */
public record KindRules(Duration defaultLifetime, Duration maxLifetime, String maxLifetimeReason,
        boolean enforcesExpiry, boolean ignoresUsername, boolean scopesRepositories, String defaultRealm) {

    /** Whether {@code lifetime} (null: never expires) is more than the forge accepts. */
    public boolean exceedsMaximum(Duration lifetime) {
        return maxLifetime != null && (lifetime == null || lifetime.compareTo(maxLifetime) > 0);
    }
}
