package org.vcstoken.sandbox.auth;

import org.vcstoken.sandbox.store.RepoType;

/**
 * A request recognised as VCS traffic: the kind, the repository name as written in the URL
 * (possibly {@code _<id>}), whether it pushes, and for git the service suffix
 * ({@code /info/refs}, {@code /git-upload-pack}, ...; empty for hg and svn).
 */
public record VcsRequest(RepoType type, String repoName, boolean push, String gitSuffix) {}
