package org.vcstoken.broker;

import java.time.Instant;
import org.vcstoken.token.Secret;

/**
 * A credential handed to a client.
 *
 * @param username user name to send
 * @param secret   the token
 * @param expires  when it stops working, or {@code null} for never (git gets it as password_expiry_utc)
 * @param tokenId  the stored token it came from
 * @param renewDue the token is inside its renew window: the front door renews it where the
 *                 server's family can without a person, or tells the user (see
 *                 {@code org.vcstoken.renew.Renewal})
 */
public record Answer(String username, Secret secret, Instant expires, String tokenId, boolean renewDue) {
    /** An answer whose token is not due for renewal. */
    public Answer(String username, Secret secret, Instant expires, String tokenId) {
        this(username, secret, expires, tokenId, false);
    }
}
