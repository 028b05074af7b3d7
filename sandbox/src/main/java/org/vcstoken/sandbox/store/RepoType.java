package org.vcstoken.sandbox.store;

import java.util.Locale;

/** The three repository kinds RhodeCode serves. */
public enum RepoType {
  GIT, HG, SVN;

  /** RhodeCode's spelling: {@code git}, {@code hg}, {@code svn}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses RhodeCode's spelling; the message names the bad value. */
  public static RepoType parse(String value) {
    if (value != null) {
      for (RepoType t : values()) {
        if (t.wireName().equals(value)) {
          return t;
        }
      }
    }
    throw new SandboxException("repo_type must be one of git, hg, svn, got `" + value + "`");
  }
}
