package org.vcstoken.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.sandbox.GlApi.Reply;
import org.vcstoken.sandbox.gitlab.GitLabOptions;
import org.vcstoken.sandbox.gitlab.GitLabSandbox;

/** Seeding through GitLab's own admin API, and through the Java API. */
class GitLabAdminApiTest {
  @TempDir
  static Path data;
  static GitLabSandbox gl;
  static String admin;

  @BeforeAll
  static void start() throws IOException {
    gl = GitLabSandbox.start(GitLabOptions.defaults(data));
    admin = gl.adminToken();
  }

  @AfterAll
  static void stop() {
    if (gl != null) {
      gl.close();
    }
  }

  private static Reply newUser(String username) {
    return GlApi.post(gl, "/users", admin, Map.of("email", username + "@example.test", "name", username,
        "username", username, "password", username + "-password"));
  }

  private static String tokenOf(String username) {
    return gl.addPersonalToken(username, "api", List.of("api"), null).token();
  }

  @Test
  void theAdministratorCreatesUsersAndDuplicatesAre409() {
    Reply r = newUser("uma");
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.text("username")).isEqualTo("uma");
    assertThat(r.json().get("is_admin").asBoolean()).isFalse();
    assertThat(newUser("uma").message()).isEqualTo("Email has already been taken");
    Reply sameName = GlApi.post(gl, "/users", admin, Map.of("email", "other@example.test", "name", "x",
        "username", "UMA", "password", "long-enough"));
    assertThat(sameName.status()).isEqualTo(409);
    assertThat(sameName.message()).isEqualTo("Username has already been taken");
    Reply missing = GlApi.post(gl, "/users", admin, Map.of("username", "v"));
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.error()).isEqualTo("email is missing, name is missing, password, reset_password, "
        + "force_random_password are missing, at least one parameter must be provided");
    Reply shortPassword = GlApi.post(gl, "/users", admin, Map.of("email", "w@example.test", "name", "w",
        "username", "w", "password", "short"));
    assertThat(shortPassword.json().get("message").get("password").get(0).asText())
        .isEqualTo("is too short (minimum is 8 characters)");
  }

  @Test
  void onlyAdministratorsUseTheAdminEndpoints() {
    newUser("nick");
    String nick = tokenOf("nick");
    Reply users = GlApi.post(gl, "/users", nick, Map.of("email", "z@example.test", "name", "z", "username", "z",
        "password", "long-enough"));
    assertThat(users.status()).isEqualTo(403);
    assertThat(users.message()).isEqualTo("403 Forbidden");
    assertThat(GlApi.post(gl, "/users/" + gl.userId("nick") + "/personal_access_tokens", nick,
        Map.of("name", "x", "scopes", List.of("api"))).status()).isEqualTo(403);
    assertThat(GlApi.post(gl, "/projects/user/" + gl.userId("nick"), nick, Map.of("name", "p")).status())
        .isEqualTo(403);
    assertThat(GlApi.post(gl, "/groups", nick, Map.of("name", "g", "path", "g")).status()).isEqualTo(403);
  }

  @Test
  void usersCreateProjectsInTheirNamespaceAsOwner() {
    newUser("olga");
    String olga = tokenOf("olga");
    Reply p = GlApi.post(gl, "/projects", olga, Map.of("name", "tool", "visibility", "internal"));
    assertThat(p.status()).isEqualTo(201);
    assertThat(p.text("path_with_namespace")).isEqualTo("olga/tool");
    assertThat(p.text("visibility")).isEqualTo("internal");
    assertThat(p.text("vcs_type")).isEqualTo("git");
    assertThat(p.json().get("permissions").get("project_access").get("access_level").asInt()).isEqualTo(50);
    assertThat(GlApi.post(gl, "/projects", olga, Map.of()).error())
        .isEqualTo("name, path are missing, at least one parameter must be provided");
    assertThat(GlApi.post(gl, "/projects", olga, Map.of("name", "tool")).status()).isEqualTo(400);
  }

  @Test
  void theAdministratorCreatesProjectsForUsersAndInGroups() {
    newUser("pia");
    Reply forUser = GlApi.post(gl, "/projects/user/" + gl.userId("pia"), admin, Map.of("name", "svc"));
    assertThat(forUser.text("path_with_namespace")).isEqualTo("pia/svc");
    assertThat(GlApi.post(gl, "/projects/user/999999", admin, Map.of("name", "svc")).message())
        .isEqualTo("404 User Not Found");

    Reply group = GlApi.post(gl, "/groups", admin, Map.of("name", "Team", "path", "team"));
    assertThat(group.status()).isEqualTo(201);
    Reply sub = GlApi.post(gl, "/groups", admin, Map.of("name", "Sub", "path", "sub", "parent_id", group.id()));
    assertThat(sub.text("full_path")).isEqualTo("team/sub");
    Reply inGroup = GlApi.post(gl, "/projects", admin, Map.of("name", "lib", "namespace_id", "team/sub"));
    assertThat(inGroup.text("path_with_namespace")).isEqualTo("team/sub/lib");
    assertThat(inGroup.json().get("namespace").get("kind").asText()).isEqualTo("group");
    String pia = tokenOf("pia");
    assertThat(GlApi.post(gl, "/projects", pia, Map.of("name", "x", "namespace_id", sub.id())).message())
        .isEqualTo("404 Namespace Not Found");
  }

  @Test
  void maintainersAddMembersWithARole() {
    newUser("quin");
    newUser("rex");
    newUser("sam");
    gl.createProject("quin/app", "git", "quin", "private");
    String quin = tokenOf("quin");
    Reply m = GlApi.post(gl, "/projects/quin%2Fapp/members", quin, Map.of("user_id", gl.userId("rex"),
        "access_level", 30));
    assertThat(m.status()).isEqualTo(201);
    assertThat(m.text("username")).isEqualTo("rex");
    assertThat(m.json().get("access_level").asInt()).isEqualTo(30);
    Reply again = GlApi.post(gl, "/projects/quin%2Fapp/members", quin, Map.of("user_id", gl.userId("rex"),
        "access_level", 40));
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.message()).isEqualTo("Member already exists");
    String rex = tokenOf("rex");
    assertThat(GlApi.post(gl, "/projects/quin%2Fapp/members", rex, Map.of("user_id", gl.userId("sam"),
        "access_level", 20)).status()).isEqualTo(403);
    assertThat(GlApi.post(gl, "/projects/quin%2Fapp/members", quin, Map.of("user_id", gl.userId("sam"),
        "access_level", 42)).error()).isEqualTo("access_level does not have a valid value");
  }

  @Test
  void theAdministratorCreatesPersonalTokensForUsers() {
    newUser("tia");
    Reply t = GlApi.post(gl, "/users/" + gl.userId("tia") + "/personal_access_tokens", admin,
        Map.of("name", "ci", "scopes", "read_repository,write_repository", "expires_at", gl.today().plusDays(30).toString()));
    assertThat(t.status()).isEqualTo(201);
    assertThat(t.json().get("scopes")).hasSize(2);
    assertThat(t.text("expires_at")).isEqualTo(gl.today().plusDays(30).toString());
    assertThat(gl.personalTokens("tia")).singleElement().satisfies(v -> {
      assertThat(v.active()).isTrue();
      assertThat(v.scopes()).containsExactly("read_repository", "write_repository");
    });
    assertThat(GlApi.post(gl, "/users/" + gl.userId("tia") + "/personal_access_tokens", admin,
        Map.of("name", "ci", "scopes", List.of("everything"))).error()).isEqualTo("scopes does not have a valid value");
  }

  @Test
  void theJavaApiRefusesBadSeedingWithAClearMessage() {
    gl.createUser("vera", "vera-password");
    assertThatThrownBy(() -> gl.createUser("vera", "x")).hasMessage("Username has already been taken");
    assertThatThrownBy(() -> gl.createProject("vera/app", "svn", "vera", "private"))
        .hasMessageContaining("vcs_type must be git or hg, got `svn`");
    assertThatThrownBy(() -> gl.createProject("vera/app", "git", "vera", "secret"))
        .hasMessageContaining("visibility must be private, internal or public, got `secret`");
    assertThatThrownBy(() -> gl.createProject("solo", "git", "vera", "private"))
        .hasMessageContaining("namespace/project");
    gl.createProject("vera/app", "git", "vera", "private");
    assertThatThrownBy(() -> gl.createProject("vera/app", "git", "vera", "private"))
        .hasMessageContaining("path has already been taken");
    assertThatThrownBy(() -> gl.addMember("vera/app", "nobody", 30)).hasMessage("user `nobody` does not exist");
    assertThatThrownBy(() -> gl.addMember("vera/app", "vera", 33)).hasMessageContaining("got 33");
    assertThatThrownBy(() -> gl.addPersonalToken("vera", "t", List.of("api"), gl.today().plusDays(366)))
        .hasMessage("Expiration date must be before " + gl.today().plusDays(365));
    assertThatThrownBy(() -> gl.addPersonalToken("vera", "", List.of("api"), null)).hasMessage("Name can't be blank");
  }

  @Test
  void personalTokensListRevokedAndExpiredTokensForServerSideAssertions() {
    gl.createUser("will", "will-password");
    var live = gl.addPersonalToken("will", "live", List.of("api"), null);
    var gone = gl.addPersonalToken("will", "gone", List.of("api"), null);
    gl.revokeToken(gone.id());
    var old = gl.addPersonalToken("will", "old", List.of("api"), LocalDate.parse("2001-01-01"));
    assertThat(gl.personalTokens("will")).extracting(v -> v.name() + ":" + v.revoked() + ":" + v.active())
        .containsExactly("live:false:true", "gone:true:false", "old:false:false");
    assertThat(live.toString()).doesNotContain(live.token());
    assertThat(old.expiresAt()).isEqualTo(LocalDate.parse("2001-01-01"));
  }
}
