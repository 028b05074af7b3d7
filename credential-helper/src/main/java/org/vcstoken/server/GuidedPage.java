package org.vcstoken.server;

import java.net.URI;

/**
 * The page where a person creates a token by hand, and what to choose there.
 *
 * @param uri                 the page, prefilled where the forge allows it
 * @param instructions        one sentence: what to create there, e.g. "create a token with role VCS"
 * @param limitsToRepository  whether a token made on this page can be limited to one repository
 *                            (then the person is asked whether they did)
 */
public record GuidedPage(URI uri, String instructions, boolean limitsToRepository) {
    /** A page whose tokens can be limited to a repository. */
    public GuidedPage(URI uri, String instructions) {
        this(uri, instructions, true);
    }
}
