/**
 * vcstoken for JGit: {@link org.vcstoken.jgit.VcstokenCredentialsProvider}. Nothing outside this
 * package and {@code vcstoken clone} touches JGit, so the git credential helper never loads it.
 */
package org.vcstoken.jgit;
