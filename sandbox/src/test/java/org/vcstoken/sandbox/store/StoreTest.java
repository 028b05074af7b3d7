package org.vcstoken.sandbox.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {
  @TempDir
  Path dir;

  private final SandboxClock clock =
      new SandboxClock(Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC));

  @Test
  void tokensAre40LowercaseHexWithFloatExpiry() throws IOException {
    Store s = Store.open(dir, clock);
    User u = s.createUser("alice", "pw", "a@x", true, false);
    Token t = s.addToken(u.id(), Roles.VCS, 60, "d", null);
    assertThat(t.value()).matches("[0-9a-f]{40}");
    assertThat(t.expires()).isEqualTo(Instant.parse("2030-01-01T01:00:00Z").getEpochSecond(), org.assertj.core.data.Offset.offset(0.001));
    assertThat(s.addToken(u.id(), Roles.VCS, -1, "d", null).expires()).isEqualTo(-1.0);
  }

  @Test
  void expiryFollowsTheSettableClock() throws IOException {
    Store s = Store.open(dir, clock);
    User u = s.createUser("alice", "pw", "a@x", true, false);
    Token t = s.addToken(u.id(), Roles.VCS, 5, "d", null);
    assertThat(t.expiredAt(clock.epochSeconds())).isFalse();
    clock.setTime(Instant.parse("2030-01-01T00:05:01Z"));
    assertThat(t.expiredAt(clock.epochSeconds())).isTrue();
  }

  @Test
  void stateSurvivesReopening() throws IOException {
    Store s = Store.open(dir, clock);
    User u = s.createUser("alice", "pw", "a@x", true, false);
    Repo r = s.createRepo("g/r", RepoType.GIT, u.id(), "");
    Token t = s.addToken(u.id(), Roles.ALL, -1, "d", r.id());
    s.grant(r.id(), u.id(), Perm.READ);

    Store again = Store.open(dir, clock);
    assertThat(again.findTokenByValue(t.value())).contains(t);
    assertThat(again.findRepoByName("g/r")).contains(r);
    assertThat(again.passwordMatches(again.findUserByName("alice").orElseThrow(), "pw")).isTrue();
    assertThat(again.explicitGrant(r.id(), u.id())).contains(Perm.READ);
    assertThat(again.createUser("bob", "pw", "b@x", true, false).id()).isGreaterThan(u.id());
  }

  @Test
  void corruptStateIsReportedAndLeftInPlace() throws IOException {
    Files.writeString(dir.resolve("state.json"), "{not json");
    assertThatThrownBy(() -> Store.open(dir, clock)).hasMessageContaining("state.json");
    assertThat(Files.readString(dir.resolve("state.json"))).isEqualTo("{not json");
  }

  @Test
  void repoNamesAreValidatedAndCannotBeGroupsOfEachOther() throws IOException {
    Store s = Store.open(dir, clock);
    User u = s.createUser("alice", "pw", "a@x", true, false);
    s.createRepo("a/b", RepoType.GIT, u.id(), "");
    assertThatThrownBy(() -> s.checkRepoNameFree("a")).hasMessageContaining("group");
    assertThatThrownBy(() -> s.checkRepoNameFree("a/b/c")).hasMessageContaining("group");
    assertThatThrownBy(() -> s.checkRepoNameFree("a/b")).hasMessageContaining("already exists");
    for (String bad : new String[] {"", "../x", "a//b", "x/", "_1", "r.git", "a b"}) {
      assertThatThrownBy(() -> Store.validateRepoName(bad)).as(bad).isInstanceOf(SandboxException.class);
    }
  }

  @Test
  void permissionsOwnerAdminExplicitThenDefault() throws IOException {
    Store s = Store.open(dir, clock);
    User def = s.createUser(Store.DEFAULT_USER, null, "anon@x", true, false);
    User owner = s.createUser("owner", "pw", "o@x", true, false);
    User admin = s.createUser("root", "pw", "r@x", true, true);
    User bob = s.createUser("bob", "pw", "b@x", true, false);
    Repo r = s.createRepo("r", RepoType.GIT, owner.id(), "");
    assertThat(s.permission(owner, r)).isEqualTo(Perm.ADMIN);
    assertThat(s.permission(admin, r)).isEqualTo(Perm.ADMIN);
    assertThat(s.permission(bob, r)).isEqualTo(Perm.NONE);
    s.grant(r.id(), def.id(), Perm.READ);
    assertThat(s.permission(bob, r)).isEqualTo(Perm.READ);
    s.grant(r.id(), bob.id(), Perm.NONE);
    assertThat(s.permission(bob, r)).isEqualTo(Perm.NONE);
  }
}
