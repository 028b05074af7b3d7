package org.vcstoken.sandbox.store;

/** An account; {@code passwordHash} is salted SHA-256 (the sandbox never keeps plain passwords). */
public record User(long id, String username, String email, String salt, String passwordHash,
    boolean active, boolean admin) {

  User withActive(boolean value) {
    return new User(id, username, email, salt, passwordHash, value, admin);
  }

  User withPassword(String newSalt, String newHash) {
    return new User(id, username, email, newSalt, newHash, active, admin);
  }

  User withEmail(String value) {
    return new User(id, username, value, salt, passwordHash, active, admin);
  }
}
