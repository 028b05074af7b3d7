package org.vcstoken.sandbox.store;

/**
 * A refused seeding or API operation; the message is what the JSON-RPC API puts into
 * {@code error} and what the Java API throws, so it names the bad value.
 */
public final class SandboxException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public SandboxException(String message) {
    super(message);
  }
}
