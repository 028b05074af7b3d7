package org.vcstoken.sandbox.gitlab;

/** A direct project membership with GitLab's access level (10 Guest … 50 Owner). */
record GlMember(long projectId, long userId, int accessLevel, long createdAt) {}
