package org.vcstoken.server.forgejo;

import java.time.Duration;
import org.vcstoken.server.KindRules;

/**
 * Forgejo or Gitea: one token API (Forgejo is a soft fork of Gitea), with the differences as
 * data rather than {@code if}s across the family (FORGES.md §2, §3).
 */
enum Flavor {
    /** Repository-specific tokens (the {@code repositories} field, Forgejo v15); OTP header of its own. */
    FORGEJO("forgejo", "Forgejo", "X-Forgejo-OTP", true),
    /** Tokens act on every repository of the account (gitea#28649). */
    GITEA("gitea", "Gitea", "X-Gitea-OTP", false);

    final String id;
    final String displayName;
    /** The header validateTOTP reads after a password login (Forgejo also reads X-Gitea-OTP). */
    final String otpHeader;
    /** Whether {@code POST /users/{u}/tokens} may carry {@code repositories: [{owner, name}]}. */
    final boolean repositoryTokens;
    final KindRules rules;

    Flavor(String id, String displayName, String otpHeader, boolean repositoryTokens) {
        this.id = id;
        this.displayName = displayName;
        this.otpHeader = otpHeader;
        this.repositoryTokens = repositoryTokens;
        // No maximum (the forge has no expiry at all), vcstoken enforces the expiry, the Basic user
        // name is ignored for tokens (basic.go), repository limits on Forgejo only, no svn.
        // The lifetime is vcstoken's own (90 days): long enough not to nag, short enough that a
        // forgotten token does not stay valid for years.
        this.rules = new KindRules(Duration.ofDays(90), null, null, true, true, repositoryTokens, null);
    }
}
