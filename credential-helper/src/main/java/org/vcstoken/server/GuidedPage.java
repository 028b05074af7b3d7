package org.vcstoken.server;

import java.net.URI;

/**
 * The page where a person creates a token by hand, and what to choose there.
 *
 * @param uri          the page, prefilled where the forge allows it
 * @param instructions one sentence: what to create there, e.g. "create a token with role VCS"
 */
public record GuidedPage(URI uri, String instructions) {
}
