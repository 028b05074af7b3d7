package org.vcstoken.server;

/** Which client asked: decides the cheap authenticated request used to check a token. */
public enum VcsType {
    /** probe: GET {repo}/info/refs?service=git-upload-pack */
    GIT,
    /** probe: GET {repo}?cmd=capabilities with Accept: application/mercurial-0.1 */
    HG,
    /** probe: OPTIONS {repo} with a DAV request body */
    SVN
}
