package org.vcstoken.git;

import java.util.Map;
import java.util.Optional;

/**
 * One message of git's credential protocol: the scalar attributes, last value winning as in git.
 * List attributes ({@code wwwauth[]}, {@code capability[]}) and unknown keys are dropped: this
 * helper needs none of them, and the protocol says to ignore what one does not understand.
 */
public record CredentialMessage(Map<String, String> attributes) {
    public CredentialMessage {
        attributes = Map.copyOf(attributes);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(attributes.get(key));
    }
}
