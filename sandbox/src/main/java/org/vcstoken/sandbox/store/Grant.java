package org.vcstoken.sandbox.store;

/** An explicit user permission on one repository. */
public record Grant(long repoId, long userId, Perm perm) {}
