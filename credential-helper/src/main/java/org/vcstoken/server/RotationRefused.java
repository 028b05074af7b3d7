package org.vcstoken.server;

/**
 * The server answered a rotate request with a refusal and kept the old token valid (e.g. GitLab's
 * 400 "not rotated" or 403): unlike a request that got no answer, it is safe to try again later.
 */
public final class RotationRefused extends ServerException {
    public RotationRefused(String message) {
        super(message);
    }
}
