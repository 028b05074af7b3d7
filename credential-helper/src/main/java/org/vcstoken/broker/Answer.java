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
 */
public record Answer(String username, Secret secret, Instant expires, String tokenId) {
}
