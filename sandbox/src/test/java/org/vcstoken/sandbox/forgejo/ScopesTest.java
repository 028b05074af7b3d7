package org.vcstoken.sandbox.forgejo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** models/auth/access_token_scope.go: parsing, normalising, checking. */
class ScopesTest {
  @Test
  void writeIncludesReadSoBothNormaliseToWrite() throws Exception {
    assertThat(Scopes.normalize(List.of("read:repository", "write:repository"), Flavor.GITEA))
        .isEqualTo("write:repository");
    assertThat(Scopes.normalize(List.of("read:user", "read:repository"), Flavor.FORGEJO))
        .isEqualTo("read:repository,read:user");
  }

  @Test
  void everyWriteScopeIsAllAndPublicOnlyStaysFirst() throws Exception {
    List<String> writes = java.util.Arrays.stream(Scopes.CATEGORIES).map(c -> "write:" + c).toList();
    assertThat(Scopes.normalize(writes, Flavor.GITEA)).isEqualTo("all");
    assertThat(Scopes.normalize(List.of("all", "public-only"), Flavor.GITEA)).isEqualTo("public-only,all");
  }

  @Test
  void emptyItemsAreSkippedAndUnknownScopesRefusedWithTheForgesText() throws Exception {
    assertThat(Scopes.normalize(List.of("", "read:issue", ""), Flavor.GITEA)).isEqualTo("read:issue");
    assertThat(Scopes.normalize(List.of(), Flavor.GITEA)).isEmpty();
    assertThatThrownBy(() -> Scopes.normalize(List.of("repo"), Flavor.FORGEJO))
        .hasMessage("invalid access token scope: repo");
  }

  @Test
  void forgejoSkipsTheLegacySudoScopeWhileGiteaRefusesIt() throws Exception {
    assertThat(Scopes.normalize(List.of("sudo", "read:user"), Flavor.FORGEJO)).isEqualTo("read:user");
    assertThatThrownBy(() -> Scopes.normalize(List.of("sudo"), Flavor.GITEA))
        .hasMessage("invalid access token scope: sudo");
  }

  @Test
  void hasChecksBitsSoWriteGrantsReadButNotTheReverse() {
    assertThat(Scopes.has("write:repository", "read:repository", Flavor.GITEA)).isTrue();
    assertThat(Scopes.has("read:repository", "write:repository", Flavor.GITEA)).isFalse();
    assertThat(Scopes.has("all", "write:user", Flavor.GITEA)).isTrue();
    assertThat(Scopes.has("all", "public-only", Flavor.GITEA)).isFalse();
    assertThat(Scopes.publicOnly("public-only,read:repository", Flavor.FORGEJO)).isTrue();
  }
}
