package org.vcstoken.server.gitlab;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What vcstoken keeps of a GitLab token in the store's {@code server_id}, opaque to the rest of
 * vcstoken: its token id, and for a project access token the project's id, because GitLab
 * rotates and revokes those only under their project ({@code project/12/345}); a personal
 * access token (fine-grained ones too) is {@code personal/345}. Ids, never paths: a project
 * may be renamed or moved.
 *
 * @param projectId the project of a project access token, {@code null} for a personal one
 * @param tokenId   GitLab's id of the token
 */
record GitLabTokenId(Long projectId, long tokenId) {
    private static final Pattern PROJECT = Pattern.compile("project/(\\d{1,18})/(\\d{1,18})");
    private static final Pattern PERSONAL = Pattern.compile("personal/(\\d{1,18})");

    static GitLabTokenId personal(long tokenId) {
        return new GitLabTokenId(null, tokenId);
    }

    static GitLabTokenId project(long projectId, long tokenId) {
        return new GitLabTokenId(projectId, tokenId);
    }

    /** The id in a stored {@code server_id}; empty for none or one vcstoken did not write. */
    static Optional<GitLabTokenId> parse(String serverId) {
        if (serverId == null) {
            return Optional.empty();
        }
        Matcher m = PROJECT.matcher(serverId);
        if (m.matches()) {
            return Optional.of(project(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
        }
        m = PERSONAL.matcher(serverId);
        if (m.matches()) {
            return Optional.of(personal(Long.parseLong(m.group(1))));
        }
        return Optional.empty();
    }

    boolean isProjectToken() {
        return projectId != null;
    }

    /** The {@code server_id} to store. */
    String format() {
        return projectId == null ? "personal/" + tokenId : "project/" + projectId + "/" + tokenId;
    }

    @Override
    public String toString() {
        return format();
    }
}
