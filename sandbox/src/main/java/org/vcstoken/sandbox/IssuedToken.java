package org.vcstoken.sandbox;

/**
 * A token the sandbox created: its id, the 40-hex secret and its expiry as RhodeCode stores
 * it (float epoch seconds, -1 = never).
 */
public record IssuedToken(long id, String token, double expires) {
  @Override
  public String toString() {
    return "IssuedToken[id=" + id + ", token=" + token.substring(0, Math.min(4, token.length()))
        + "****, expires=" + expires + "]";
  }
}
