package org.vcstoken.prompt;

import java.util.Optional;

/** Reads one git configuration value; empty when it is not set or git cannot tell. */
interface GitSettings {
    Optional<String> get(String key);
}
