package org.vcstoken.sandbox.forgejo;

/** A token just created through the Java API: its id and its secret (shown once, as by the forge). */
public record IssuedForgeToken(long id, String name, String secret) {
  @Override
  public String toString() {
    return "IssuedForgeToken[id=" + id + ", name=" + name + ", secret=****]";
  }
}
