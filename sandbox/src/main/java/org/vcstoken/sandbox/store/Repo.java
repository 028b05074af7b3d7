package org.vcstoken.sandbox.store;

/** A repository; {@code name} may contain groups ({@code group/sub/repo}). */
public record Repo(long id, String name, RepoType type, long ownerId, String description) {}
