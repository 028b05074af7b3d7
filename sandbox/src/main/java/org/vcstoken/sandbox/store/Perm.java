package org.vcstoken.sandbox.store;

/** Repository permission levels, ordered weakest first. */
public enum Perm {
  NONE("repository.none"), READ("repository.read"), WRITE("repository.write"), ADMIN("repository.admin");

  private final String wireName;

  Perm(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public boolean allows(boolean push) {
    return push ? compareTo(WRITE) >= 0 : compareTo(READ) >= 0;
  }

  public static Perm parse(String value) {
    for (Perm p : values()) {
      if (p.wireName.equals(value)) {
        return p;
      }
    }
    throw new SandboxException("permission does not exist: `" + value + "`");
  }
}
